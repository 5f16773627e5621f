import { ConsoleLogger, Logger, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { seedDemoAccounts } from '../auth/demo-accounts';
import { seedDemoDeals } from '../demo/demo-deals';
import { EnvConfig } from '../config/env.config';
import { runMigrations } from '../database/data-source';
import { ImportService, splitImportFile } from '../import/import.service';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ServiceEndpoints } from '../runtime/runtime';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { RedisIoAdapter } from '../negotiations/redis-io.adapter';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

/** Path of the demo dataset shipped with the API (real data with sources; see `demo/README.md`). */
export const DEMO_DATA_FILE = join(__dirname, '..', 'demo', 'demo-data.json');

/**
 * Builds the HTTP application on resolved endpoints: runs pending migrations, creates the Nest app, loads the
 * demo data into an empty database (when `SEED_DEMO=true`) and rebuilds the search index when it is out of step
 * with PostgreSQL. Does not listen.
 */
export async function createApplication(
  config: EnvConfig,
  endpoints: ServiceEndpoints,
  logger: LoggerService | false = new ConsoleLogger({ logLevels: levels(config.LOG_LEVEL) }),
): Promise<NestExpressApplication> {
  const log = new Logger('Bootstrap');
  const applied = await runMigrations(endpoints.databaseUrl);
  if (applied.length) log.log(`migrations applied: ${applied.join(', ')}`);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, endpoints), { logger });
  configureApp(app);
  if (endpoints.redisUrl) app.useWebSocketAdapter(new RedisIoAdapter(app, endpoints.redisUrl));
  await app.init();
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
    const created = await seedDemoAccounts(app.get(DataSource));
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
