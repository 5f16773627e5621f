import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { HealthCheck, HealthResponse } from '@jiebang/contracts';
import { JobsService } from '../jobs/jobs.service';
import { SearchEngine } from '../search/search-engine.port';
import { RuntimeInfo } from '../app/runtime-info';
import { Public } from '../auth/auth.decorators';

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

/** Liveness and readiness of the platform's three services (ARCHITECTURE practice 9). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: SearchEngine,
    private readonly jobs: JobsService,
    private readonly runtime: RuntimeInfo,
  ) {}

  /** `GET /api/v1/health` → `HealthResponse`; HTTP 200 when database, search and queue are up, else 503. */
  @Get()
  @ApiOperation({ summary: '健康检查: database, search, queue' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const [database, search, queue] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1'), this.runtime.databaseMode),
      probe(() => this.engine.ping(), this.runtime.meiliMode),
      probe(() => this.jobs.ping(), this.jobs.mode),
    ]);
    const ok = [database, search, queue].every((c) => c.status === 'up');
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'error', checks: { database, search, queue } };
  }
}
