/**
 * HTTP read-path benchmark (`npm run bench:http`, issue 17 item 1): four read paths of the API against their
 * physical limit — a raw `node:http` server that sends the same SQL (or the same Meilisearch query) and writes the
 * same JSON bytes, with nothing else in between (no Nest, no Express, no guards, no validation, no TypeORM):
 *
 * | endpoint | API | raw baseline |
 * | --- | --- | --- |
 * | listing detail | `GET /api/v1/listings/:id` (anonymous) | `pg` Pool: the listing joined with its poster (what TypeORM's `findOne({ relations: { poster } })` read) + the 揭榜结果 query of `ListingsService.results(id)` — the API now reads both in one statement (`listing-detail.query.ts`) |
 * | public notice list | `GET /api/v1/notices` | `pg` Pool: `DealReadService.summaries` |
 * | an organisation's deal list | `GET /api/v1/deals` as `enterprise.demo` (bearer token) | `pg` Pool: `count(*)` + `summaries` for that organisation (the token is sent and ignored) |
 * | board search | `GET /api/v1/listings?q=稀土&hitsPerPage=10` | `fetch` of Meilisearch `/multi-search` with the body the API sends (captured from the API) + `ListingsService.search`'s mapping |
 *
 * Processes: this file is forked in three roles (`BENCH_HTTP_ROLE`): `api` (the real application from
 * `createApplication`, demo data loaded with `SEED_DEMO=true`: organisations, listings, accounts and the 【演示】
 * deals), `raw` (the baseline server) and `load` (one autocannon run, 20 connections). The main process starts
 * embedded PostgreSQL + Meilisearch (`test/setup/services.ts`), the two servers, then fetches every endpoint from
 * both and compares the bodies byte for byte — it exits 1 with a diff excerpt when they differ (nothing is
 * normalised: none of the four bodies carries a per-request value). Then, per round and per endpoint, it runs the
 * load against the API (A) and against the raw server (B), one after the other (interleaved), each in a fresh
 * child process so the load generator never shares an event loop with a server. Writes `bench/results/http.md`
 * with req/s, p50 and p99 per run, the medians, the ratio API/raw and the load average before and
 * after; stops every process it started and checks with `ps` that none is left.
 *
 * Environment: BENCH_HTTP_SECONDS (per run, default 15), BENCH_HTTP_ROUNDS (default 3), BENCH_HTTP_CONNECTIONS
 * (default 20), BENCH_QUIET_WAIT_S (default 60: how long to wait at most for a quiet machine before measuring).
 */
import 'reflect-metadata';
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
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
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 20);
const WARMUP_REQUESTS = 50;
/** `BENCH_HTTP_PROFILE=<dir>`: the API process writes a V8 CPU profile (`--cpu-prof`) there when it stops. */
const PROFILE_DIR = process.env.BENCH_HTTP_PROFILE;
/** `BENCH_HTTP_ONLY=<regex>`: measure only the endpoints whose name matches (while iterating on one of them). */
const ONLY = process.env.BENCH_HTTP_ONLY ? new RegExp(process.env.BENCH_HTTP_ONLY, 'i') : undefined;
const ROLE_ENV = 'BENCH_HTTP_ROLE';
const INDEX_PREFIX = 'benchhttp_';
/** The demo account whose organisation's deals are listed (包头钢铁(集团)有限责任公司, README "Demo accounts"). */
const DEAL_USER = 'enterprise.demo';
/** The board search measured: a keyword with hits in the demo data, first page, the board's page size. */
const SEARCH_PATH = `/api/v1/listings?${new URLSearchParams({ q: '稀土', hitsPerPage: '10' }).toString()}`;

/** What the main process tells the raw server (environment `BENCH_HTTP_RAW`, JSON). */
interface RawConfig {
  databaseUrl: string;
  meiliUrl: string;
  meiliApiKey: string;
  /** The organisation of DEAL_USER: the raw deal list reads its deals (the bearer token is not checked). */
  dealOrgId: string;
  /** API path of the board search → the `/multi-search` body the API sends Meilisearch for it. */
  searches: Record<string, string>;
}

