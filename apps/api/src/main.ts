import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApplication } from './app/bootstrap';
import { ConfigError, loadConfig } from './config/env.config';
import { describeStartupFailure } from './runtime/child-process';
import { Runtime, startRuntime } from './runtime/runtime';

/** Seconds since `t0` (a `performance.now()` reading), one decimal. */
function since(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}

/**
 * `npm start`: validates the environment, starts the services that are not configured (embedded PostgreSQL and
 * Meilisearch), migrates, loads the demo data into an empty database, and serves web + API on `PORT`.
 * Its first line says what it started (embedded or external, ports, data folders) and how long that took; its
 * last start-up line, when it serves, the total start-up time. A start that cannot work ends with one line that
 * says why (`StartupError`), exit code 1. Ctrl-C (SIGINT) or SIGTERM closes the app and stops every process it
 * started; if the process is killed outright, the embedded services die with it (see `runtime/child-process`).
 */
async function main(): Promise<void> {
  const t0 = performance.now();
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
  let runtime: Runtime;
  try {
    runtime = await startRuntime(config);
  } catch (e) {
    logger.error(`启动失败 start failed: ${describeStartupFailure(e)}`);
    process.exit(1);
  }
  logger.log(`揭榜挂帅 starting: ${runtime.description.join('; ')} — services up in ${since(t0)} s`);
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
    logger.error(`启动失败 start failed: ${describeStartupFailure(e)}`);
    await app?.close().catch(() => undefined);
    await runtime.stop();
    process.exit(1);
  }
  const url = `http://localhost:${config.PORT}`;
  logger.log(
    `揭榜挂帅 platform ready in ${since(t0)} s: web ${url}/  API ${url}/api/v1  OpenAPI ${url}/api/docs  (data ${config.DATA_DIR})`,
  );
}

void main();
