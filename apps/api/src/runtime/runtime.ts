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
  /**
   * One phrase per service saying what was started or connected: embedded or external, port, data folder,
   * and any server of an earlier crashed start that was stopped first. For the start-up line of `npm start`.
   */
  description: string[];
  stop(): Promise<void>;
}

/** `postgres://user:secret@host:5432/db` → `host:5432/db` (never print credentials). */
function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

/**
 * Resolves each service from the config: an external URL when set, otherwise an embedded one started now
 * (PostgreSQL under `DATA_DIR/postgres`, Meilisearch under `DATA_DIR/meili`), tied to this process so that it
 * dies with it; servers left running by an earlier start that crashed are stopped first. Redis is never embedded.
 * @throws StartupError (one line, see `./child-process`) when an embedded service cannot start.
 */
export async function startRuntime(config: EnvConfig, log: (line: string) => void = () => undefined): Promise<Runtime> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log(`stop failed: ${String(e)}`));
    stops.length = 0;
  };
  try {
    const description: string[] = [];
    const orphan = (pid: number | undefined) => (pid ? `, stopped pid ${pid} left by a crashed start` : '');
    let databaseUrl = config.DATABASE_URL;
    let databaseMode: ServiceEndpoints['databaseMode'] = 'external';
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dir: join(config.DATA_DIR, 'postgres'), database: 'jiebang' });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      databaseMode = 'embedded';
      description.push(`PostgreSQL embedded 127.0.0.1:${pg.port} (data ${pg.dataDir}${orphan(pg.stoppedOrphan)})`);
    } else description.push(`PostgreSQL external ${hostOf(databaseUrl)}`);
    let meiliUrl = config.MEILI_URL;
    let meiliApiKey = config.MEILI_MASTER_KEY;
    let meiliMode: ServiceEndpoints['meiliMode'] = 'external';
    if (!meiliUrl) {
      const meili = await startEmbeddedMeilisearch({ dir: join(config.DATA_DIR, 'meili') });
      stops.push(meili.stop);
      meiliUrl = meili.url;
      meiliApiKey = meili.apiKey;
      meiliMode = 'embedded';
      description.push(
        `Meilisearch embedded 127.0.0.1:${meili.port} (data ${meili.dataDir}${orphan(meili.stoppedOrphan)})`,
      );
    } else description.push(`Meilisearch external ${hostOf(meiliUrl)}`);
    description.push(config.REDIS_URL ? `jobs on Redis ${hostOf(config.REDIS_URL)}` : 'jobs in-process (no REDIS_URL)');
    log(description.join('; '));
    return {
      databaseUrl,
      databaseMode,
      meiliUrl,
      meiliApiKey,
      meiliMode,
      redisUrl: config.REDIS_URL,
      description,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
