import { join } from 'node:path';
import { EnvConfig } from '../config/env.config';
import { startEmbeddedMeilisearch } from './embedded-meilisearch';
import { startEmbeddedPostgres } from './embedded-postgres';

/** Where the API finds its services once they are running. */
export interface ServiceEndpoints {
  databaseUrl: string;
  databaseMode: 'external' | 'embedded';
  meiliUrl: string;
  meiliApiKey: string | undefined;
  meiliMode: 'external' | 'embedded';
  /** `undefined` → jobs run in-process. */
  redisUrl: string | undefined;
}

/** Running services plus a `stop()` that stops exactly what this process started. */
export interface Runtime extends ServiceEndpoints {
  stop(): Promise<void>;
}

/**
 * Resolves each service from the config: an external URL when set, otherwise an embedded one started now
 * (PostgreSQL under `DATA_DIR/postgres`, Meilisearch under `DATA_DIR/meili`). Redis is never embedded.
 */
export async function startRuntime(config: EnvConfig, log: (line: string) => void = () => undefined): Promise<Runtime> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log(`stop failed: ${String(e)}`));
    stops.length = 0;
  };
  try {
    let databaseUrl = config.DATABASE_URL;
    let databaseMode: ServiceEndpoints['databaseMode'] = 'external';
    if (!databaseUrl) {
      log('DATABASE_URL unset: starting embedded PostgreSQL');
      const pg = await startEmbeddedPostgres({ dir: join(config.DATA_DIR, 'postgres'), database: 'jiebang' });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      databaseMode = 'embedded';
    }
    let meiliUrl = config.MEILI_URL;
    let meiliApiKey = config.MEILI_MASTER_KEY;
    let meiliMode: ServiceEndpoints['meiliMode'] = 'external';
    if (!meiliUrl) {
      log('MEILI_URL unset: starting embedded Meilisearch');
      const meili = await startEmbeddedMeilisearch({ dir: join(config.DATA_DIR, 'meili') });
      stops.push(meili.stop);
      meiliUrl = meili.url;
      meiliApiKey = meili.apiKey;
      meiliMode = 'embedded';
    }
    if (!config.REDIS_URL) log('REDIS_URL unset: background jobs run in-process');
    return { databaseUrl, databaseMode, meiliUrl, meiliApiKey, meiliMode, redisUrl: config.REDIS_URL, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
