import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApplication } from './app/bootstrap';
import { ConfigError, loadConfig } from './config/env.config';
import { startRuntime } from './runtime/runtime';

/**
 * `npm start`: validates the environment, starts the services that are not configured (embedded PostgreSQL and
 * Meilisearch), migrates, loads the demo data into an empty database, and serves web + API on `PORT`.
 * Ctrl-C (SIGINT) or SIGTERM closes the app and stops every process it started.
 */
async function main(): Promise<void> {
  const logger = new Logger('Main');
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) logger.error(`配置错误 ${p.variable}: ${p.problem}`);
      process.exit(1);
    }
    throw e;
  }
  const runtime = await startRuntime(config, (l) => logger.log(l));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await app?.close().catch((e: unknown) => logger.error(String(e)));
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  let app: Awaited<ReturnType<typeof createApplication>> | undefined;
  try {
    app = await createApplication(config, runtime);
    await app.listen(config.PORT, config.HOST);
  } catch (e) {
    logger.error(`start failed: ${(e as Error).stack ?? String(e)}`);
    await app?.close().catch(() => undefined);
    await runtime.stop();
    process.exit(1);
  }
  const url = `http://localhost:${config.PORT}`;
  logger.log(`揭榜挂帅 platform ready: web ${url}/  API ${url}/api/v1  OpenAPI ${url}/api/docs`);
}

void main();
