import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Field, ListingSearchResponse } from '@jiebang/contracts';
import { createApplication } from '../../apps/api/src/app/bootstrap';
import { loadConfig } from '../../apps/api/src/config/env.config';
import { ListingIndexerService } from '../../apps/api/src/search/listing-indexer.service';
import { LISTINGS_INDEX } from '../../apps/api/src/search/listing-index';
import { MeilisearchAdapter } from '../../apps/api/src/search/meilisearch.adapter';
import { SEARCH_CHANNEL } from '../../apps/api/src/search/search-announcer';
import { SearchEngine } from '../../apps/api/src/search/search-engine.port';
import { SearchHitCache } from '../../apps/api/src/search/search-hit-cache';
import { bootApp, demoData, e2eEndpoints, importAndIndex } from '../helpers/app';

/** Polls `cond` every 20 ms until true; fails after 15 s (a guard against hanging, not a timing assertion). */
async function until(what: string, cond: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 15_000;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The public board over the real demo data, against real PostgreSQL and Meilisearch. */
describe('public board (GET /api/v1/listings)', () => {
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await bootApp('board');
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
  });
  afterAll(() => app.close());

  const search = async (query: Record<string, string | number>) => {
    const res = await request(app.getHttpServer()).get('/api/v1/listings').query(query).expect(200);
    return res.body as ListingSearchResponse;
  };

  async function dbCounts(column: string, where = ''): Promise<Record<string, number>> {
    const rows: { v: string | null; n: string }[] = await db.query(
      `SELECT ${column} AS v, count(*) AS n FROM listing l LEFT JOIN organization o ON o.id = l.poster_org_id
       WHERE l.status = 'published' ${where} GROUP BY 1`,
    );
    return Object.fromEntries(rows.filter((r) => r.v !== null).map((r) => [r.v, Number(r.n)]));
  }

  it('finds the graphene listings for 石墨烯, with highlights', async () => {
    const graphene: { id: string; title: string }[] = await db.query(
      `SELECT id, title FROM listing WHERE field = 'graphene' AND status = 'published'`,
    );
    expect(graphene.length).toBeGreaterThanOrEqual(5);
    const body = await search({ q: '石墨烯', hitsPerPage: 100 });
    const ids = body.hits.map((h) => h.id);
    for (const g of graphene) expect(ids).toContain(g.id);
    for (const h of body.hits.filter((x) => x.title.includes('石墨烯'))) {
      expect(h._formatted?.title).toContain('<mark>石墨烯</mark>');
    }
    expect(body.hits.every((h) => h.field === Field.Graphene || JSON.stringify(h._formatted).includes('<mark>'))).toBe(
      true,
    );
  });

  it('facet counts equal the database counts', async () => {
    const body = await search({});
    expect(body.totalHits).toBe(
      Number((await db.query(`SELECT count(*) n FROM listing WHERE status='published'`))[0].n),
    );
    expect(body.facetDistribution.field).toEqual(await dbCounts('l.field'));
    expect(body.facetDistribution.kind).toEqual(await dbCounts('l.kind'));
    expect(body.facetDistribution.regionCode).toEqual(await dbCounts('l.region_code'));
    expect(body.facetDistribution.posterOrgType).toEqual(await dbCounts('o.type'));
  });

  it('counts each facet under the other filters but not its own (disjunctive)', async () => {
    const body = await search({ kind: 'achievement', field: 'rare_earth' });
    expect(body.facetDistribution.field).toEqual(await dbCounts('l.field', `AND l.kind = 'achievement'`));
    expect(body.facetDistribution.kind).toEqual(await dbCounts('l.kind', `AND l.field = 'rare_earth'`));
    expect(body.totalHits).toBe((await dbCounts('l.kind', `AND l.field = 'rare_earth'`)).achievement);
    expect(body.hits.every((h) => h.kind === 'achievement' && h.field === 'rare_earth')).toBe(true);
  });

  it('filters by region code and poster type', async () => {
    // A 旗县区 code (not ending in 00) matches exactly; 盟市 codes include their 旗县区 (next test).
    const byRegion = await dbCounts('l.region_code', `AND l.region_code NOT LIKE '%00'`);
    const [code, n] = Object.entries(byRegion).sort((a, b) => b[1] - a[1])[0];
    const body = await search({ regionCode: code, hitsPerPage: 100 });
    expect(body.totalHits).toBe(n);
    expect(body.hits.every((h) => h.regionCode === code)).toBe(true);
    const byType = await search({ posterOrgType: 'enterprise', hitsPerPage: 100 });
    expect(byType.totalHits).toBe((await dbCounts('o.type')).enterprise);
  });

  it('regions are a hierarchy: 鄂尔多斯市 includes its 旗 and counts them (issue 16 item 18)', async () => {
    const ordos: { id: string; region_code: string }[] = await db.query(
      `SELECT id, region_code FROM listing WHERE status = 'published' AND region_code LIKE '1506%'`,
    );
    const inBanners = ordos.filter((r) => r.region_code !== '150600');
    expect(inBanners.length).toBeGreaterThan(0);
    const body = await search({ regionCode: '150600', hitsPerPage: 100 });
    expect(body.totalHits).toBe(ordos.length);
    expect(body.hits.map((h) => h.id).sort()).toEqual(ordos.map((r) => r.id).sort());
    // Counted under the 盟市 (its own listings plus its 旗'), the 旗 under their own codes, with or without the filter.
    for (const b of [await search({}), body]) {
      expect(b.facetDistribution.cityCode['150600']).toBe(ordos.length);
      expect(b.facetDistribution.regionCode[inBanners[0].region_code]).toBe(
        ordos.filter((r) => r.region_code === inBanners[0].region_code).length,
      );
    }
    expect(body.hits.find((h) => h.id === inBanners[0].id)).toMatchObject({
      cityCode: '150600',
      regionPath: ['150000', '150600', inBanners[0].region_code],
    });
    // A 旗 code finds only that 旗.
    const banner = await search({ regionCode: inBanners[0].region_code, hitsPerPage: 100 });
    expect(banner.hits.every((h) => h.regionCode === inBanners[0].region_code)).toBe(true);
  });

  it('filters and sorts by the listing terms: 合作方式, 榜额 range, 揭榜截止 (issue 16 item 16)', async () => {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM listing WHERE status = 'published' AND kind = 'challenge' ORDER BY title LIMIT 3`,
    );
    expect(rows).toHaveLength(3);
    const [a, b, c] = rows.map((r) => r.id);
    // 100 万元, 500 万元, none; deadlines: past, future, none (Beijing dates).
    await db.query(
      `UPDATE listing SET offer_amount_fen = 1000000000, cooperation_forms = '{transfer,license}',
              apply_deadline = DATE '2020-01-31' WHERE id = $1`,
      [a],
    );
    await db.query(
      `UPDATE listing SET offer_amount_fen = 5000000000, cooperation_forms = '{development}',
              apply_deadline = DATE '2099-12-31' WHERE id = $1`,
      [b],
    );
    await db.query(`UPDATE listing SET cooperation_forms = '{development}' WHERE id = $1`, [c]);
    const indexer = app.get(ListingIndexerService);
    for (const id of [a, b, c]) await indexer.indexOne(id);

    const dev = await search({ kind: 'challenge', cooperationForm: 'development', hitsPerPage: 100 });
    expect(dev.hits.map((h) => h.id).sort()).toEqual([b, c].sort());
    expect(dev.facetDistribution.cooperationForms).toMatchObject({ development: 2, transfer: 1, license: 1 });

    const range = await search({ kind: 'challenge', amountMinFen: 2000000000, hitsPerPage: 100 });
    expect(range.hits.map((h) => h.id)).toEqual([b]);
    const upTo = await search({ kind: 'challenge', amountMinFen: 0, amountMaxFen: 1000000000, hitsPerPage: 100 });
    expect(upTo.hits.map((h) => h.id)).toEqual([a]);

    const byAmount = await search({ kind: 'challenge', sort: 'amount_desc', hitsPerPage: 2 });
    expect(byAmount.hits.map((h) => h.id)).toEqual([b, a]);
    expect(byAmount.hits[0]).toMatchObject({ offerAmountFen: 5000000000, applyDeadline: '2099-12-31' });
    const byDeadline = await search({ kind: 'challenge', sort: 'deadline_asc', hitsPerPage: 2 });
    expect(byDeadline.hits.map((h) => h.id)).toEqual([a, b]);

    const open = await search({ kind: 'challenge', applyOpen: 'true', hitsPerPage: 100 });
    const openIds = open.hits.map((h) => h.id);
    expect(openIds).toContain(b);
    expect(openIds).toContain(c);
    expect(openIds).not.toContain(a);
    const all = await search({ kind: 'challenge', hitsPerPage: 1 });
    expect(open.totalHits).toBe(all.totalHits - 1);
  });

  it('paginates without overlap', async () => {
    const p1 = await search({ hitsPerPage: 5, page: 1 });
    const p2 = await search({ hitsPerPage: 5, page: 2 });
    expect(p1.hits).toHaveLength(5);
    expect(p2.page).toBe(2);
    expect(p1.totalPages).toBe(Math.ceil(p1.totalHits / 5));
    const overlap = p2.hits.filter((h) => p1.hits.some((x) => x.id === h.id));
    expect(overlap).toEqual([]);
  });

  it.each([
    [{ field: 'graphite' }, 'field'],
    [{ kind: 'tender' }, 'kind'],
    [{ regionCode: '15020' }, 'regionCode'],
    [{ posterOrgType: 'bank' }, 'posterOrgType'],
    [{ taken: 'yes' }, 'taken'],
    [{ cooperationForm: 'gift' }, 'cooperationForm'],
    [{ amountMinFen: '1.5' }, 'amountMinFen'],
    [{ sort: 'random' }, 'sort'],
    [{ hitsPerPage: 1000 }, 'hitsPerPage'],
    [{ page: 0 }, 'page'],
    [{ color: 'red' }, 'color'],
  ])('rejects unknown filter values %j with 400 VALIDATION_FAILED', async (query, property) => {
    const res = await request(app.getHttpServer()).get('/api/v1/listings').query(query).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { property: string }) => d.property)).toContain(property);
  });

  it('serves a listing with every form field and its sources', async () => {
    const [row] = await db.query(`SELECT id FROM listing WHERE total_investment_fen IS NOT NULL LIMIT 1`);
    const res = await request(app.getHttpServer()).get(`/api/v1/listings/${row.id}`).expect(200);
    expect(res.body).toMatchObject({
      id: row.id,
      status: 'published',
      totalInvestmentFen: expect.stringMatching(/^\d+$/),
      sourceUrls: expect.arrayContaining([expect.stringMatching(/^https?:\/\//)]),
    });
    for (const key of [
      'resultType',
      'achievementType',
      'hasOwnIp',
      'ipTypes',
      'summary',
      'team',
      'suggestedTimeLimit',
    ]) {
      expect(res.body).toHaveProperty(key);
    }
  });

  it('answers 404 for an unknown listing and 400 for a malformed id', async () => {
    const r404 = await request(app.getHttpServer())
      .get('/api/v1/listings/6f1c2b8e-6a38-4d8c-9a57-1f2e3d4c5b6a')
      .expect(404);
    expect(r404.body.code).toBe('NOT_FOUND');
    await request(app.getHttpServer()).get('/api/v1/listings/not-a-uuid').expect(400);
  });

  const searchOn = async (a: INestApplication) =>
    (await request(a.getHttpServer()).get('/api/v1/listings').query({ q: '石墨烯', hitsPerPage: 100 }).expect(200))
      .body as ListingSearchResponse;
  const ids = (b: ListingSearchResponse) => b.hits.map((h) => h.id);
  /** The hits (in any order: a document indexed again may come elsewhere among equals) and the total. */
  const found = (b: ListingSearchResponse) => ({ ids: ids(b).sort(), totalHits: b.totalHits });
  const aGrapheneListing = async (): Promise<{ id: string; title: string }> =>
    (
      await db.query(
        `SELECT id, title FROM listing WHERE status = 'published' AND field = 'graphene' ORDER BY title LIMIT 1`,
      )
    )[0];
  /** Searches on `a` until `cond` holds of the answer (an announcement has arrived), then once more: it stays. */
  const settles = async (a: INestApplication, what: string, cond: (b: ListingSearchResponse) => boolean) => {
    await until(what, async () => cond(await searchOn(a)));
    expect(cond(await searchOn(a))).toBe(true);
  };

  it('answers a repeated search from the cache without reading the index version, yet shows a withdrawal and a republication in every API process once announced', async () => {
    // A second API process on the same database and index (its own cache), as behind a load balancer.
    const other = await createApplication(
      loadConfig({ SEED_DEMO: 'false', LOG_LEVEL: 'warn', MEILI_INDEX_PREFIX: 'board_', QUEUE_PREFIX: 'test_board_b' }),
      e2eEndpoints(),
    );
    try {
      const row = await aGrapheneListing();
      const cache = app.get(SearchHitCache);
      const otherCache = other.get(SearchHitCache);
      // Both hear the index-change announcements (jiebang_search): versions are not read per request.
      expect([cache.listening, otherCache.listening]).toEqual([true, true]);
      const before = await searchOn(app);
      expect(ids(before)).toContain(row.id);
      expect(ids(await searchOn(other))).toContain(row.id);
      const { hits, versionReads } = cache.stats;
      const otherHits = otherCache.stats.hits;
      expect(await searchOn(app)).toEqual(before);
      expect(await searchOn(other)).toEqual(before);
      // Answered from the caches (nothing changed), without asking Meilisearch for the version.
      expect(cache.stats.hits).toBeGreaterThan(hits);
      expect(otherCache.stats.hits).toBeGreaterThan(otherHits);
      expect(cache.stats.versionReads).toBe(versionReads);

      // Withdrawn (as the index job does after the transaction) through this process: gone from its very next
      // search (its own announcement is synchronous), and from the other's once the announcement has arrived
      // (the other would otherwise answer from its cache for up to 60 s).
      await db.query(`UPDATE listing SET status = 'closed' WHERE id = $1`, [row.id]);
      await app.get(ListingIndexerService).indexOne(row.id);
      const after = await searchOn(app);
      expect(ids(after)).not.toContain(row.id);
      expect(after.totalHits).toBe(before.totalHits - 1);
      await settles(other, 'the withdrawal announced to the other process', (b) => !ids(b).includes(row.id));
      expect((await searchOn(other)).totalHits).toBe(before.totalHits - 1);

      // Published again through the other process: back on its next search, and on this one's once announced.
      await db.query(`UPDATE listing SET status = 'published' WHERE id = $1`, [row.id]);
      await other.get(ListingIndexerService).indexOne(row.id);
      expect(ids(await searchOn(other))).toContain(row.id);
      await settles(app, 'the republication announced to this process', (b) => ids(b).includes(row.id));
      expect(found(await searchOn(app))).toEqual(found(before));
    } finally {
      await other.close();
    }
  });

  it('sees a rebuild of the index made by another process (npm run reindex) once it is announced', async () => {
    const row = await aGrapheneListing();
    const cache = app.get(SearchHitCache);
    const before = await searchOn(app);
    expect(ids(before)).toContain(row.id);
    // Closed in PostgreSQL only: the index (and this process's cache) still have it until the rebuild.
    await db.query(`UPDATE listing SET status = 'closed' WHERE id = $1`, [row.id]);
    try {
      expect(ids(await searchOn(app))).toContain(row.id);
      const announcements = cache.stats.announcements;
      await promisify(execFile)('npm', ['run', '--silent', 'reindex'], {
        cwd: resolve(__dirname, '..', '..'),
        env: {
          ...process.env,
          DATABASE_URL: process.env.E2E_DATABASE_URL,
          MEILI_URL: process.env.E2E_MEILI_URL,
          MEILI_MASTER_KEY: process.env.E2E_MEILI_KEY,
          MEILI_INDEX_PREFIX: 'board_',
          QUEUE_PREFIX: 'test_board_cli',
          REDIS_URL: '',
          LOG_LEVEL: 'warn',
        },
      });
      await settles(app, 'the rebuild announced by the CLI', (b) => !ids(b).includes(row.id));
      expect(cache.stats.announcements).toBeGreaterThan(announcements);
      expect((await searchOn(app)).totalHits).toBe(before.totalHits - 1);
    } finally {
      await db.query(`UPDATE listing SET status = 'published' WHERE id = $1`, [row.id]);
      await app.get(ListingIndexerService).indexOne(row.id);
    }
    expect(found(await searchOn(app))).toEqual(found(before));
  }, 240_000);

  it('reads the index version again when its listening connection is lost, and hears announcements after reconnecting', async () => {
    const row = await aGrapheneListing();
    const cache = app.get(SearchHitCache);
    const engine = app.get(SearchEngine);
    const uid = engine.indexUid(LISTINGS_INDEX);
    // Writes to the index that nobody announces: Meilisearch used directly, not through the API's engine.
    const silent = new MeilisearchAdapter(
      process.env.E2E_MEILI_URL ?? '',
      process.env.E2E_MEILI_KEY || undefined,
      'board_',
    );
    const listeners = async (): Promise<number[]> =>
      (
        (await db.query(`SELECT pid FROM pg_stat_activity WHERE query = $1`, [`LISTEN ${SEARCH_CHANNEL}`])) as {
          pid: number;
        }[]
      ).map((r) => r.pid);
    const before = await searchOn(app);
    expect(ids(before)).toContain(row.id);
    expect(cache.listening).toBe(true);
    try {
      // Removed without a word: while listening, the cache keeps answering what it has (announcements say when).
      await silent.delete(LISTINGS_INDEX, [row.id]);
      expect(ids(await searchOn(app))).toContain(row.id);

      // The listening connection is killed: announcements may be lost, so the version is read again (per request
      // until listening again, then once more), and the removal shows.
      const [pid] = await listeners();
      expect(pid).toBeDefined();
      const reads = cache.stats.versionReads;
      await db.query('SELECT pg_terminate_backend($1)', [pid]);
      await until('the listening connection gone', async () => !(await listeners()).includes(pid));
      const gap = await searchOn(app);
      expect(ids(gap)).not.toContain(row.id);
      expect(gap.totalHits).toBe(before.totalHits - 1);
      expect(cache.stats.versionReads).toBeGreaterThan(reads);

      // Listening again: an announcement from another connection is heard (and trusted: no read per request).
      await until('listening again', async () => cache.listening && (await listeners()).length === 1);
      expect(await listeners()).not.toContain(pid);
      await searchOn(app);
      const trusted = cache.stats.versionReads;
      await searchOn(app);
      expect(cache.stats.versionReads).toBe(trusted);
      await app.get(ListingIndexerService).indexOne(row.id); // back in the index, announced (this process)
      expect(ids(await searchOn(app))).toContain(row.id);
      await silent.delete(LISTINGS_INDEX, [row.id]);
      await db.query('SELECT pg_notify($1, $2)', [SEARCH_CHANNEL, uid]);
      await settles(app, 'the announcement after the reconnect', (b) => !ids(b).includes(row.id));
    } finally {
      await app.get(ListingIndexerService).indexOne(row.id);
    }
    expect(found(await searchOn(app))).toEqual(found(before));
  });

  it('shows list-level records as announcements, never as listings', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/announcements').expect(200);
    expect(res.body).toHaveLength(6);
    const title: string = res.body[0].title;
    const inListings = await db.query(`SELECT count(*) n FROM listing WHERE title = $1`, [title]);
    expect(Number(inListings[0].n)).toBe(0);
    const body = await search({ q: title.slice(0, 12), hitsPerPage: 100 });
    expect(body.hits.map((h) => h.title)).not.toContain(title);
  });
});

describe('unknown API routes', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await bootApp('routes');
  });
  afterAll(() => app.close());

  it('the board of an empty platform answers 200 with no hits (the index exists from the start)', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/listings').query({ q: '石墨烯' }).expect(200);
    expect(res.body).toMatchObject({ hits: [], totalHits: 0 });
  });

  it('answer a JSON 404, never the web app', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});