/** One endpoint measured: its name in the results, the path, and the headers both servers get. */
interface Endpoint {
  name: string;
  path: string;
  headers: Record<string, string>;
}

/** One autocannon run: throughput (mean of the per-second counts) and latency percentiles in ms. */
interface Run {
  requestsPerS: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

// ---------------------------------------------------------------------------------------------------------
// Child process helpers

/** Forks this file in `role` with `env` added; resolves with the child and its first IPC message. */
function forkRole<T>(
  role: string,
  env: Record<string, string>,
  execArgv: string[] = [],
): Promise<{ child: ChildProcess; first: T }> {
  return new Promise((ready, fail) => {
    const child = fork(__filename, [], {
      env: { ...process.env, ...env, [ROLE_ENV]: role },
      execArgv: [...process.execArgv, ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m) => ready({ child, first: m as T }));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`${role} process exited (${code}) before it was ready`)));
  });
}

/** Sends `msg` to `child` and resolves with its next message. */
function ask<T>(child: ChildProcess, msg: unknown): Promise<T> {
  return new Promise((done) => {
    child.once('message', (m) => done(m as T));
    child.send(msg as object);
  });
}

/** Stops `child` (SIGTERM, then SIGKILL after 10 s) and waits for its exit. */
async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      done();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------------------------------
// Role `api`: the real application

/**
 * The real application on a free port, demo data loaded. Answers `{ capture: path }` with the `/multi-search`
 * bodies the API sends Meilisearch while serving `path` (captured by wrapping `fetch` for that one request).
 */
async function apiRole(): Promise<void> {
  const { createApplication } = await import('../apps/api/src/app/bootstrap');
  const { loadConfig } = await import('../apps/api/src/config/env.config');
  const endpoints = JSON.parse(process.env.BENCH_HTTP_ENDPOINTS ?? '{}') as {
    databaseUrl: string;
    meiliUrl: string;
    meiliApiKey: string;
  };
  const app = await createApplication(
    loadConfig({ SEED_DEMO: 'true', LOG_LEVEL: 'warn', MEILI_INDEX_PREFIX: INDEX_PREFIX, QUEUE_PREFIX: 'benchhttp' }),
    {
      databaseUrl: endpoints.databaseUrl,
      databaseMode: 'external',
      meiliUrl: endpoints.meiliUrl,
      meiliApiKey: endpoints.meiliApiKey || undefined,
      meiliMode: 'external',
      redisUrl: undefined,
    },
  );
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  process.on('message', (m: { capture?: string }) => {
    if (!m.capture) return;
    const path = m.capture;
    void (async () => {
      const bodies: string[] = [];
      const original = globalThis.fetch;
      globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url.startsWith(endpoints.meiliUrl) && url.includes('/multi-search') && typeof init?.body === 'string')
          bodies.push(init.body);
        return original(input, init);
      }) as typeof fetch;
      try {
        const res = await original(`http://127.0.0.1:${port}${path}`);
        await res.arrayBuffer();
      } finally {
        globalThis.fetch = original;
      }
      process.send?.({ bodies });
    })();
  });
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  process.send?.({ port });
}

// ---------------------------------------------------------------------------------------------------------
// Role `raw`: the physical limit

/** The deal summary query of `DealReadService.summaries`, with `tail` (WHERE … ORDER BY … LIMIT). */
const SUMMARIES_SQL = (tail: string) =>
  `SELECT d.id, l.title, d.kind, p.name AS poster, t.name AS taker, d.status, d.amount_fen, d.notice_ends_at,
              to_char(d.notice_last_day, 'YYYY-MM-DD') AS notice_last_day, d.updated_at,
              (SELECT count(*)::int FROM objection o WHERE o.deal_id = d.id AND o.status = 'open') AS open_objections
       FROM deal d JOIN listing l ON l.id = d.listing_id
       JOIN organization p ON p.id = d.poster_org_id JOIN organization t ON t.id = d.taker_org_id ${tail}`;
