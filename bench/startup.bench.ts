/**
 * `npm run bench:startup` (issue 18): how long `npm start`'s server takes to answer `/api/v1/health` 200 — on an
 * empty DATA_DIR (initdb, migrations, the demo data loaded and indexed, as a newcomer's first start) and on a warm
 * one (the same DATA_DIR again) — with the embedded services' share read from the start-up line ("services up in
 * … s"). The web build that `npm start` runs first is not included. Writes `bench/results/startup.json` and
 * `startup.md`. Measured, never asserted.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPlatform } from '../test/helpers/platform';
import { git, log } from './common';

const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 3);

interface Sample {
  round: number;
  kind: 'empty' | 'warm';
  healthyMs: number;
  servicesS: number | null;
}

/** Starts the platform on `dataDir`, times it to health 200, then stops it with SIGINT as Ctrl-C would. */
async function timedStart(dataDir: string, round: number, kind: Sample['kind']): Promise<Sample> {
  const t0 = performance.now();
  const platform = await startPlatform(dataDir, { SEED_DEMO: 'true' });
  const healthyMs = performance.now() - t0;
  const servicesS = /services up in (\d+\.\d) s/.exec(platform.output())?.[1];
  const exited = new Promise((r) => platform.child.once('exit', r));
  platform.child.kill('SIGINT');
  await exited;
  const sample = { round, kind, healthyMs: Math.round(healthyMs), servicesS: servicesS ? Number(servicesS) : null };
  log(`${kind} start, round ${round}: healthy in ${sample.healthyMs} ms (services ${sample.servicesS} s)`);
  return sample;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

async function main(): Promise<void> {
  const samples: Sample[] = [];
  const load = [loadavg()[0]];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiebang-bench-startup-'));
    chmodSync(dataDir, 0o755);
    try {
      samples.push(await timedStart(dataDir, round, 'empty'));
      samples.push(await timedStart(dataDir, round, 'warm'));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    load.push(loadavg()[0]);
  }
  const summary = (kind: Sample['kind']) => {
    const of = samples.filter((s) => s.kind === kind);
    return {
      medianHealthyMs: median(of.map((s) => s.healthyMs)),
      maxHealthyMs: Math.max(...of.map((s) => s.healthyMs)),
      medianServicesS: median(of.map((s) => s.servicesS ?? 0)),
    };
  };
  const result = {
    when: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    rounds: ROUNDS,
    loadAverage1m: load.map((l) => Number(l.toFixed(2))),
    empty: summary('empty'),
    warm: summary('warm'),
    samples,
  };
  const out = resolve(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
  const row = (name: string, s: ReturnType<typeof summary>) =>
    `| ${name} | ${s.medianHealthyMs} | ${s.maxHealthyMs} | ${s.medianServicesS} |`;
  writeFileSync(
    join(out, 'startup.md'),
    [
      '# Start-up time (`npm run bench:startup`)',
      '',
      `${result.when}, commit ${result.commit}, ${ROUNDS} rounds; 1-minute load average ${result.loadAverage1m.join(' → ')}.`,
      'From spawning the server (`npm run serve`, without the web build) to `/api/v1/health` answering 200, with',
      'the embedded PostgreSQL and Meilisearch and the demo data (`SEED_DEMO=true`).',
      '',
      '| DATA_DIR | median ms | max ms | of which services up (median s) |',
      '| --- | ---: | ---: | ---: |',
      row('empty (initdb, migrations, demo data loaded and indexed)', result.empty),
      row('warm (the same folder again)', result.warm),
      '',
    ].join('\n'),
  );
  log(`empty: median ${result.empty.medianHealthyMs} ms; warm: median ${result.warm.medianHealthyMs} ms`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
