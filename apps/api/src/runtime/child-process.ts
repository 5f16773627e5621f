import { ChildProcess, spawn, SpawnOptions, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * A start-up failure that is explained in one line (what failed and what to do), printed without a stack trace
 * by `npm start` and the CLIs.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

let setprivPath: string | null | undefined;

/** `setpriv` of util-linux when this machine has one that knows `--pdeathsig`, else null (looked up once). */
function setpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (process.platform !== 'linux') return setprivPath;
  for (const candidate of ['/usr/bin/setpriv', '/bin/setpriv']) {
    if (existsSync(candidate) && spawnSync(candidate, ['--pdeathsig', 'TERM', '--', 'true']).status === 0) {
      setprivPath = candidate;
      break;
    }
  }
  return setprivPath;
}

/**
 * Spawns an embedded service so that it dies with this process: on Linux it is started through
 * `setpriv --pdeathsig <signal>`, so the kernel sends it `signal` when the API that started it dies, even by
 * SIGKILL or the OOM killer. Where `setpriv` is missing the child is spawned plainly and the next start finds it
 * by its pid file (`stopOrphan`).
 * @param deathSignal the signal the service reads as "shut down cleanly" (PostgreSQL: INT, fast shutdown).
 */
export function spawnTied(
  command: string,
  args: string[],
  options: SpawnOptions,
  deathSignal: 'INT' | 'TERM',
): ChildProcess {
  const tie = setpriv();
  return tie
    ? spawn(tie, ['--pdeathsig', deathSignal, '--', command, ...args], options)
    : spawn(command, args, options);
}

/**
 * Stops a service this process started: `signal` (its clean shutdown), then `hardSignal` if it has not exited
 * within `graceMs`. Resolves at once when it has already exited.
 */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  hardSignal: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  if (gone()) return;
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  await Promise.race([exit, new Promise((r) => setTimeout(r, graceMs).unref())]);
  if (!gone()) child.kill(hardSignal);
}

/**
 * Whether a process with this pid is running (signal 0; EPERM still means it exists). A zombie — exited, not
 * yet reaped by its parent, as orphans can stay where PID 1 reaps nothing — counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** The command line of a running process, arguments joined by spaces, or '' when it cannot be read. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** The first line of a pid file as a positive integer, or undefined (missing, empty or garbled file). */
export function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0].trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until `pid` is gone, polling every 100 ms; true when it went within `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * Stops a service left running by an earlier API process that died without stopping it (the pid recorded in
 * the service's data folder). The process is touched only when it is alive AND its command line contains every
 * string of `mustContain` (the binary and our data path), so a recycled pid of another program is never
 * signalled. Sends `signal`, waits up to `graceMs`, then `hardSignal`.
 * @returns the pid that was stopped, or undefined when there was none of ours.
 * @throws StartupError when our orphan is still running after both signals.
 */
export async function stopOrphan(opts: {
  pid: number | undefined;
  mustContain: string[];
  what: string;
  signal: NodeJS.Signals;
  hardSignal: NodeJS.Signals;
  graceMs: number;
  log: (line: string) => void;
}): Promise<number | undefined> {
  const { pid } = opts;
  if (!pid || pid === process.pid || !isAlive(pid)) return undefined;
  const cmd = commandLine(pid);
  if (!cmd || !opts.mustContain.every((s) => cmd.includes(s))) return undefined;
  opts.log(`${opts.what}: stopping pid ${pid}, left running by an earlier start`);
  process.kill(pid, opts.signal);
  if (await waitForExit(pid, opts.graceMs)) return pid;
  process.kill(pid, opts.hardSignal);
  if (await waitForExit(pid, 5000)) return pid;
  throw new StartupError(`${opts.what} (pid ${pid}, left by an earlier start) does not stop: stop it by hand`);
}

/**
 * What `npm start` and the CLIs print when start-up fails: the one line of a `StartupError`, a one-line
 * explanation of the usual connection failures to external services (refused, unknown host, bad password), and
 * the stack of anything else (a defect, to be reported).
 */
export function describeStartupFailure(e: unknown): string {
  if (e instanceof StartupError) return e.message;
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
  switch (err?.code) {
    case 'ECONNREFUSED':
      return `nothing answers at ${err.address ?? '?'}:${err.port ?? '?'} — check DATABASE_URL / MEILI_URL / REDIS_URL, or unset them to use the embedded services`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `unknown host in a service URL (${err.message}) — check DATABASE_URL / MEILI_URL / REDIS_URL`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the login (${err.message}) — check the user and password in DATABASE_URL`;
    case '3D000':
      return `${err.message} — create the database named in DATABASE_URL`;
    case 'EADDRINUSE':
      return `the port is in use (${err.message}) — stop what holds it or set PORT`;
    default:
      return err instanceof Error ? (err.stack ?? err.message) : String(e);
  }
}