/** The listing with its poster, the columns TypeORM's `findOne({ where: { id }, relations: { poster: true } })` reads. */
const LISTING_SQL = `SELECT l.id, l.kind, l.field, l.title, l.status, l.result_type, l.achievement_type, l.has_own_ip,
    l.ip_types, l.summary, l.team, l.suggested_time_limit, l.total_investment_fen, l.offer_amount_fen,
    l.apply_deadline, l.cooperation_forms, l.contact_name, l.contact_phone, l.contact_email, l.poster_org_id,
    l.poster_name, l.region_code, l.source_year, l.note, l.inferred_fields, l.source_urls, l.mirror_urls,
    l.published_at, l.demand, l.attested_at, l.attested_by, l.rejection_reason, l.close_reason, l.created_by,
    l.import_key, l.created_at, l.updated_at,
    p.id AS p_id, p.name AS p_name, p.type AS p_type, p.region_code AS p_region_code, p.uscc AS p_uscc
  FROM listing l LEFT JOIN organization p ON p.id = l.poster_org_id WHERE l.id = $1 LIMIT 1`;
/** `ListingsService.results(id)`'s query. */
const RESULTS_SQL = `SELECT DISTINCT ON (l.id) l.id AS listing_id, l.title, l.kind, l.field, l.poster_name, t.name AS taker_name,
              to_char(d.signed_on, 'YYYY-MM-DD') AS signed_on
       FROM deal d JOIN listing l ON l.id = d.listing_id JOIN organization t ON t.id = d.taker_org_id
       WHERE d.signed_on IS NOT NULL AND ($1::uuid IS NULL OR l.id = $1::uuid)
       ORDER BY l.id, d.signed_on`;

/**
 * The baseline server: `node:http`, a `pg` Pool (10 connections, as TypeORM's default) and `fetch` to Meilisearch;
 * each route sends the API's queries and maps the rows to the API's JSON shape with the same code, so the bytes are
 * the same. Anonymous reads only, except `/api/v1/deals`, which lists `dealOrgId`'s deals whatever the token.
 */
