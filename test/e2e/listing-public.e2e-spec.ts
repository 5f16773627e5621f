import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';

/** What the import's provenance notes say, which never belongs on a public page (issue 16 item 14). */
const PROVENANCE = [
  /未见于摘录/,
  /未在来源中写明/,
  /来源原文/,
  /发榜方原文/,
  /推断字段/,
  /\bfield\s*[取亦]/,
  /\b(field|region|regionCode)\b/,
];

/** Every string member of a JSON value (keys excluded), depth first. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/**
 * The public listing DTOs against the real import of the shipped demo data (issue 16 item 14): no provenance
 * note, inferred-field list or mirror link reaches a reader; a poster named only by a remark reads as such; the
 * date readers see is the source's, never the import's.
 */
describe('public listing DTOs (issue 16 item 14)', () => {
  let app: INestApplication;
  let db: DataSource;
  let ids: { id: string; kind: string }[];
  let mirrors: Set<string>;

  beforeAll(async () => {
    app = await bootApp('listing_public');
    db = app.get(DataSource);
    const data = demoData() as {
      listings: { mirrorSource?: string[] }[];
      organizations: { mirrorSource?: string[] }[];
    };
    mirrors = new Set([...data.listings, ...data.organizations].flatMap((r) => r.mirrorSource ?? []));
    await importAndIndex(app, data);
    await seedAccounts(app);
    ids = await db.query(`SELECT id, kind FROM listing WHERE status = 'published' ORDER BY title`);
  });
  afterAll(() => app.close());

  it('serves no provenance note, inferred field or mirror link to the public, for every imported listing', async () => {
    expect(ids.length).toBeGreaterThan(30);
    const [{ noted }] = await db.query(`SELECT count(*)::int AS noted FROM listing WHERE note IS NOT NULL`);
    expect(noted).toBeGreaterThan(5); // the notes exist: the check below is not vacuous
    for (const { id } of ids) {
      const res = await request(app.getHttpServer()).get(`/api/v1/listings/${id}`).expect(200);
      expect(res.body).toMatchObject({ note: null, inferredFields: [] });
      expect(res.body.mirrorUrls).toBeUndefined();
      const { id: _id, ...rest } = res.body as Record<string, unknown>;
      for (const s of strings(rest)) {
        expect(mirrors.has(s)).toBe(false);
        if (/^https?:/.test(s)) continue; // official source links (their paths may hold any word)
        for (const p of PROVENANCE) expect({ id, text: s, match: p.test(s) }).toEqual({ id, text: s, match: false });
      }
      expect(res.body.posterName).not.toMatch(/^[(（]/);
    }
  });

  it('keeps the board search hits free of provenance too', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/listings?hitsPerPage=100').expect(200);
    expect(res.body.hits.length).toBe(ids.length);
    for (const hit of res.body.hits as Record<string, unknown>[]) {
      const { id: _id, _formatted, ...rest } = hit;
      for (const s of strings(rest)) for (const p of PROVENANCE.slice(0, 6)) expect(s).not.toMatch(p);
      expect(`${hit.posterName}`).not.toMatch(/^[(（]/);
    }
  });

  it('gives the announcements’ notes to staff only', async () => {
    const pub = await request(app.getHttpServer()).get('/api/v1/announcements').expect(200);
    expect(pub.body.length).toBe(6);
    for (const a of pub.body) expect(a.note).toBeNull();
    const staff = await request(app.getHttpServer())
      .get('/api/v1/announcements')
      .set('Authorization', `Bearer ${await tokenFor(app, 'staff.broker')}`)
      .expect(200);
    expect(staff.body.some((a: { note: string | null }) => /field取氢能为代表/.test(a.note ?? ''))).toBe(true);
    const enterprise = await request(app.getHttpServer())
      .get('/api/v1/announcements')
      .set('Authorization', `Bearer ${await tokenFor(app, 'enterprise.demo')}`)
      .expect(200);
    for (const a of enterprise.body) expect(a.note).toBeNull();
  });

  it('dates an imported listing by its source (publishedOn null, sourceYear kept), a posted one by its publication day', async () => {
    const [imported] = await db.query(
      `SELECT id, source_year FROM listing WHERE import_key IS NOT NULL AND source_year IS NOT NULL ORDER BY title LIMIT 1`,
    );
    const res = await request(app.getHttpServer()).get(`/api/v1/listings/${imported.id}`).expect(200);
    expect(res.body.publishedOn).toBeNull();
    expect(res.body.sourceYear).toBe(imported.source_year);
    // A listing posted on the platform (no import key), published at 2026-03-01 17:30 UTC = 03-02 01:30 Beijing.
    await db.query(`UPDATE listing SET import_key = NULL, published_at = '2026-03-01T17:30:00Z' WHERE id = $1`, [
      imported.id,
    ]);
    const posted = await request(app.getHttpServer()).get(`/api/v1/listings/${imported.id}`).expect(200);
    expect(posted.body.publishedOn).toBe('2026-03-02');
  });
});
