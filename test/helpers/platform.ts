/**
 * The platform as `npm run serve` starts it (`apps/api/src/main.ts` through ts-node), in a child process with its
 * own DATA_DIR and port and the embedded services: for the restart test and the start-up benchmark.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { getFreePort, waitFor } from '../../apps/api/src/runtime/free-port';

const ROOT = resolve(__dirname, '..', '..');

/** A started platform: its process, base URL and everything it printed so far. */
export interface Platform {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * Starts the platform as `npm run serve` does, on a free port with `dataDir`, without the test suite's service
 * URLs (so PostgreSQL and Meilisearch are embedded); resolves once `/api/v1/health` answers 200.
 * @param env extra variables (e.g. `SEED_DEMO`); the default is no demo data.
 * @throws Error with the platform's output when it exits during start-up or is not healthy within 180 s.
 */
export async function startPlatform(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<Platform> {
  const port = await getFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(DATABASE_URL|MEILI_|REDIS_URL|TEST_|E2E_|JWT_SECRET)/.test(k)) delete env[k];
  }
  Object.assign(env, {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    NODE_ENV: 'development',
    TS_NODE_PROJECT: 'apps/api/tsconfig.app.json',
    TS_NODE_TRANSPILE_ONLY: 'true',
    ...extra,
  });
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the platform',
    async () => (await fetch(`${url}/api/v1/health`)).status === 200,
    180000,
    () => (child.exitCode !== null ? new Error(`the platform exited during start-up:\n${output}`) : undefined),
  );
  return { child, url, output: () => output };
}