async function rawRole(): Promise<void> {
  const { DEAL_STATUS_LABELS, regionFullName } = await import('@jiebang/contracts');
  const { beijingDate } = await import('@jiebang/policy');
  const cfg = JSON.parse(process.env.BENCH_HTTP_RAW ?? '{}') as RawConfig;
  const pool = new Pool({ connectionString: cfg.databaseUrl, max: 10 });
  const meiliHeaders: Record<string, string> = { 'Content-Type': 'application/json', 'Accept-Encoding': 'identity' };
  if (cfg.meiliApiKey) meiliHeaders.Authorization = `Bearer ${cfg.meiliApiKey}`;

  type SummaryRow = {
    id: string;
    title: string;
    kind: string;
    poster: string;
    taker: string;
    status: keyof typeof DEAL_STATUS_LABELS;
    amount_fen: string;
    notice_ends_at: Date | null;
    notice_last_day: string | null;
    open_objections: number;
    updated_at: Date;
  };
  const summaries = async (tail: string, params: unknown[]) =>
    (await pool.query<SummaryRow>(SUMMARIES_SQL(tail), params)).rows.map((r) => ({
      id: r.id,
      listingTitle: r.title,
      kind: r.kind,
      posterName: r.poster,
      takerName: r.taker,
      status: r.status,
      statusLabel: DEAL_STATUS_LABELS[r.status],
      amountFen: String(r.amount_fen),
      noticeEndsAt: r.notice_ends_at ? new Date(r.notice_ends_at).toISOString() : null,
      noticeLastDay: r.notice_last_day,
      openObjections: r.open_objections,
      updatedAt: new Date(r.updated_at).toISOString(),
    }));

  const results = async (listingId: string) =>
    (
      await pool.query<{
        listing_id: string;
        title: string;
        kind: string;
        field: string;
        poster_name: string;
        taker_name: string;
        signed_on: string;
      }>(RESULTS_SQL, [listingId])
    ).rows
      .map((r) => ({
        listingId: r.listing_id,
        listingTitle: r.title,
        kind: r.kind,
        field: r.field,
        posterName: r.poster_name,
        takerName: r.taker_name,
        signedOn: r.signed_on,
      }))
      .sort((a, b) => b.signedOn.localeCompare(a.signedOn) || a.listingTitle.localeCompare(b.listingTitle))
      .slice(0, 200);

  /** `ListingsService.detail` for an anonymous reader (published listings only; contact hidden). */
  const detail = async (id: string) => {
    const {
      rows: [l],
    } = await pool.query<Record<string, never>>(LISTING_SQL, [id]);
    if (!l || l.status !== 'published') return undefined;
    const [result = null] = await results(id);
    const hasContact = !!(l.contact_name || l.contact_phone || l.contact_email);
    const date = (d: Date | null) => (d ? (d as Date).toISOString() : null);
    // TypeORM hands a `date` column over as YYYY-MM-DD in the process's time zone.
    const day = (d: Date | null) =>
      d
        ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
        : null;
    return {
      id: l.id,
      kind: l.kind,
      field: l.field,
      title: l.title,
      status: l.status,
      resultType: l.result_type,
      achievementType: l.achievement_type,
      hasOwnIp: l.has_own_ip,
      ipTypes: l.ip_types,
      summary: l.summary,
      team: l.team,
      suggestedTimeLimit: l.suggested_time_limit,
      totalInvestmentFen: l.total_investment_fen,
      regionCode: l.region_code,
      regionName: regionFullName(l.region_code),
      sourceYear: l.source_year,
      note: null,
      inferredFields: [],
      sourceUrls: l.source_urls,
      publishedAt: date(l.published_at),
      publishedOn: l.published_at && !l.import_key ? beijingDate(l.published_at) : null,
      poster: l.p_id
        ? { id: l.p_id, name: l.p_name, type: l.p_type, regionCode: l.p_region_code, uscc: l.p_uscc }
        : null,
      posterName: l.poster_name,
      demand: l.demand,
      rejectionReason: l.rejection_reason,
      closeReason: l.close_reason,
      attestedAt: date(l.attested_at),
      offerAmountFen: l.offer_amount_fen,
      applyDeadline: day(l.apply_deadline),
      cooperationForms: l.cooperation_forms,
      contact: null,
      contactHidden: hasContact,
      taken: !!result,
      result,
    };
  };

  /** `ListingsService.search`'s mapping of the engine's answer (one request: no facet group selected). */
  const search = async (engineBody: string) => {
    const res = await fetch(`${cfg.meiliUrl}/multi-search`, {
      method: 'POST',
      headers: meiliHeaders,
      body: engineBody,
    });
    const { results: engine } = (await res.json()) as {
      results: {
        hits: Record<string, unknown>[];
        totalHits?: number;
        estimatedTotalHits?: number;
        page?: number;
        totalPages?: number;
        facetDistribution?: Record<string, Record<string, number>>;
      }[];
    };
    const main = engine[0];
    const requested = (JSON.parse(engineBody) as { queries: { facets: string[] }[] }).queries[0].facets;
    return {
      hits: main.hits.map((h) => {
        const f = (h._formatted ?? {}) as Record<string, unknown>;
        return {
          ...h,
          _formatted: {
            title: f.title as string | undefined,
            summary: f.summary as string | undefined,
            posterName: f.posterName as string | undefined,
          },
        };
      }),
      totalHits: main.totalHits ?? main.estimatedTotalHits ?? 0,
      page: main.page ?? 1,
      totalPages: main.totalPages ?? 0,
      facetDistribution: Object.fromEntries(requested.map((a) => [a, main.facetDistribution?.[a] ?? {}])),
    };
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const bytes = Buffer.from(JSON.stringify(body));
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length });
    res.end(bytes);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const [path] = url.split('?');
    if (url in cfg.searches) return send(res, 200, await search(cfg.searches[url]));
    // Deal reads no longer close elapsed notices on the request (a job does, issue 14 item 2): no check query.
    if (path === '/api/v1/notices') {
      return send(
        res,
        200,
        await summaries(`WHERE d.status IN ('on_notice', 'frozen') ORDER BY d.notice_ends_at, d.id LIMIT 200`, []),
      );
    }
    if (path === '/api/v1/deals') {
      const where = `WHERE (d.poster_org_id = $1 OR d.taker_org_id = $1)`;
      const {
        rows: [{ total }],
      } = await pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM deal d ${where}`, [cfg.dealOrgId]);
      const items = await summaries(`${where} ORDER BY d.updated_at DESC, d.id LIMIT 20 OFFSET 0`, [cfg.dealOrgId]);
      return send(res, 200, { items, total, page: 1, pageSize: 20 });
    }
    const m = /^\/api\/v1\/listings\/([0-9a-f-]{36})$/.exec(path);
    if (m) {
      const body = await detail(m[1]);
      return body ? send(res, 200, body) : send(res, 404, { code: 'NOT_FOUND' });
    }
    send(res, 404, { code: 'NOT_FOUND' });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => send(res, 500, { message: e.message }));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void pool.end().finally(() => process.exit(0));
  });
  process.send?.({ port: (server.address() as AddressInfo).port });
}

// ---------------------------------------------------------------------------------------------------------
// Role `load`: one autocannon run

/** One autocannon run against `BENCH_HTTP_URL` (headers `BENCH_HTTP_HEADERS`); reports a `Run`. */
async function loadRole(): Promise<void> {
  const autocannon = (await import('autocannon')).default;
  const result = await autocannon({
    url: process.env.BENCH_HTTP_URL ?? '',
    headers: JSON.parse(process.env.BENCH_HTTP_HEADERS ?? '{}') as Record<string, string>,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  const run: Run = {
    requestsPerS: round2(result.requests.average),
    p50: round2(result.latency.p50),
    p99: round2(result.latency.p99),
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  process.send?.(run, () => process.exit(0));
}

async function measure(url: string, headers: Record<string, string>): Promise<Run> {
  const { child, first } = await forkRole<Run>('load', {
    BENCH_HTTP_URL: url,
    BENCH_HTTP_HEADERS: JSON.stringify(headers),
  });
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  return first;
}

// ---------------------------------------------------------------------------------------------------------
// Main

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? round2(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** The first difference between `a` and `b`, with 120 characters of context. */
function diffExcerpt(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 120);
  return `first difference at character ${i} (lengths ${a.length} / ${b.length}):\n  API: …${a.slice(from, i + 120)}\n  raw: …${b.slice(from, i + 120)}`;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const { startTestServices } = await import('../test/setup/services');
  let services: Awaited<ReturnType<typeof startTestServices>> | undefined;
  let api: ChildProcess | undefined;
  let raw: ChildProcess | undefined;
  let pids: number[] = [];
  const cleanup = async () => {
    pids = [...new Set([...pids, ...descendants(process.pid)])];
    await stopChild(raw);
    await stopChild(api);
    await services?.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    const loadBefore = loadavg().map(round2);
    services = await startTestServices();
    log('services up; starting the API (demo data) …');
    const t0 = now();
    const apiStart = await forkRole<{ port: number }>(
      'api',
      {
        BENCH_HTTP_ENDPOINTS: JSON.stringify({
          databaseUrl: services.databaseUrl,
          meiliUrl: services.meiliUrl,
          meiliApiKey: services.meiliApiKey,
        }),
      },
      PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] : [],
    );
    api = apiStart.child;
    const apiBase = `http://127.0.0.1:${apiStart.first.port}`;
    log(`API up in ${round2(msSince(t0) / 1000)} s at ${apiBase}`);

    // The subjects: a token of DEAL_USER, their organisation, a published listing with a poster and (if any) a
    // signed deal, so the detail carries a 揭榜结果.
    const { DEMO_PASSWORD } = await import('../apps/api/src/auth/demo-accounts');
    const login = await fetch(`${apiBase}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: DEAL_USER, password: DEMO_PASSWORD }),
    });
    if (!login.ok) throw new Error(`login ${DEAL_USER}: HTTP ${login.status} ${await login.text()}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const pool = new Pool({ connectionString: services.databaseUrl, max: 1 });
    const [{ org_id: dealOrgId }] = (
      await pool.query<{ org_id: string }>(`SELECT org_id FROM app_user WHERE username = $1`, [DEAL_USER])
    ).rows;
    const [{ id: listingId }] = (
      await pool.query<{ id: string }>(
        `SELECT l.id FROM listing l WHERE l.status = 'published' AND l.poster_org_id IS NOT NULL
         ORDER BY EXISTS (SELECT 1 FROM deal d WHERE d.listing_id = l.id AND d.signed_on IS NOT NULL) DESC,
                  length(coalesce(l.summary, '')) DESC, l.id LIMIT 1`,
      )
    ).rows;
    const counts = (
      await pool.query<{ notices: number; deals: number; listings: number }>(
        `SELECT (SELECT count(*)::int FROM deal WHERE status IN ('on_notice', 'frozen')) AS notices,
                (SELECT count(*)::int FROM deal WHERE poster_org_id = $1 OR taker_org_id = $1) AS deals,
                (SELECT count(*)::int FROM listing WHERE status = 'published') AS listings`,
        [dealOrgId],
      )
    ).rows[0];
    await pool.end();
    log(
      `data: ${counts.listings} published listings, ${counts.notices} deals on notice, ${counts.deals} deals of ${DEAL_USER}'s organisation`,
    );

    const { bodies } = await ask<{ bodies: string[] }>(api, { capture: SEARCH_PATH });
    if (bodies.length !== 1)
      throw new Error(`expected one /multi-search request for ${SEARCH_PATH}, saw ${bodies.length}`);
    const rawConfig: RawConfig = {
      databaseUrl: services.databaseUrl,
      meiliUrl: services.meiliUrl,
      meiliApiKey: services.meiliApiKey,
      dealOrgId,
      searches: { [SEARCH_PATH]: bodies[0] },
    };
    const rawStart = await forkRole<{ port: number }>('raw', { BENCH_HTTP_RAW: JSON.stringify(rawConfig) });
    raw = rawStart.child;
    const rawBase = `http://127.0.0.1:${rawStart.first.port}`;
    pids = descendants(process.pid);

    const allEndpoints: Endpoint[] = [
      { name: 'listing detail', path: `/api/v1/listings/${listingId}`, headers: {} },
      { name: 'public notice list', path: '/api/v1/notices', headers: {} },
      {
        name: `organisation's deal list (${DEAL_USER})`,
        path: '/api/v1/deals',
        headers: { Authorization: `Bearer ${accessToken}` },
      },
      { name: 'board search (q=稀土)', path: SEARCH_PATH, headers: {} },
    ];
    const endpoints = allEndpoints.filter((e) => !ONLY || ONLY.test(e.name));

    // Same bytes, or no measurement.
    const bodyBytes: Record<string, number> = {};
    for (const e of endpoints) {
      const [a, b] = await Promise.all(
        [apiBase, rawBase].map(async (base) => {
          const res = await fetch(`${base}${e.path}`, { headers: e.headers });
          return { status: res.status, text: await res.text() };
        }),
      );
      if (a.status !== 200 || b.status !== 200 || a.text !== b.text) {
        log(`${e.name}: the bodies differ (API HTTP ${a.status}, raw HTTP ${b.status})`);
        log(diffExcerpt(a.text, b.text));
        return 1;
      }
      bodyBytes[e.name] = Buffer.byteLength(a.text);
      log(`${e.name}: identical bodies, ${bodyBytes[e.name]} bytes`);
    }

    // Warm both servers (JIT, pools, the engine's caches): WARMUP_REQUESTS sequential requests per endpoint each.
    for (const e of endpoints) {
      for (const base of [apiBase, rawBase]) {
        for (let i = 0; i < WARMUP_REQUESTS; i++)
          await (await fetch(`${base}${e.path}`, { headers: e.headers })).text();
      }
    }

    const quiet = await waitForQuietMachine(QUIET_WAIT_S);
    const loadAtStart = loadavg().map(round2);
    const cpu0 = cpuSnapshot();
    const runs: { round: number; endpoint: string; api: Run; raw: Run }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const e of endpoints) {
        const a = await measure(`${apiBase}${e.path}`, e.headers);
        const b = await measure(`${rawBase}${e.path}`, e.headers);
        log(
          `round ${round}, ${e.name}: API ${a.requestsPerS}/s p50 ${a.p50} p99 ${a.p99} ms; ` +
            `raw ${b.requestsPerS}/s p50 ${b.p50} p99 ${b.p99} ms; ratio ${round2(a.requestsPerS / b.requestsPerS)}`,
        );
        runs.push({ round, endpoint: e.name, api: a, raw: b });
      }
    }
    const cpu = cpuBetween(cpu0, cpuSnapshot());
    const loadAfter = loadavg().map(round2);

    const result: Result = {
      benchmark: 'http',
      startedAt: startedAt.toISOString(),
      revision: git(['rev-parse', '--short', 'HEAD']),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        memoryGb: round2(totalmem() / 2 ** 30),
        nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
        node: process.version,
      },
      load: { beforeServices: loadBefore, atStart: loadAtStart, atEnd: loadAfter },
      quietWait: quiet,
      cpuDuringMeasurements: cpu,
      settings: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS },
      data: counts,
      endpoints: endpoints.map((e) => ({ name: e.name, path: e.path, bytes: bodyBytes[e.name] })),
      runs,
    };
    if (ONLY || PROFILE_DIR) {
      log('BENCH_HTTP_ONLY or BENCH_HTTP_PROFILE set: results not written (a partial or profiled run)');
      return 0;
    }
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'http.md'), markdown(result));
    log(`written to ${join(RESULTS_DIR, 'http.md')}`);
    return 0;
  } finally {
    await cleanup();
    const left = alive(pids);
    if (left.length) log(`processes left behind: ${left.join('; ')}`);
  }
}

