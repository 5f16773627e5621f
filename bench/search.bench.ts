/**
 * Search benchmark (`npm run bench:search`): the public board's search at 10,000 and 100,000 synthetic listings,
 * through the API (`GET /api/v1/listings`) as deployed (with `SearchHitCache`, reporting its hit rate), through the
 * API with the cache switched off (every search reaches Meilisearch), and against Meilisearch alone (the same
 * `/multi-search` bodies the API sends without the cache, captured from the API itself), interleaved in one run,
 * with 1 and 8 clients searching at once; plus the time to reindex every listing
 * (`ListingIndexerService.reindexAll`: build aside, swap) and the engine's memory and index size. Writes
 * `bench/results/search.json` and `bench/results/search.md`.
 *
 * The clients run in worker threads (event loops of their own), so the API's event loop serves requests only.
 * Environment: BENCH_SEARCH_SIZES (default `10000,100000`), BENCH_SEARCH_SECONDS (per measurement, default 6),
 * BENCH_SEARCH_ROUNDS (default 2), BENCH_QUIET_WAIT_S (default 60).
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import { createApplication } from '../apps/api/src/app/bootstrap';
import { loadConfig } from '../apps/api/src/config/env.config';
import { ListingIndexerService } from '../apps/api/src/search/listing-indexer.service';
import { SearchHitCache } from '../apps/api/src/search/search-hit-cache';
import { startTestServices, TestServices } from '../test/setup/services';
import {
  alive,
  cpuBetween,
  cpuSnapshot,
  descendants,
  git,
  log,
  msSince,
  now,
  QUIET_WAIT_S,
  round2,
  waitForQuietMachine,
} from './common';

const RESULTS_DIR = resolve(__dirname, 'results');
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SEARCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 2);
const CONCURRENCY = [1, 8];
const INDEX_PREFIX = 'benchsearch_';

/** Words of the synthetic titles, by field (the board's five). */
const VOCAB: Record<string, string[]> = {
  energy_storage: ['储能电池系统', '液流电池储能', '压缩空气储能', '钠离子电池'],
  graphene: ['石墨烯导电材料', '石墨烯散热膜', '石墨烯改性涂料', '石墨烯复合纤维'],
  rare_earth: ['稀土永磁材料', '稀土抛光粉', '稀土催化材料', '稀土储氢合金'],
  hydrogen: ['氢能装备制造', '碱性电解槽', '燃料电池电堆', '风光制氢一体化'],
  ccus: ['二氧化碳捕集利用', '煤化工碳减排', '二氧化碳驱油封存', '碳捕集吸收剂'],
};
const FIELDS = Object.keys(VOCAB);
const PREFIXES = ['高性能', '低成本', '规模化', '新一代', '智能化', '绿色'];
const SUFFIXES = ['关键技术攻关', '产业化示范', '工艺优化', '中试验证', '成果转化', '装备国产化'];
const REGIONS = ['150102', '150105', '150203', '150207', '150602', '150802', '150702', '152502'];

/**
 * The board's query mix: what people type and click (keywords, a field, a region, page 2, nothing at all), as the
 * web board sends it (apps/web/src/features/board/lib/boardQuery.ts `searchQueryOf`): always a `kind` (the
 * 成果转化榜 / 技术攻关榜 switch, 成果转化榜 by default) and 10 hits per page.
 */
const QUERY_MIX: { name: string; query: Record<string, string> }[] = [
  { name: 'first screen (no query, facets)', query: { kind: 'achievement' } },
  { name: '石墨烯', query: { q: '石墨烯', kind: 'achievement' } },
  { name: '氢能 + field', query: { q: '氢能', kind: 'achievement', field: 'hydrogen' } },
  { name: '稀土永磁 page 2', query: { q: '稀土永磁', kind: 'achievement', page: '2' } },
  { name: '储能 + 技术攻关榜 + region', query: { q: '储能', kind: 'challenge', regionCode: '150203' } },
  { name: '二氧化碳捕集', query: { q: '二氧化碳捕集', kind: 'achievement' } },
  { name: 'field filter only', query: { kind: 'achievement', field: 'ccus' } },
  { name: 'typo 石墨稀', query: { q: '石墨稀', kind: 'achievement' } },
];

