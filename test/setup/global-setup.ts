import { startTestServices, TestServices } from './services';

declare global {
  var __JIEBANG_SERVICES__: TestServices | undefined;
}

/** jest globalSetup of the e2e project: real PostgreSQL, Meilisearch and Redis, shared by all suites. */
export default async function globalSetup(): Promise<void> {
  const services = await startTestServices();
  globalThis.__JIEBANG_SERVICES__ = services;
  process.env.E2E_DATABASE_URL = services.databaseUrl;
  process.env.E2E_MEILI_URL = services.meiliUrl;
  process.env.E2E_MEILI_KEY = services.meiliApiKey;
  process.env.E2E_REDIS_URL = services.redisUrl;
}
