import { ConsoleLogger, Logger, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { seedDemoAccounts } from '../auth/demo-accounts';
import { TotpService } from '../auth/totp.service';
import { seedDemoDeals } from '../demo/demo-deals';
import { EnvConfig } from '../config/env.config';
import { pendingMigrations, runMigrations } from '../database/data-source';
import { ImportService, splitImportFile } from '../import/import.service';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ServiceEndpoints } from '../runtime/runtime';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { RedisIoAdapter } from '../negotiations/redis-io.adapter';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

/** Path of the demo dataset shipped with the API (real data with sources; see `demo/README.md`). */
export const DEMO_DATA_FILE = join(__dirname, '..', 'demo', 'demo-data.json');

/** Thrown at start when `MIGRATE_ON_START=false` and the database still has migrations to apply. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `数据库结构尚未迁移（待执行 ${pending.length} 个迁移：${pending.join(', ')}）：MIGRATE_ON_START=false，` +
        '请先运行迁移任务（npm run db:migrate，或镜像中的 node dist/api/apps/api/src/cli/migrate.js）再启动 API',
    );
    this.name = 'PendingMigrationsError';
  }
}

/**
 * Builds the HTTP application on resolved endpoints: runs pending migrations (or, with `MIGRATE_ON_START=false`,
 * only checks that none is pending), creates the Nest app, loads the demo data into an empty database (when
 * `SEED_DEMO=true`, never with `NODE_ENV=production`: `loadConfig` forces it off) and rebuilds the search index
 * when it is out of step with PostgreSQL. Does not listen.
 * @throws PendingMigrationsError with `MIGRATE_ON_START=false` when migrations are pending (nothing is created).
 */
export async function createApplication(
  config: EnvConfig,
  endpoints: ServiceEndpoints,
  logger: LoggerService | false = new ConsoleLogger({ logLevels: levels(config.LOG_LEVEL) }),
): Promise<NestExpressApplication> {
  const log = new Logger('Bootstrap');
  if (config.MIGRATE_ON_START === 'true') {
    const applied = await runMigrations(endpoints.databaseUrl);
    if (applied.length) log.log(`migrations applied: ${applied.join(', ')}`);
  } else {
    const pending = await pendingMigrations(endpoints.databaseUrl);
    if (pending.length) throw new PendingMigrationsError(pending);
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, endpoints), { logger });
  await configureApp(app);
  app.set('trust proxy', trustProxy(config.TRUST_PROXY));
  if (endpoints.redisUrl) app.useWebSocketAdapter(new RedisIoAdapter(app, endpoints.redisUrl));
  await app.init();
  if (config.NODE_ENV === 'production') log.log('NODE_ENV=production: no demo data is loaded (SEED_DEMO ignored)');
  if (config.SEED_DEMO === 'true') {
    const orgs = await app.get(DataSource).getRepository(OrganizationEntity).count();
    const fresh = orgs === 0;
    if (fresh) {
      log.log('empty database: loading the demo dataset');
      const report = await app
        .get(ImportService)
        .import(splitImportFile(JSON.parse(readFileSync(DEMO_DATA_FILE, 'utf8'))));
      await Promise.all(report.indexJobs.map((j) => j.finished()));
    }
    const created = await seedDemoAccounts(app.get(DataSource), app.get(TotpService));
    if (created) log.log(`demo accounts created: ${created} (see README)`);
    if (fresh && created) log.log(`demo deals created: ${await seedDemoDeals(app)} (titled 【演示】)`);
  }
  const indexer = app.get(ListingIndexerService);
  try {
    await indexer.ensureIndexes();
    if (!(await indexer.inSync())) {
      log.log('search index out of step with PostgreSQL: rebuilding');
      await (await indexer.enqueueReindex()).finished();
    }
  } catch (e) {
    // Search is derived data: the API still serves (health reports 503) and `npm run reindex` repairs it.
    log.warn(`search index not checked: ${(e as Error).message}`);
  }
  return app;
}

/** Nest log levels at and above `level`. */
export function levels(level: EnvConfig['LOG_LEVEL']) {
  const all = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return all.slice(0, all.indexOf(level) + 1) as ('error' | 'warn' | 'log' | 'debug' | 'verbose')[];
}

/** A Nest logger that writes everything to stderr, so that CLIs keep stdout for their report. */
export class StderrLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

/**
 * Express `trust proxy` from `TRUST_PROXY`: `true`/`false`, a hop count, or proxy addresses/subnets (comma-separated).
 * It decides `req.ip`, the client address login throttling keys on.
 */
export function trustProxy(v: string): boolean | number | string {
  if (v === 'true' || v === 'false') return v === 'true';
  return /^\d+$/.test(v) ? Number(v) : v;
}
