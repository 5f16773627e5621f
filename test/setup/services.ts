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
      const redis = await startTestRedis();
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    return { databaseUrl, meiliUrl, meiliApiKey, redisUrl, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** An error printed as its message alone (global-setup.ts): what is missing and how to get it, in one line. */
function oneLine(message: string): Error {
  const e = new Error(message);
  e.stack = message;
  return e;
}

/** The machine's Redis used when there is no `redis-server` binary (see `startTestRedis`). */
const MACHINE_REDIS = { host: '127.0.0.1', port: 6379 };

/** Whether a Redis at `host:port` answers PING (+PONG) within `timeoutMs` (a server wanting a password does not). */
async function answersPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((res) => {
    const s = net.connect(port, host);
    const done = (ok: boolean) => (s.destroy(), res(ok));
    s.setTimeout(timeoutMs, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/**
 * The Redis of the queue and socket suites when `TEST_REDIS_URL` is not set, in this order:
 *  1. a private `redis-server` (found on PATH) on a free port, nothing saved, stopped by `stop`;
 *  2. else the machine's Redis at 127.0.0.1:6379 when it answers PING, in database `TEST_REDIS_DB` (default 15)
 *     so that no key of anything else is touched; the suites' queue keys (`test_*`, `QUEUE_PREFIX` of
 *     test/helpers/app.ts) that an earlier, killed run left there are deleted first. Only keys are per database:
 *     socket.io's pub/sub channels are shared with whatever else uses that Redis.
 * @returns its URL and how to stop what was started.
 * @throws Error (one line: what is missing and how to get it) when neither is available.
 */
async function startTestRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = which('redis-server');
  if (bin) {
    const port = await getFreePort();
    const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    let exited: string | undefined;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('error', (e) => (exited = e.message));
    child.once('exit', (code, signal) => (exited ??= `exit ${signal ?? code}`));
    const stop = async () => {
      if (exited === undefined) child.kill('SIGTERM');
      await gone;
    };
    try {
      await waitFor(
        'redis-server',
        () => answersPing('127.0.0.1', port),
        30000,
        () => (exited ? oneLine(`${bin} stopped during start-up (${exited}): run it by hand to see why`) : undefined),
      );
    } catch (e) {
      await stop();
      throw e;
    }
    return { url: `redis://127.0.0.1:${port}`, stop };
  }
  if (await answersPing(MACHINE_REDIS.host, MACHINE_REDIS.port)) {
    const db = Number(process.env.TEST_REDIS_DB ?? 15);
    const url = `redis://${MACHINE_REDIS.host}:${MACHINE_REDIS.port}/${db}`;
    const { default: Redis } = await import('ioredis');
    const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    try {
      for await (const keys of client.scanStream({ match: 'test_*', count: 1000 }) as AsyncIterable<string[]>)
        if (keys.length) await client.unlink(...keys);
    } finally {
      client.disconnect();
    }
    return { url, stop: async () => undefined };
  }
  throw oneLine(
    'No Redis for the queue tests: install redis-server (Debian: apt-get install -y redis-server), ' +
      'or run one on 127.0.0.1:6379, or set TEST_REDIS_URL=redis://host:port',
  );
}
