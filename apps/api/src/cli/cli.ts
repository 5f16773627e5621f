import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { createApplication, levels, StderrLogger } from '../app/bootstrap';
import { ConfigError, loadConfig } from '../config/env.config';
import { describeStartupFailure } from '../runtime/child-process';
import { Runtime, startRuntime } from '../runtime/runtime';

/**
 * Runs a command-line task against the configured (or embedded) services with the full application wired
 * but not listening, then stops everything. Exit code 0 on success, 1 on error (2 for bad configuration).
 */
export async function runCli(task: (app: INestApplication) => Promise<number | void>): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...process.env, SEED_DEMO: process.env.SEED_DEMO ?? 'false' });
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) console.error(`配置错误 ${p.variable}: ${p.problem}`);
      process.exit(2);
    }
    throw e;
  }
  let runtime: Runtime;
  try {
    runtime = await startRuntime(config, (l) => console.error(l));
  } catch (e) {
    console.error(`启动失败 start failed: ${describeStartupFailure(e)}`);
    process.exit(1);
  }
  let code = 0;
  let app: INestApplication | undefined;
  try {
    app = await createApplication(config, runtime, new StderrLogger({ logLevels: levels(config.LOG_LEVEL) }));
    code = (await task(app)) ?? 0;
  } catch (e) {
    console.error((e as Error).stack ?? String(e));
    code = 1;
  } finally {
    await app?.close().catch(() => undefined);
    await runtime.stop();
  }
  process.exit(code);
}
