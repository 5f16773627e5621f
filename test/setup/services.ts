import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMeilisearch } from '../../apps/api/src/runtime/embedded-meilisearch';
import { startEmbeddedPostgres } from '../../apps/api/src/runtime/embedded-postgres';
import { getFreePort, waitFor } from '../../apps/api/src/runtime/free-port';

/** Real services for the end-to-end suites, and how to stop them. */
export interface TestServices {
  databaseUrl: string;
  meiliUrl: string;
  meiliApiKey: string;
  redisUrl: string;
  stop(): Promise<void>;
}

function which(bin: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Starts a fresh PostgreSQL (embedded, in a temporary folder under `.data/`) and Meilisearch (the pinned,
 * hash-checked binary), and a private `redis-server` on a free port. `TEST_DATABASE_URL`, `TEST_MEILI_URL`
 * (+ `TEST_MEILI_KEY`) and `TEST_REDIS_URL` point the suites at existing servers instead.
 * @throws Error when no Redis can be had: the queue suites need a real one (`.ci/run` installs redis-server).
 */
export async function startTestServices(): Promise<TestServices> {
  // A fresh folder in the system's temporary directory, not in the checkout: the checkout may be closed to the
  // `postgres` user the embedded server runs as when we are root (a clone under /root, a `mktemp -d` folder).
  const dir = mkdtempSync(join(tmpdir(), 'jiebang-test-'));
  chmodSync(dir, 0o755);
  const stops: (() => Promise<void>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    let databaseUrl = process.env.TEST_DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), database: 'jiebang_test' });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    let meiliUrl = process.env.TEST_MEILI_URL;
    let meiliApiKey = process.env.TEST_MEILI_KEY ?? '';
    if (!meiliUrl) {
      const meili = await startEmbeddedMeilisearch({ dir: join(dir, 'meili') });
      stops.push(meili.stop);
      meiliUrl = meili.url;
      meiliApiKey = meili.apiKey;
    }
    let redisUrl = process.env.TEST_REDIS_URL;
    if (!redisUrl) {
      const bin = which('redis-server');
      if (!bin)
        throw new Error(
          'No Redis for the queue tests: install redis-server (apt-get install -y redis-server) or set TEST_REDIS_URL',
        );
      const port = await getFreePort();
      const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      stops.push(async () => {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      });
      const net = await import('node:net');
      await waitFor(
        'redis-server',
        () =>
          new Promise((res) => {
            const s = net.connect(port, '127.0.0.1', () => (s.end(), res(true)));
            s.on('error', () => res(false));
          }),
      );
      redisUrl = `redis://127.0.0.1:${port}`;
    }
    return { databaseUrl, meiliUrl, meiliApiKey, redisUrl, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
