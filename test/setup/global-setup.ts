import { startTestServices, TestServices } from './services';

declare global {
  var __JIEBANG_SERVICES__: TestServices | undefined;
}

/**
 * jest globalSetup of the e2e project: real PostgreSQL, Meilisearch and Redis, shared by all suites.
 * When one cannot be had, the run stops at once (exit 1) with one line that names what is missing and how to get
 * it — the message of a start-up error (`StartupError`, or an error whose stack is its message); any other error
 * is printed with its stack.
 */
export default async function globalSetup(): Promise<void> {
  let services: TestServices;
  try {
    services = await startTestServices();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const oneLine = err.name === 'StartupError' || err.stack === err.message;
    process.stderr.write(`\ne2e setup failed: ${oneLine ? err.message : (err.stack ?? err.message)}\n`);
    process.exit(1);
  }
  globalThis.__JIEBANG_SERVICES__ = services;
  process.env.E2E_DATABASE_URL = services.databaseUrl;
  process.env.E2E_MEILI_URL = services.meiliUrl;
  process.env.E2E_MEILI_KEY = services.meiliApiKey;
  process.env.E2E_REDIS_URL = services.redisUrl;
}