const sqlText = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;
const pick = (arr: string, n: number, r: string) => `(${arr})[1 + floor(${r} * ${n})::int]`;

interface Stats {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentiles of latencies in ms. */
function stats(xs: number[]): Stats {
  const s = Float64Array.from(xs).sort();
  const p = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] : NaN);
  return { samples: s.length, p50: round2(p(0.5)), p95: round2(p(0.95)), p99: round2(p(0.99)) };
}

/** One request a client sends, round-robin. */
interface Target {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

/** A worker thread's loop: send the targets round-robin until the deadline, one at a time; report latencies. */
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.once('message', async ({ until }) => {
  const { targets, offset } = workerData;
  const latencies = [];
  let errors = 0;
  for (let i = offset; Date.now() < until; i++) {
    const t = targets[i % targets.length];
    const t0 = performance.now();
    try {
      const res = await fetch(t.url, { method: t.method, body: t.body, headers: t.headers });
      await res.arrayBuffer();
      if (!res.ok) errors++;
      else latencies.push(performance.now() - t0);
    } catch {
      errors++;
    }
  }
  parentPort.postMessage({ latencies, errors });
});
parentPort.postMessage('ready');
`;

/**
 * `clients` workers sending `targets` for SECONDS, all started first (a worker takes a while to boot on a busy
 * machine) and then given the same deadline; throughput and latency percentiles.
 */
async function load(targets: Target[], clients: number) {
  const workers = await Promise.all(
    Array.from(
      { length: clients },
      (_, i) =>
        new Promise<Worker>((ready, fail) => {
          const w = new Worker(CLIENT_SOURCE, { eval: true, workerData: { targets, offset: i } });
          w.once('message', () => ready(w));
          w.once('error', fail);
        }),
    ),
  );
  const until = Date.now() + SECONDS * 1000;
  const cpu0 = cpuSnapshot();
  const results = await Promise.all(
    workers.map(
      (w) =>
        new Promise<{ latencies: number[]; errors: number }>((done, fail) => {
          w.once('message', (m: { latencies: number[]; errors: number }) => {
            done(m);
            void w.terminate();
          });
          w.once('error', fail);
          w.postMessage({ until });
        }),
    ),
  );
  const cpu = cpuBetween(cpu0, cpuSnapshot());
  const latencies = results.flatMap((r) => r.latencies);
  return {
    requestsPerS: round2(latencies.length / SECONDS),
    // CPU of this benchmark's processes (API, Meilisearch, PostgreSQL, the clients' threads) per answered request:
    // what the query costs whatever else the machine runs (its latencies wait for other processes' CPU too).
    cpuMsPerRequest: latencies.length ? round2((cpu.oursCores * cpu.seconds * 1000) / latencies.length) : null,
    errors: results.reduce((a, r) => a + r.errors, 0),
    ...stats(latencies),
  };
}

/** Resident memory (kB → MB) of the Meilisearch process among this benchmark's descendants. */
function meiliRssMb(): number | null {
  for (const pid of descendants(process.pid)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/meilisearch/.test(cmd)) continue;
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kb) return round2(Number(kb) / 1024);
    } catch {
      // exited meanwhile
    }
  }
  return null;
}

/** Replaces every listing and organisation with `n` synthetic published listings by 1,000 organisations. */
async function generate(pg: Client, n: number): Promise<number> {
  const t0 = now();
  await pg.query(`TRUNCATE listing, organization CASCADE`);
  await pg.query(`
    INSERT INTO organization (name, type, region_code, verified, verified_at, main_business, source_category)
    SELECT '合成单位' || lpad(i::text, 4, '0'),
           ${pick(sqlText(['enterprise', 'tech_enterprise', 'university', 'research_institute']), 4, 'random()')},
           ${pick(sqlText(REGIONS), REGIONS.length, 'random()')}, true, now(), '合成主营业务', 'synthetic-benchmark'
    FROM generate_series(1, 1000) i`);
  const words = FIELDS.map((f) => sqlText(VOCAB[f]));
  await pg.query(`
    WITH orgs AS (SELECT array_agg(id ORDER BY name) AS ids, array_agg(name ORDER BY name) AS names,
                         array_agg(region_code ORDER BY name) AS regions FROM organization),
    raw AS (SELECT g, random() AS rf, random() AS rw, random() AS rp, random() AS rs, random() AS ro, random() AS rd
            FROM generate_series(1, ${n}) g),
    l AS (SELECT raw.*, 1 + floor(rf * ${FIELDS.length})::int AS fi, 1 + floor(ro * 1000)::int AS oi FROM raw)
    INSERT INTO listing (kind, field, title, status, summary, poster_org_id, poster_name, region_code, published_at)
    SELECT CASE WHEN g % 2 = 0 THEN 'achievement' ELSE 'challenge' END,
           (${sqlText(FIELDS)})[fi],
           ${pick(sqlText(PREFIXES), PREFIXES.length, 'rp')}
             || (CASE fi ${FIELDS.map((_, i) => `WHEN ${i + 1} THEN ${pick(words[i], 4, 'rw')}`).join(' ')} END)
             || ${pick(sqlText(SUFFIXES), SUFFIXES.length, 'rs')} || ' ' || g,
           'published',
           '本项目面向自治区重点产业需求,开展相关研究、验证与应用。',
           orgs.ids[oi], orgs.names[oi], orgs.regions[oi],
           now() - (floor(rd * 400) || ' days')::interval
    FROM l CROSS JOIN orgs`);
  await pg.query(`VACUUM ANALYZE listing, organization`);
  return round2(msSince(t0));
}

/**
 * The `/multi-search` bodies the API sends to Meilisearch for `path` without the cache (one body with every search of
 * the request), captured by wrapping `fetch` once.
 */
async function captureEngineRequest(
  baseUrl: string,
  path: string,
  meiliUrl: string,
  cache: SearchHitCache,
): Promise<string[]> {
  const bodies: string[] = [];
  cache.enabled = false;
  const original = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(meiliUrl) && url.includes('/multi-search') && typeof init?.body === 'string') {
      bodies.push(init.body);
    }
    return original(input, init);
  }) as typeof fetch;
  try {
    const res = await original(`${baseUrl}${path}`);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  } finally {
    globalThis.fetch = original;
    cache.enabled = true;
  }
  return bodies;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  let services: TestServices | undefined;
  let app: INestApplication | undefined;
  let pg: Client | undefined;
  let pids: number[] = [];
  const cleanup = async () => {
    pids = [...new Set([...pids, ...descendants(process.pid)])];
    await pg?.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await services?.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    services = await startTestServices();
    pids = descendants(process.pid);
    app = await createApplication(
      loadConfig({ SEED_DEMO: 'false', LOG_LEVEL: 'warn', MEILI_INDEX_PREFIX: INDEX_PREFIX, QUEUE_PREFIX: 'benchs' }),
      {
        databaseUrl: services.databaseUrl,
        databaseMode: 'external',
        meiliUrl: services.meiliUrl,
        meiliApiKey: services.meiliApiKey || undefined,
        meiliMode: 'external',
        redisUrl: undefined,
      },
    );
    await app.listen(0, '127.0.0.1');
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    pg = new Client({ connectionString: services.databaseUrl });
    await pg.connect();
    // `identity`, as the API's own client asks (meilisearch.adapter.ts): a compressed answer comes in two writes and
    // waits for the delayed ACK (~40 ms), which would be measured as the engine's time.
    const meiliHeaders: Record<string, string> = { 'Content-Type': 'application/json', 'Accept-Encoding': 'identity' };
    if (services.meiliApiKey) meiliHeaders.Authorization = `Bearer ${services.meiliApiKey}`;

    const sizes = [];
    for (const size of SIZES) {
      log(`${size} listings: generating …`);
      const generateMs = await generate(pg, size);
      const rssBefore = meiliRssMb();
      const t0 = now();
      const indexed = await app.get(ListingIndexerService).reindexAll();
      const reindexMs = round2(msSince(t0));
      log(`${size} listings: reindexed ${indexed} in ${round2(reindexMs / 1000)} s`);
      const stats = (await (
        await fetch(`${services.meiliUrl}/indexes/${INDEX_PREFIX}listings/stats`, { headers: meiliHeaders })
      ).json()) as { numberOfDocuments: number; rawDocumentDbSize?: number };

      // Each query of the mix: its API path, what the API asked the engine, and the total the board shows.
      const cache = app.get(SearchHitCache);
      const queries = [];
      for (const m of QUERY_MIX) {
        const path = `/api/v1/listings?${new URLSearchParams({ hitsPerPage: '10', ...m.query }).toString()}`;
        const engineBodies = await captureEngineRequest(baseUrl, path, services.meiliUrl, cache);
        const body = (await (await fetch(`${baseUrl}${path}`)).json()) as { totalHits: number };
        queries.push({ ...m, path, engineBodies, totalHits: body.totalHits });
      }
      const apiTargets: Target[] = queries.map((q) => ({ url: `${baseUrl}${q.path}`, method: 'GET' }));
      const engineTargets: Target[] = queries.flatMap((q) =>
        q.engineBodies.map((b) => ({
          url: `${services!.meiliUrl}/multi-search`,
          method: 'POST' as const,
          body: b,
          headers: meiliHeaders,
        })),
      );
      // The API with its cache as deployed (hit rate from the cache's counters), and with the cache off.
      const apiCached = async (clients: number) => {
        cache.enabled = true;
        const s0 = { ...cache.stats };
        const r = await load(apiTargets, clients);
        const hits = cache.stats.hits - s0.hits;
        const misses = cache.stats.misses - s0.misses;
        return { ...r, cacheHitRate: hits + misses ? round2(hits / (hits + misses)) : null };
      };
      const apiUncached = async (clients: number) => {
        cache.enabled = false;
        try {
          return await load(apiTargets, clients);
        } finally {
          cache.enabled = true;
        }
      };
      // Warm every path.
      await apiCached(2);
      await apiUncached(2);
      await load(engineTargets, 2);

      const quiet = await waitForQuietMachine(QUIET_WAIT_S);
      const runs = [];
      const cpu0 = cpuSnapshot();
      for (let round = 1; round <= ROUNDS; round++) {
        for (const clients of CONCURRENCY) {
          const api = await apiCached(clients);
          const uncached = await apiUncached(clients);
          const engine = await load(engineTargets, clients);
          log(
            `${size} listings, ${clients} client(s), round ${round}: API p95 ${api.p95} ms (${api.requestsPerS}/s, ` +
              `cache hit rate ${api.cacheHitRate}), API without cache p95 ${uncached.p95} ms ` +
              `(${uncached.requestsPerS}/s), Meilisearch alone p95 ${engine.p95} ms (${engine.requestsPerS}/s)`,
          );
          runs.push({ round, clients, api, uncached, engine });
        }
      }
      sizes.push({
        listings: size,
        generateMs,
        reindexMs,
        meiliRssMbBefore: rssBefore,
        meiliRssMbAfter: meiliRssMb(),
        indexDocuments: stats.numberOfDocuments,
        indexRawDocumentDbSizeMb: stats.rawDocumentDbSize ? round2(stats.rawDocumentDbSize / 2 ** 20) : null,
        totals: queries.map((q) => ({ query: q.name, totalHits: q.totalHits })),
        quietWait: quiet,
        cpuDuringMeasurements: cpuBetween(cpu0, cpuSnapshot()),
        runs,
      });
    }

    const result = {
      benchmark: 'search',
      startedAt: startedAt.toISOString(),
      revision: git(['rev-parse', '--short', 'HEAD']),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        memoryGb: round2(totalmem() / 2 ** 30),
        nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
        loadAverageAtEnd: loadavg().map(round2),
      },
      settings: { secondsPerMeasurement: SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, queryMix: QUERY_MIX },
      sizes,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'search.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(RESULTS_DIR, 'search.md'), markdown(result));
    log(`written to ${join(RESULTS_DIR, 'search.md')}`);
    return 0;
  } finally {
    await cleanup();
    const left = alive(pids);
    if (left.length) log(`processes left behind: ${left.join('; ')}`);
  }
}

/** One measurement of `load`. */
type Measured = Stats & { requestsPerS: number; errors: number; cpuMsPerRequest: number | null };

type Result = {
  startedAt: string;
  revision: string;
  machine: { cpus: number; model: string; memoryGb: number; loadAverageAtEnd: number[] };
  settings: { secondsPerMeasurement: number; rounds: number };
  sizes: {
    listings: number;
    reindexMs: number;
    generateMs: number;
    meiliRssMbBefore: number | null;
    meiliRssMbAfter: number | null;
    indexRawDocumentDbSizeMb: number | null;
    totals: { query: string; totalHits: number }[];
    quietWait: { waitedS: number; otherCores: number; quiet: boolean };
    cpuDuringMeasurements: { otherCores: number; oursCores: number };
    runs: {
      round: number;
      clients: number;
      api: Measured & { cacheHitRate: number | null };
      uncached: Measured;
      engine: Measured;
    }[];
  }[];
};

/** The results as the Markdown page `bench/results/search.md`. */
function markdown(r: Result): string {
  const lines = [
    '# Search benchmark',
    '',
    `\`npm run bench:search\` at ${r.revision}, ${r.startedAt}; ${r.machine.cpus} × ${r.machine.model}, ` +
      `${r.machine.memoryGb} GB; load average at the end ${r.machine.loadAverageAtEnd.join(' / ')}. ` +
      `Each measurement ${r.settings.secondsPerMeasurement} s, ${r.settings.rounds} rounds, the API (with its ` +
      'search cache, as deployed), the API without the cache and Meilisearch alone (the bodies the API sends ' +
      'without the cache) interleaved; clients in worker threads; latencies in ms. The query mix repeats 8 board ' +
      'queries (as the web sends them: always a `kind`), so the cached API answers nearly all of them from ' +
      'memory (hit rate per measurement: searches answered from the cache / all searches); the uncached ' +
      'columns are every search reaching Meilisearch (a query nobody asked since the index last changed).',
    '',
  ];
  for (const s of r.sizes) {
    lines.push(
      `## ${s.listings.toLocaleString('en')} listings`,
      '',
      `Generated in ${round2(s.generateMs / 1000)} s; reindex (build aside, swap) **${round2(s.reindexMs / 1000)} s**; ` +
        `Meilisearch RSS ${s.meiliRssMbBefore ?? '?'} → ${s.meiliRssMbAfter ?? '?'} MB; documents ` +
        `${s.indexRawDocumentDbSizeMb ?? '?'} MB. Other processes used ${s.cpuDuringMeasurements.otherCores} cores ` +
        `during the measurements (quiet moment ${s.quietWait.quiet ? 'found' : 'not found'} after ${s.quietWait.waitedS} s).`,
      '',
      '| round | clients | API req/s | API p50 | API p95 | API p99 | cache hits | no cache req/s | no cache p50 | ' +
        'no cache p95 | no cache p99 | Meili req/s | Meili p50 | Meili p95 | Meili p99 |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...s.runs.map(
        (x) =>
          `| ${x.round} | ${x.clients} | ${x.api.requestsPerS} | ${x.api.p50} | ${x.api.p95} | ${x.api.p99} | ` +
          `${x.api.cacheHitRate === null ? '–' : `${Math.round(x.api.cacheHitRate * 100)} %`} | ` +
          `${x.uncached.requestsPerS} | ${x.uncached.p50} | ${x.uncached.p95} | ${x.uncached.p99} | ` +
          `${x.engine.requestsPerS} | ${x.engine.p50} | ${x.engine.p95} | ${x.engine.p99} |`,
      ),
      '',
      "CPU per answered request (ms; this benchmark's processes: API, Meilisearch, PostgreSQL and the client " +
        "threads), which the machine's other work does not change much: 2 cores answer at most 2,000 / this " +
        'many requests per second.',
      '',
      '| round | clients | API | API without cache | Meilisearch alone |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...s.runs.map(
        (x) =>
          `| ${x.round} | ${x.clients} | ${x.api.cpuMsPerRequest ?? '–'} | ${x.uncached.cpuMsPerRequest ?? '–'} | ` +
          `${x.engine.cpuMsPerRequest ?? '–'} |`,
      ),
      '',
      'Totals the board shows (exact: `maxTotalHits` no longer caps them):',
      '',
      '| query | totalHits |',
      '| --- | ---: |',
      ...s.totals.map((t) => `| ${t.query} | ${t.totalHits} |`),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
