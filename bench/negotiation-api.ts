/**
 * An API process of the negotiation benchmark (forked by `negotiation.bench.ts`, one per API process): boots the
 * real application (`createApplication`, with `REDIS_URL`, so the socket.io Redis adapter is on) on the
 * coordinator's PostgreSQL, Meilisearch and Redis, listens on a free port on 127.0.0.1, and answers the
 * coordinator over IPC: `sign` (a session and its access token for each user, `SessionsService.start`, as a login), `timeline-start` (start
 * the event-loop/GC probe), `probe` (its report, the sockets it holds, warnings and errors), `stop`.
 * Configuration comes in `BENCH_NEGOTIATION_API` (JSON: endpoints, token secret, label).
 */
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, In } from 'typeorm';
import { createApplication } from '../apps/api/src/app/bootstrap';
import { SessionsService } from '../apps/api/src/auth/sessions.service';
import { UserEntity } from '../apps/api/src/auth/user.entity';
import { loadConfig } from '../apps/api/src/config/env.config';
import { NegotiationsGateway } from '../apps/api/src/negotiations/negotiations.gateway';
import type { ServiceEndpoints } from '../apps/api/src/runtime/runtime';
import { CPU_PROF_DIR, LoopProbe, nowMs, ProbeCommand, ProcessProbe } from './negotiation-common';

export const API_ENV = 'BENCH_NEGOTIATION_API';

export interface ApiInit {
  endpoints: ServiceEndpoints;
  jwtSecret: string;
  label: string;
}
export type ToApi = ProbeCommand | { type: 'sign'; userIds: string[] };
export type FromApi =
  | { type: 'ready'; url: string }
  | { type: 'failed'; error: string }
  | { type: 'signed'; tokens: string[] }
  | { type: 'probe'; probe: ProcessProbe; sockets: number; warnings: number; errors: number };

/** Nest logger that counts warnings and errors and prints only the first few. */
export class CountingLogger extends ConsoleLogger {
  warnings = 0;
  errors = 0;
  override warn(message: unknown, ...optionalParams: unknown[]): void {
    this.warnings += 1;
    if (this.warnings <= 5) super.warn(message, ...optionalParams);
    else if (this.warnings === 6) super.warn('further warnings counted, not printed');
  }
  override error(message: unknown, ...optionalParams: unknown[]): void {
    this.errors += 1;
    if (this.errors <= 5) super.error(message, ...optionalParams);
    else if (this.errors === 6) super.error('further errors counted, not printed');
  }
}

/** Both API processes use the same explicit configuration (and token secret) on the same services. */
const appConfig = (jwtSecret: string) =>
  loadConfig({
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    MEILI_INDEX_PREFIX: 'benchneg_',
    QUEUE_PREFIX: 'benchneg',
    JWT_SECRET: jwtSecret,
  });

/** The node-postgres pool behind the app's TypeORM `DataSource`. */
const poolOf = (app: INestApplication) =>
  (app.get(DataSource).driver as unknown as { master: { waitingCount: number } }).master;

async function apiProcess(): Promise<void> {
  const init = JSON.parse(process.env[API_ENV] as string) as ApiInit;
  const send = (m: FromApi) => process.send?.(m);
  const logger = new CountingLogger({ logLevels: ['error', 'warn'] });
  let app: INestApplication | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app?.close().catch(() => undefined);
    process.exit(0); // writes the --cpu-prof profile, when asked for
  };
  process.on('disconnect', () => void stop()); // the coordinator went away
  try {
    app = await createApplication(appConfig(init.jwtSecret), init.endpoints, logger);
    await app.listen(0, '127.0.0.1');
    const gateway = app.get(NegotiationsGateway);
    const sessions = app.get(SessionsService);
    const pool = poolOf(app);
    const probe = new LoopProbe(init.label, () => pool.waitingCount);
    process.on('message', (m: ToApi) => {
      if (m.type === 'timeline-start') {
        probe.start(m.origin, m.windowStartAt);
        // The measured window on the profile's clock (monotonic µs), to read only that part of the profile.
        const hrUs = (at: number) => Math.round(Number(process.hrtime.bigint() / 1000n) + (at - nowMs()) * 1000);
        if (CPU_PROF_DIR)
          writeFileSync(
            join(CPU_PROF_DIR, `${init.label.replace(/\W+/g, '_')}.window.json`),
            JSON.stringify({ originUs: hrUs(m.origin), windowStartUs: hrUs(m.windowStartAt), endUs: hrUs(m.endAt) }),
          );
      } else if (m.type === 'sign')
        void (async () => {
          // A real login's session and access token for each user (`SessionsService.start`): sockets need both.
          const users = await app
            ?.get(DataSource)
            .getRepository(UserEntity)
            .findBy({ id: In(m.userIds) });
          const byId = new Map((users ?? []).map((u) => [u.id, u]));
          const tokens: string[] = [];
          for (const id of m.userIds) tokens.push((await sessions.start(byId.get(id) as UserEntity, null)).accessToken);
          send({ type: 'signed', tokens });
        })().catch((e: Error) => send({ type: 'failed', error: e.stack ?? String(e) }));
      else if (m.type === 'probe')
        send({
          type: 'probe',
          probe: probe.report(),
          sockets: gateway.server.sockets.size,
          warnings: logger.warnings,
          errors: logger.errors,
        });
      else if (m.type === 'stop') void stop();
    });
    send({ type: 'ready', url: await app.getUrl() });
  } catch (e) {
    send({ type: 'failed', error: (e as Error).stack ?? String(e) });
    await stop();
  }
}

if (require.main === module) void apiProcess();
