import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthCheck, HealthResponse } from '@jiebang/contracts';
import { JobsService } from '../jobs/jobs.service';
import { SearchEngine } from '../search/search-engine.port';
import { RuntimeInfo } from '../app/runtime-info';

/** Runs one check with a 3 s limit. */
async function probe(fn: () => Promise<unknown>, mode: string): Promise<HealthCheck> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('timeout after 3000 ms')), 3000))),
    ]);
    return { status: 'up', mode };
  } catch (e) {
    return { status: 'down', mode, error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Probes the platform's three services (ARCHITECTURE practice 9): database, search, queue. */
@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: SearchEngine,
    private readonly jobs: JobsService,
    private readonly runtime: RuntimeInfo,
  ) {}

  /** Each service's check (3 s limit each, run in parallel); `status` `ok` when all three are up, else `error`. */
  async check(): Promise<HealthResponse> {
    const [database, search, queue] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1'), this.runtime.databaseMode),
      probe(() => this.engine.ping(), this.runtime.meiliMode),
      probe(() => this.jobs.ping(), this.jobs.mode),
    ]);
    const ok = [database, search, queue].every((c) => c.status === 'up');
    return { status: ok ? 'ok' : 'error', checks: { database, search, queue } };
  }
}