interface Result {
  benchmark: 'http';
  startedAt: string;
  revision: string;
  machine: { cpus: number; model: string; memoryGb: number; nproc: number; node: string };
  load: { beforeServices: number[]; atStart: number[]; atEnd: number[] };
  quietWait: { waitedS: number; otherCores: number; quiet: boolean };
  cpuDuringMeasurements: { seconds: number; machineCores: number; oursCores: number; otherCores: number };
  settings: { seconds: number; rounds: number; connections: number };
  data: { listings: number; notices: number; deals: number };
  endpoints: { name: string; path: string; bytes: number }[];
  runs: { round: number; endpoint: string; api: Run; raw: Run }[];
}

/** The results as the Markdown page `bench/results/http.md`. */
function markdown(r: Result): string {
  const busy = !r.quietWait.quiet || r.cpuDuringMeasurements.otherCores >= 0.25;
  const lines = [
    '# HTTP read paths against their physical limit',
    '',
    `\`npm run bench:http\` at ${r.revision}, ${r.startedAt}; ${r.machine.cpus} × ${r.machine.model} ` +
      `(nproc ${r.machine.nproc}), ${r.machine.memoryGb} GB, node ${r.machine.node}. autocannon, ` +
      `${r.settings.connections} connections, ${r.settings.seconds} s per run, ${r.settings.rounds} round(s); in each ` +
      'round every endpoint is loaded through the API (A) and then the raw `node:http` + `pg` / Meilisearch server ' +
      '(B), the load generator in a child process of its own, each server in its own process. The bodies were ' +
      'compared byte for byte before measuring (identical). Latencies in ms; ratio = API req/s ÷ raw req/s.',
    '',
    `Load average (1 / 5 / 15 min): before the services ${r.load.beforeServices.join(' / ')}, when measuring began ` +
      `${r.load.atStart.join(' / ')}, at the end ${r.load.atEnd.join(' / ')}. Other processes used ` +
      `${r.cpuDuringMeasurements.otherCores} cores during the measurements; this benchmark's own processes (its ` +
      `servers, services and load generators, counted after they exited) ` +
      `${r.cpuDuringMeasurements.oursCores} (quiet moment ${r.quietWait.quiet ? 'found' : 'not found'} after ` +
      `${r.quietWait.waitedS} s).`,
    '',
    ...(busy
      ? [
          '> **Measured on a busy machine** (other processes were using the CPU, see the load above): the numbers show ' +
            'that the benchmark works, not what the API can do. Re-run on a quiet machine.',
          '',
        ]
      : []),
    ...(r.runs.some((x) => x.api.errors + x.api.non2xx + x.raw.errors + x.raw.non2xx > 0)
      ? [
          '> **Some requests failed** (errors, timeouts or non-2xx answers: see the last column of "Every run"): ' +
            'those runs do not measure the read path alone.',
          '',
        ]
      : []),
    `Data: the demo dataset — ${r.data.listings} published listings, ${r.data.notices} deals on notice, ` +
      `${r.data.deals} deals of the organisation listed.`,
    '',
    '## Medians',
    '',
    '| endpoint | body bytes | API req/s | API p50 | API p99 | raw req/s | raw p50 | raw p99 | API/raw |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.endpoints.map((e) => {
      const rs = r.runs.filter((x) => x.endpoint === e.name);
      const m = (f: (x: (typeof rs)[number]) => number) => median(rs.map(f));
      const ratio = median(rs.map((x) => x.api.requestsPerS / x.raw.requestsPerS));
      return (
        `| ${e.name} | ${e.bytes} | ${m((x) => x.api.requestsPerS)} | ${m((x) => x.api.p50)} | ${m((x) => x.api.p99)} | ` +
        `${m((x) => x.raw.requestsPerS)} | ${m((x) => x.raw.p50)} | ${m((x) => x.raw.p99)} | ${ratio}× |`
      );
    }),
    '',
    '## Every run',
    '',
    '| round | endpoint | API req/s | API p50 | API p99 | raw req/s | raw p50 | raw p99 | API/raw | errors / non-2xx (API, raw) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...r.runs.map(
      (x) =>
        `| ${x.round} | ${x.endpoint} | ${x.api.requestsPerS} | ${x.api.p50} | ${x.api.p99} | ${x.raw.requestsPerS} | ` +
        `${x.raw.p50} | ${x.raw.p99} | ${round2(x.api.requestsPerS / x.raw.requestsPerS)}× | ` +
        `${x.api.errors}/${x.api.non2xx}, ${x.raw.errors}/${x.raw.non2xx} |`,
    ),
    '',
    'Paths: ' + r.endpoints.map((e) => `${e.name} \`${e.path.replace(/[0-9a-f-]{36}/, ':id')}\``).join('; ') + '.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

const role = process.env[ROLE_ENV];
const entry = role === 'api' ? apiRole : role === 'raw' ? rawRole : role === 'load' ? loadRole : undefined;
if (entry) {
  entry().catch((e: unknown) => {
    process.stderr.write(`[bench ${role}] ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  });
} else {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
