/**
 * Helpers shared by the benchmarks (`matching.bench.ts`, `negotiation.bench.ts`): the progress log, the git
 * revision in the results, and the check that every process a benchmark started is gone at the end.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

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
