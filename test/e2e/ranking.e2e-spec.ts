import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MatchPage, OrgMatchDto, usccCheckChar } from '@jiebang/contracts';
import { MatchingService } from '../../apps/api/src/matching/matching.service';
import { ListingIndexerService } from '../../apps/api/src/search/listing-indexer.service';
import { ORGANIZATIONS_INDEX } from '../../apps/api/src/search/listing-index';
import { SearchEngine } from '../../apps/api/src/search/search-engine.port';
import { SearchHitCache } from '../../apps/api/src/search/search-hit-cache';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';

/**
 * What the ranking's speed rests on must never change its answers (bench/README.md): the candidate counters
 * kept by triggers on `organization` always equal a fresh count, whatever writes happen; the ranking's `total`
 * is the number of candidates the full scan finds; and cached Meilisearch hits are dropped once the index
 * changes. Real PostgreSQL and Meilisearch.
 */
describe('ranking: candidate counters, totals and cached search hits', () => {
  let app: INestApplication;
  let db: DataSource;
  let staff: string;

  beforeAll(async () => {
    app = await bootApp('ranking');
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    staff = await tokenFor(app, 'staff.broker');
  });
  afterAll(() => app.close());

  /** The counters, and the same numbers counted afresh from `organization` (only non-zero groups). */
  const counters = async () => {
    const kept: { type: string; in_region: boolean; n: string }[] = await db.query(
      `SELECT type, in_region, n::text FROM organization_candidate_count WHERE n <> 0 ORDER BY type, in_region`,
    );
    const fresh: { type: string; in_region: boolean; n: string }[] = await db.query(
      `SELECT type, coalesce(region_code BETWEEN '150000' AND '159999', false) AS in_region, count(*)::text AS n
       FROM organization WHERE verified AND independent_legal_person GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    return { kept, fresh };
  };

  it('keeps the candidate counters equal to a fresh count through inserts, updates, deletes and TRUNCATE', async () => {
    let c = await counters();
    expect(c.kept.length).toBeGreaterThan(3);
    expect(c.kept).toEqual(c.fresh);

    // Self-registration inserts an unverified organisation: no candidate yet. Verifying it makes one.
    const body17 = '91150102MA0RRY871'; // not in the demo data
    const reg = await request(app.getHttpServer())
      .post('/api/v1/organizations')
      .send({
        uscc: `${body17}${usccCheckChar(body17)}`,
        name: '测试计数科技有限公司',
        type: 'enterprise',
        regionCode: '150102',
        account: { username: 'count.test', password: 'Str0ng-Passw0rd', displayName: '计数' },
      })
      .expect(201);
    const newId = reg.body.id as string;
    c = await counters();
    expect(c.kept).toEqual(c.fresh);
    const inRegionEnterprises = () => Number(c.kept.find((r) => r.type === 'enterprise' && r.in_region)?.n ?? 0);
    const before = inRegionEnterprises();
    await request(app.getHttpServer())
      .post(`/api/v1/organizations/${newId}/verify`)
      .set('Authorization', `Bearer ${staff}`)
      .send({})
      .expect(200);
    c = await counters();
    expect(c.kept).toEqual(c.fresh);
    expect(inRegionEnterprises()).toBe(before + 1);

    // Updates that move organisations between groups, several rows per statement; a region out of Inner
    // Mongolia, a type change, a branch (no independent legal person), an unverification, a NULL region.
    await db.query(`UPDATE organization SET region_code = '110105' WHERE id = $1`, [newId]);
    await db.query(
      `UPDATE organization SET type = 'tech_enterprise'
       WHERE id IN (SELECT id FROM organization WHERE type = 'enterprise' AND verified ORDER BY name LIMIT 5)`,
    );
    await db.query(
      `UPDATE organization SET independent_legal_person = NOT independent_legal_person
       WHERE id IN (SELECT id FROM organization ORDER BY name DESC LIMIT 3)`,
    );
    await db.query(
      `UPDATE organization SET verified = false WHERE id IN (SELECT id FROM organization ORDER BY id LIMIT 4)`,
    );
    await db.query(`UPDATE organization SET region_code = NULL WHERE id = $1`, [newId]);
    c = await counters();
    expect(c.kept).toEqual(c.fresh);

    // A statement that changes nothing a counter sees, and one that deletes.
    await db.query(`UPDATE organization SET note = coalesce(note, '') || ' '`);
    await db.query(`UPDATE organization SET verified = true, region_code = '150203' WHERE id = $1`, [newId]);
    await db.query(`DELETE FROM app_user WHERE org_id = $1`, [newId]);
    await db.query(`DELETE FROM organization WHERE id = $1`, [newId]);
    c = await counters();
    expect(c.kept).toEqual(c.fresh);

    // A rolled-back write leaves the counters as they were; TRUNCATE empties them (rolled back here).
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE organization SET verified = NOT verified`);
      await runner.query(`TRUNCATE organization CASCADE`);
      expect(await runner.query(`SELECT count(*)::int AS n FROM organization_candidate_count`)).toEqual([{ n: 0 }]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    c = await counters();
    expect(c.kept).toEqual(c.fresh);
  });

  it('reports as total the number of candidates the full scan finds, for both kinds of listing', async () => {
    const listings: { id: string; kind: string }[] = await db.query(
      `SELECT DISTINCT ON (kind) id, kind FROM listing
       WHERE status = 'published' AND field IS NOT NULL AND poster_org_id IS NOT NULL ORDER BY kind, title`,
    );
    expect(listings.map((l) => l.kind)).toEqual(['achievement', 'challenge']);
    const matching = app.get(MatchingService);
    for (const l of listings) {
      const res = await request(app.getHttpServer())
        .get(`/api/v1/listings/${l.id}/matches`)
        .query({ pageSize: 5 })
        .set('Authorization', `Bearer ${staff}`)
        .expect(200);
      const page = res.body as MatchPage<OrgMatchDto>;
      const full = await matching.candidatesFor(l.id, 1, 5, { fullScan: true });
      expect(page.total).toBeGreaterThan(5);
      expect(page.total).toBe(full.total);
      expect(page.items).toEqual(full.items);
    }
  });

  it('counts what the pages list: a branch (分公司) the final check drops is not counted either (issue 16 item 6)', async () => {
    const listings: { id: string; kind: string; field: string; region_code: string | null }[] = await db.query(
      `SELECT DISTINCT ON (kind) id, kind, field, region_code FROM listing
       WHERE status = 'published' AND field IS NOT NULL AND poster_org_id IS NOT NULL ORDER BY kind, title`,
    );
    // A branch recorded as independent, known as a branch only by its in-force edge from a candidate head office,
    // made as attractive as possible (the listing's field and city, a large capital) so that it would be on page 1.
    const [head]: { id: string }[] = await db.query(
      `SELECT id FROM organization WHERE verified AND independent_legal_person AND type = 'enterprise'
         AND region_code LIKE '15%' ORDER BY name LIMIT 1`,
    );
    const branches: string[] = [];
    for (const l of listings) {
      const [b]: { id: string }[] = await db.query(
        `INSERT INTO organization (name, type, region_code, verified, independent_legal_person, fields,
                                   registered_capital_fen, main_business)
         VALUES ($1, 'enterprise', $2, true, true, ARRAY[$3]::text[], 100000000000, '分公司') RETURNING id`,
        [`测试分公司(${l.kind})`, l.region_code ?? '150203', l.field],
      );
      await db.query(
        `INSERT INTO control_edge (controller_org_id, controlled_org_id, kind, source) VALUES ($1, $2, 'branch', '测试')`,
        [head.id, b.id],
      );
      branches.push(b.id);
    }
    const matching = app.get(MatchingService);
    for (const l of listings) {
      for (const fullScan of [false, true]) {
        const first = await matching.candidatesFor(l.id, 1, 10, { fullScan });
        expect(first.items).toHaveLength(10);
        const seen: string[] = [];
        for (let page = 1; ; page += 1) {
          const p = await matching.candidatesFor(l.id, page, 50, { fullScan });
          seen.push(...p.items.map((i) => i.orgId));
          if (p.items.length < 50) {
            expect(seen.length).toBe(first.total);
            break;
          }
        }
        expect(seen.some((id) => branches.includes(id))).toBe(false);
      }
    }
  });

  it('derives the fields of organisations that declared none, marked with their sources, for field fit (issue 16 item 7)', async () => {
    const [tianhe]: { id: string }[] = await db.query(
      `SELECT id FROM organization WHERE name = '包头天和磁材科技股份有限公司'`,
    );
    const org = await request(app.getHttpServer())
      .get(`/api/v1/organizations/${tianhe.id}`)
      .set('Authorization', `Bearer ${staff}`)
      .expect(200);
    expect(org.body).toMatchObject({
      fields: expect.arrayContaining(['rare_earth']),
      fieldsDerived: true,
      fieldSources: expect.arrayContaining([{ field: 'rare_earth', from: expect.arrayContaining(['name']) }]),
    });
    const [derived]: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM organization WHERE verified AND fields_derived AND cardinality(fields) > 0`,
    );
    expect(derived.n).toBeGreaterThan(10);
    const [listing]: { id: string }[] = await db.query(
      `SELECT id FROM listing WHERE status = 'published' AND kind = 'challenge' AND field = 'rare_earth'
         AND poster_org_id IS NOT NULL ORDER BY title LIMIT 1`,
    );
    const page = await app.get(MatchingService).candidatesFor(listing.id, 1, 20);
    const fits = page.items.filter((i) => i.parts.find((p) => p.name === 'fieldFit')?.points === 30);
    expect(fits.length).toBeGreaterThan(0);
    expect(fits.some((i) => /推断自/.test(i.parts.find((p) => p.name === 'fieldFit')?.explanation ?? ''))).toBe(true);
  });

  it('gives the same pages to rankings run at once (two connections each) as to one at a time', async () => {
    const ids: { id: string }[] = await db.query(
      `SELECT id FROM listing WHERE status = 'published' AND field IS NOT NULL ORDER BY title LIMIT 4`,
    );
    const get = (id: string) =>
      request(app.getHttpServer())
        .get(`/api/v1/listings/${id}/matches`)
        .query({ pageSize: 10 })
        .set('Authorization', `Bearer ${staff}`);
    const one: Awaited<ReturnType<typeof get>>[] = [];
    for (const l of ids) one.push(await get(l.id).expect(200));
    // 16 rankings at once would need 32 connections of the pool of 10: they queue for their pairs.
    const many = await Promise.all(Array.from({ length: 16 }, (_, i) => get(ids[i % ids.length].id)));
    expect(many.map((r) => r.status)).toEqual(Array(16).fill(200));
    many.forEach((r, i) => expect(r.body).toEqual(one[i % ids.length].body));
  });

  it('serves repeated searches from the cache until the index changes, then searches again', async () => {
    const cache = app.get(SearchHitCache);
    const engine = app.get(SearchEngine);
    const query = { q: '钕铁硼', limit: 1000, attributes: ['id'] };
    const version = await engine.version(ORGANIZATIONS_INDEX);
    expect(version).not.toBeNull();

    const misses = cache.stats.misses;
    const [first] = await cache.search<{ id: string }>(ORGANIZATIONS_INDEX, [query]);
    const [again] = await cache.search<{ id: string }>(ORGANIZATIONS_INDEX, [query]);
    expect(again).toBe(first);
    expect(cache.stats.misses).toBe(misses + 1);

    // `limit` returns the same first hits, in the same order, as numbered pages.
    const [paged] = await engine.search<{ id: string }>(ORGANIZATIONS_INDEX, [
      { q: '钕铁硼', page: 1, hitsPerPage: 1000, attributes: ['id'] },
    ]);
    expect(first.hits.map((h) => h.id)).toEqual(paged.hits.map((h) => h.id));

    // An organisation starts making 钕铁硼: once it is indexed, the version moves and the cache searches again.
    const [org]: { id: string }[] = await db.query(
      `SELECT id FROM organization WHERE id <> ALL($1::uuid[]) ORDER BY name LIMIT 1`,
      [first.hits.map((h) => h.id)],
    );
    await db.query(`UPDATE organization SET main_business = '烧结钕铁硼永磁体' WHERE id = $1`, [org.id]);
    await app.get(ListingIndexerService).indexOrganizations([org.id]);
    expect(await engine.version(ORGANIZATIONS_INDEX)).not.toBe(version);
    const [after] = await cache.search<{ id: string }>(ORGANIZATIONS_INDEX, [query]);
    expect(cache.stats.misses).toBe(misses + 2);
    expect(after.hits.map((h) => h.id)).toContain(org.id);
    expect(first.hits.map((h) => h.id)).not.toContain(org.id);
  });
});
