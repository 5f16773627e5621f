/**
 * Helpers shared by the benchmarks (`*.bench.ts`): the progress log, the git revision in the results, the clock,
 * how busy the machine is (other processes' CPU from /proc, and waiting for a quiet moment), and the check that
 * every process a benchmark started is gone at the end.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The monotonic clock in nanoseconds. */
export function now(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds since `t0` (a `now()`). */
export function msSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** `x` rounded to two decimals. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

// The machine is shared: CPU used by other processes (from /proc), to wait for a quiet moment before the
// latency measurements and to report how busy the machine was while they ran.

/** A progress line on stdout, prefixed `[bench]`. */
export function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

/** `git <args>` at the repository root, trimmed; `unknown` outside a checkout. */
export function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', cwd: resolve(__dirname, '..') }).trim();
  } catch {
    return 'unknown';
  }
}

/** Every process below `pid` (children, grandchildren …), except this process itself. */
export function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of rows) {
      if (pp === p && c !== process.pid) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

/** `pid args` of those of `pids` still running (none: `[]`). */
export function alive(pids: number[]): string[] {
  if (!pids.length) return [];
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '-p', pids.join(',')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((l) => l.trim() && !/\bps -o\b/.test(l));
  } catch {
    return []; // ps exits 1 when none of the pids exists
  }
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
/** Other processes below this many cores count as a quiet machine. */
export const QUIET_OTHERS_CORES = 0.25;
/** How long a benchmark waits for a quiet machine before measuring anyway (`BENCH_QUIET_WAIT_S`, s). */
export const QUIET_WAIT_S = Number(process.env.BENCH_QUIET_WAIT_S ?? 60);

export interface CpuSnapshot {
  at: bigint;
  machineBusyTicks: number;
  oursTicks: number;
}

/**
 * Busy CPU ticks of the machine and of this process with its descendants (PostgreSQL, Meilisearch, redis, the
 * benchmark's own servers and load generators). A descendant's ticks stay counted after it exits: each process
 * of the tree counts its own time (utime + stime) plus that of its children that have exited and been reaped
 * (cutime + cstime, /proc/<pid>/stat fields 14–17), so a load generator that ran between two snapshots is ours,
 * not another process's.
 */
export function cpuSnapshot(): CpuSnapshot {
  const ticks = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(name), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // exited meanwhile
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, r] of ticks) children.set(r.ppid, [...(children.get(r.ppid) ?? []), pid]);
  let oursTicks = 0;
  const walk = (pid: number) => {
    oursTicks += ticks.get(pid)?.ticks ?? 0;
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(process.pid);
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { at: now(), machineBusyTicks: user + nice + system + irq + softirq + (steal || 0), oursTicks };
}

/** Cores used between two snapshots by the whole machine, by this benchmark's processes and by all others. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot) {
  const seconds = Number(b.at - a.at) / 1e9;
  const cores = (t: number) => round2(t / CLK_TCK / seconds);
  const machine = b.machineBusyTicks - a.machineBusyTicks;
  const ours = b.oursTicks - a.oursTicks;
  return {
    seconds: round2(seconds),
    machineCores: cores(machine),
    oursCores: cores(ours),
    otherCores: cores(Math.max(0, machine - ours)),
  };
}

/** Waits (up to `maxS`) for a 3-second window in which other processes use less than QUIET_OTHERS_CORES. */
export async function waitForQuietMachine(
  maxS: number,
): Promise<{ waitedS: number; otherCores: number; quiet: boolean }> {
  const t0 = now();
  for (;;) {
    const a = cpuSnapshot();
    await new Promise((r) => setTimeout(r, 3000));
    const other = cpuBetween(a, cpuSnapshot()).otherCores;
    const waitedS = round2(msSince(t0) / 1000);
    if (other < QUIET_OTHERS_CORES) return { waitedS, otherCores: other, quiet: true };
    if (waitedS >= maxS) return { waitedS, otherCores: other, quiet: false };
    log(`other processes use ${other} cores: waiting for a quieter moment …`);
  }
}
