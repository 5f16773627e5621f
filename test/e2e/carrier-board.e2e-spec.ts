import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type OrgMatchDto } from '@jiebang/contracts';
import { syncOrgCarrierKinds, reindexHost } from '../../apps/api/src/carriers/carrier-common';
import { JobsService } from '../../apps/api/src/jobs/jobs.service';
import { MatchingService } from '../../apps/api/src/matching/matching.service';
import { ListingIndexerService } from '../../apps/api/src/search/listing-indexer.service';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { schemaLog } from '../helpers/schema';

/**
 * Issue 15 §8 — carriers on the board against the real services (PostgreSQL, Meilisearch): the board finds a
 * 技术创新中心's listings by carrier kind; the centre's 依托单位 curates its 技术攻关清单 and 成果转化清单 from its
 * members' listings (refused for a non-member's listing, a listing of the wrong kind, a draft, a duplicate, another
 * organisation's user, a carrier that is no centre); a pilot base's declared capacity counts in matching (bounded,
 * 运行 only, the same order with and without the two-phase ranking); a project validated at a concept-validation
 * centre is handed over to a pilot base, accepted and posted as a 成果转化 listing that shows where it came from.
 * The registration path itself is `carriers.e2e-spec.ts`; here the registry rows are written as it would.
 */
describe('carriers on the board (issue 15 §8)', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const tokens: Record<string, string> = {};
  const as = async (username: string) => (tokens[username] ??= await tokenFor(app, username));
  /** `method` `path` as `username` (anonymous when null). */
  const call = async (
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    username: string | null,
    body?: object,
  ) => {
    const r = http()[method](`/api/v1${path}`);
    if (username) r.set({ Authorization: `Bearer ${await as(username)}` });
    return body === undefined ? r : r.send(body);
  };
  const expectStatus = async (
    p: Promise<request.Response> | request.Test,
    status: number,
    code?: string,
  ): Promise<request.Response> => {
    const res = await p;
    if (res.status !== status || (code && res.body.code !== code))
      throw new Error(`expected ${status} ${code ?? ''}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };

  let institute: string; // 包头稀土研究院: hosts the 技术创新中心 and the 中试基地 (institute.demo)
  let university: string; // 内蒙古科技大学: hosts the 概念验证中心 (university.demo)
  let baogang: string; // 包钢集团: co-builder of the centre (enterprise.demo)
  let jinli: string; // 金力永磁: no member
  let centre: string;
  let pilot: string;
  let concept: string;
  const listings: Record<string, string> = {};

  async function listing(key: string, kind: string, poster: string, status = 'published', field = 'rare_earth') {
    const [row] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, region_code, published_at)
       VALUES ($1, $2, $3, $4, $5, (SELECT name FROM organization WHERE id = $5), '150200',
               $6) RETURNING id`,
      [kind, field, `载体测试:${key}`, status, poster, status === 'published' ? new Date() : null],
    );
    listings[key] = row.id;
    if (status === 'published')
      await (await app.get(ListingIndexerService).enqueueIndex({ id: row.id, updatedAt: new Date() })).finished();
    return row.id as string;
  }

  /** A registry entry written as publication writes it, then the host's carrier kinds and index follow. */
  async function carrier(kind: string, host: string, name: string, status = 'operating'): Promise<string> {
    const [{ id: ruleSetId }] = await db.query(`SELECT id FROM carrier_rule_set ORDER BY id LIMIT 1`);
    const [row] = await db.query(
      `INSERT INTO carrier (kind, host_org_id, name, plate_name, document_no, published_on, status, region_code,
                            fields, rule_set_id)
       VALUES ($1, $2, $3, $4, '内科发〔2026〕7号', '2026-01-05', $5, '150200', ARRAY['rare_earth'], $6) RETURNING id`,
      [kind, host, name, `内蒙古自治区${name}`, status, ruleSetId],
    );
    await syncOrgCarrierKinds(db.manager, host);
    await reindexHost(db.manager, app.get(ListingIndexerService), host);
    await app.get(JobsService).drain();
    return row.id as string;
  }

  beforeAll(async () => {
    app = await bootApp('carrier_board');
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    institute = await orgId(app, '包头稀土研究院');
    university = await orgId(app, '内蒙古科技大学');
    baogang = await orgId(app, '包头钢铁(集团)有限责任公司');
    jinli = await orgId(app, '金力永磁(包头)科技有限公司');
    await listing('institute-achievement', 'achievement', institute);
    await listing('baogang-challenge', 'challenge', baogang);
    await listing('baogang-achievement', 'achievement', baogang);
    await listing('baogang-draft', 'challenge', baogang, 'draft');
    await listing('jinli-challenge', 'challenge', jinli);
    await listing('open-challenge', 'challenge', jinli, 'published', 'rare_earth');
    centre = await carrier('innovation_center', institute, '稀土新材料技术创新中心');
    pilot = await carrier('pilot_base', institute, '稀土功能材料中试基地');
    concept = await carrier('concept_validation', university, '稀土材料概念验证中心');
  }, 240000);

  afterAll(async () => {
    await app?.close();
  });

  it('has a migration for every entity of the board (schema equals entities for its tables)', async () => {
    const log = await schemaLog(db);
    const mine = /carrier_(member|list_item|capacity|project)/;
    expect(log.upQueries.map((q) => q.query).filter((q) => mine.test(q))).toEqual([]);
  });

  it('the board finds a 技术创新中心 by carrier kind, and each hit carries its poster’s carrier kinds', async () => {
    const centres = await expectStatus(
      http().get('/api/v1/listings').query({ posterCarrierKind: 'innovation_center', hitsPerPage: 100 }),
      200,
    );
    const published: { id: string }[] = await db.query(
      `SELECT id FROM listing WHERE poster_org_id = $1 AND status = 'published' ORDER BY id`,
      [institute],
    );
    expect(published.map((l) => l.id)).toContain(listings['institute-achievement']);
    expect(centres.body.hits.map((h: { id: string }) => h.id).sort()).toEqual(published.map((l) => l.id));
    for (const h of centres.body.hits) expect(h.posterCarrierKinds).toEqual(['innovation_center', 'pilot_base'].sort());
    const concepts = await expectStatus(
      http().get('/api/v1/listings').query({ posterCarrierKind: 'concept_validation', hitsPerPage: 100 }),
      200,
    );
    expect(concepts.body.hits.every((h: { posterName: string }) => h.posterName === '内蒙古科技大学')).toBe(true);
    const none = await expectStatus(http().get('/api/v1/listings').query({ posterCarrierKind: 'intl_coop_base' }), 200);
    expect(none.body.totalHits).toBe(0);
    await expectStatus(http().get('/api/v1/listings').query({ posterCarrierKind: 'centre' }), 400);
  });

  it('staff record the centre’s co-builder (003 §30); twice is 409, the host may not, the list is public', async () => {
    const added = await expectStatus(
      call('post', `/carriers/${centre}/members`, 'staff.broker', { orgId: baogang, role: 'co_builder' }),
      201,
    );
    expect(added.body.items.map((m: { orgName: string; roleLabel: string }) => [m.orgName, m.roleLabel])).toEqual([
      ['包头稀土研究院', '依托单位'],
      ['包头钢铁(集团)有限责任公司', '共建单位'],
    ]);
    await expectStatus(
      call('post', `/carriers/${centre}/members`, 'staff.broker', { orgId: baogang, role: 'member' }),
      409,
      'CARRIER_MEMBER_EXISTS',
    );
    await expectStatus(
      call('post', `/carriers/${centre}/members`, 'staff.broker', { orgId: institute, role: 'member' }),
      409,
      'CARRIER_MEMBER_EXISTS',
    );
    await expectStatus(
      call('post', `/carriers/${centre}/members`, 'institute.demo', { orgId: jinli, role: 'member' }),
      403,
    );
    await expectStatus(call('post', `/carriers/${centre}/members`, null, { orgId: jinli, role: 'member' }), 401);
    const pub = await expectStatus(call('get', `/carriers/${centre}/members`, null), 200);
    expect(pub.body.items).toHaveLength(2);
  });

  it('the centre curates its 技术攻关清单 and 成果转化清单 from its members’ listings, with refusals', async () => {
    const add = (user: string, list: string, key: string, carrierId = centre) =>
      call('post', `/carriers/${carrierId}/lists/${list}/items`, user, {
        listingId: listings[key],
        note: '产业链关键',
      });
    await expectStatus(add('institute.demo', 'challenge', 'baogang-challenge'), 201);
    await expectStatus(add('institute.demo', 'achievement', 'institute-achievement'), 201);
    await expectStatus(add('institute.demo', 'achievement', 'baogang-achievement'), 201);
    await expectStatus(add('institute.demo', 'challenge', 'baogang-achievement'), 422, 'CARRIER_LIST_WRONG_KIND');
    await expectStatus(add('institute.demo', 'achievement', 'baogang-challenge'), 422, 'CARRIER_LIST_WRONG_KIND');
    await expectStatus(add('institute.demo', 'challenge', 'jinli-challenge'), 422, 'CARRIER_LIST_NOT_MEMBER');
    await expectStatus(add('institute.demo', 'challenge', 'baogang-draft'), 422, 'CARRIER_LIST_NOT_PUBLISHED');
    await expectStatus(add('institute.demo', 'challenge', 'baogang-challenge'), 409, 'CARRIER_LIST_DUPLICATE');
    // A co-builder's user is no host; a pilot base keeps no such lists; an unknown list is a bad request.
    await expectStatus(add('enterprise.demo', 'challenge', 'baogang-challenge'), 403, 'NOT_CARRIER_HOST');
    await expectStatus(add('institute.demo', 'challenge', 'baogang-challenge', pilot), 422, 'CARRIER_NOT_CENTRE');
    await expectStatus(add('institute.demo', 'demands', 'baogang-challenge'), 400);
    await expectStatus(add('staff.broker', 'challenge', 'baogang-challenge'), 403);
    const refused = await db.query(`SELECT count(*)::int AS n FROM carrier_list_item WHERE carrier_id = $1`, [centre]);
    expect(refused[0].n).toBe(3);

    const pub = await expectStatus(call('get', `/carriers/${centre}/lists`, null), 200);
    expect(pub.body.challenge.map((i: { title: string }) => i.title)).toEqual(['载体测试:baogang-challenge']);
    expect(pub.body.achievement.map((i: { title: string }) => i.title)).toEqual([
      '载体测试:institute-achievement',
      '载体测试:baogang-achievement',
    ]);
    expect(pub.body.challenge[0]).toMatchObject({ posterName: '包头钢铁(集团)有限责任公司', note: '产业链关键' });

    await expectStatus(
      call(
        'delete',
        `/carriers/${centre}/lists/achievement/items/${listings['institute-achievement']}`,
        'institute.demo',
      ),
      200,
    );
    // Removing the co-builder takes its listings off the lists in the same transaction.
    const left = await expectStatus(call('delete', `/carriers/${centre}/members/${baogang}`, 'staff.broker'), 200);
    expect(left.body.items).toHaveLength(1);
    const after = await expectStatus(call('get', `/carriers/${centre}/lists`, null), 200);
    expect([after.body.challenge, after.body.achievement]).toEqual([[], []]);
    const actions: { action: string }[] = await db.query(
      `SELECT action FROM audit_log WHERE entity_type = 'carrier' AND entity_id = $1 ORDER BY seq`,
      [centre],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'carrier_member_added',
      'carrier_list_item_added',
      'carrier_list_item_added',
      'carrier_list_item_added',
      'carrier_list_item_removed',
      'carrier_member_removed',
    ]);
  });

  it('a pilot base’s declared capacity counts in matching: bounded, in its field, only while 运行', async () => {
    const matching = app.get(MatchingService);
    const listingId = listings['open-challenge'];
    /** The institute's entry among every candidate (pages of 50), by the two-phase ranking and by a full scan. */
    const find = async (fullScan: boolean): Promise<{ item: OrgMatchDto; order: string[] }> => {
      const order: string[] = [];
      let item: OrgMatchDto | undefined;
      for (let page = 1; page <= 4; page++) {
        const res = await matching.candidatesFor(listingId, page, 50, { fullScan });
        order.push(...res.items.map((i) => i.orgId));
        item ??= res.items.find((i) => i.orgId === institute);
        if (res.items.length < 50) break;
      }
      if (!item) throw new Error('包头稀土研究院 is no candidate');
      return { item, order };
    };
    const before = await find(false);
    expect(before.item.parts.map((p) => p.name)).not.toContain('carrierCapacity');

    await expectStatus(
      call('put', `/carriers/${pilot}/capacity`, 'institute.demo', {
        items: [{ field: 'hydrogen', pilotLines: 1, description: '氢能中试线' }],
      }),
      422,
      'CARRIER_CAPACITY_FIELD',
    );
    await expectStatus(
      call('put', `/carriers/${pilot}/capacity`, 'university.demo', {
        items: [{ field: 'rare_earth', pilotLines: 1, description: '稀土中试线' }],
      }),
      403,
      'NOT_CARRIER_HOST',
    );
    const declared = await expectStatus(
      call('put', `/carriers/${pilot}/capacity`, 'institute.demo', {
        items: [{ field: 'rare_earth', pilotLines: 9, description: '稀土永磁材料中试线,年处理能力 500 吨' }],
      }),
      200,
    );
    expect(declared.body.items).toEqual([
      expect.objectContaining({
        field: 'rare_earth',
        pilotLines: 9,
        description: '稀土永磁材料中试线,年处理能力 500 吨',
      }),
    ]);
    const pub = await expectStatus(call('get', `/carriers/${pilot}/capacity`, null), 200);
    expect(pub.body.items).toHaveLength(1);

    const after = await find(false);
    const part = after.item.parts.find((p) => p.name === 'carrierCapacity');
    expect(part).toMatchObject({ points: 5, max: 5, label: '载体服务能力' });
    expect(part?.explanation).toContain('内蒙古自治区稀土功能材料中试基地');
    expect(after.item.score).toBeCloseTo(before.item.score + 5, 5);
    expect(after.item.parts.reduce((s, p) => s + p.points, 0)).toBeCloseTo(after.item.score, 5);
    // The two-phase ranking and the full scan agree with the term.
    expect(after.order).toEqual((await find(true)).order);
    // Seen from the organisation: its listings in 稀土 count the term too.
    const mine = await matching.listingsFor(institute, 1, 50);
    const own = mine.items.find((i) => i.listingId === listingId);
    expect(own?.parts.find((p) => p.name === 'carrierCapacity')?.points).toBe(5);

    // 整改: the capacity no longer counts, and a carrier not in 运行 cannot declare.
    await db.query(`UPDATE carrier SET status = 'rectifying' WHERE id = $1`, [pilot]);
    const rectifying = await find(false);
    expect(rectifying.item.parts.map((p) => p.name)).not.toContain('carrierCapacity');
    expect(rectifying.item.score).toBeCloseTo(before.item.score, 5);
    await expectStatus(
      call('put', `/carriers/${pilot}/capacity`, 'institute.demo', { items: [] }),
      409,
      'CARRIER_NOT_OPERATING',
    );
    await db.query(`UPDATE carrier SET status = 'operating' WHERE id = $1`, [pilot]);
  });

  it('a validated project goes from the 概念验证中心 to the 中试基地 and on to a 成果转化 listing that shows its origin', async () => {
    const created = await expectStatus(
      call('post', `/carriers/${concept}/projects`, 'university.demo', {
        title: '高丰度稀土永磁材料制备技术',
        field: 'rare_earth',
        summary: '实验室阶段完成,待概念验证',
      }),
      201,
    );
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'in_pool', statusLabel: '在库', carrierId: concept });
    // Not validated yet; the pilot base does not validate; the host of another carrier may not act.
    await expectStatus(
      call('post', `/carriers/projects/${id}/handover`, 'university.demo', { toCarrierId: pilot }),
      409,
      'ILLEGAL_TRANSITION',
    );
    await expectStatus(
      call('post', `/carriers/projects/${id}/validate`, 'institute.demo', { note: '验证通过' }),
      403,
      'NOT_CARRIER_HOST',
    );
    await expectStatus(call('post', `/carriers/projects/${id}/validate`, 'university.demo', { note: '验证通过' }), 200);
    await expectStatus(
      call('post', `/carriers/projects/${id}/handover`, 'university.demo', { toCarrierId: centre }),
      422,
      'CARRIER_PROJECT_WRONG_CARRIER',
    );
    const offered = await expectStatus(
      call('post', `/carriers/projects/${id}/handover`, 'university.demo', { toCarrierId: pilot, note: '建议中试' }),
      200,
    );
    expect(offered.body).toMatchObject({ status: 'handover_pending', targetCarrierId: pilot, carrierId: concept });
    const pool = await expectStatus(call('get', `/carriers/${pilot}/projects`, 'institute.demo'), 200);
    expect(pool.body.incoming.map((p: { id: string }) => p.id)).toEqual([id]);
    await expectStatus(call('get', `/carriers/${pilot}/projects`, 'enterprise.demo'), 404);
    await expectStatus(call('post', `/carriers/projects/${id}/accept`, 'university.demo'), 403, 'NOT_CARRIER_HOST');
    const accepted = await expectStatus(call('post', `/carriers/projects/${id}/accept`, 'institute.demo'), 200);
    expect(accepted.body).toMatchObject({ status: 'piloting', carrierId: pilot, targetCarrierId: null });

    // The listing: an achievement posted by the base's 依托单位, one project per listing.
    await expectStatus(
      call('post', `/carriers/projects/${id}/listing`, 'institute.demo', {
        listingId: listings['baogang-achievement'],
      }),
      422,
      'CARRIER_PROJECT_LISTING_INVALID',
    );
    await expectStatus(
      call('post', `/carriers/projects/${id}/listing`, 'institute.demo', { listingId: listings['jinli-challenge'] }),
      422,
      'CARRIER_PROJECT_LISTING_INVALID',
    );
    const achievement = listings['institute-achievement'];
    const posted = await expectStatus(
      call('post', `/carriers/projects/${id}/listing`, 'institute.demo', { listingId: achievement }),
      200,
    );
    expect(posted.body).toMatchObject({ status: 'posted', listingId: achievement, originCarrierId: concept });
    expect(posted.body.history.map((h: { action: string }) => h.action)).toEqual([
      'added',
      'validated',
      'handover_offered',
      'handover_accepted',
      'listing_posted',
    ]);

    const origin = await expectStatus(call('get', `/carriers/listing-origin/${achievement}`, null), 200);
    expect(origin.body.text).toBe('概念验证:内蒙古自治区稀土材料概念验证中心 → 中试:内蒙古自治区稀土功能材料中试基地');
    expect(origin.body.stages.map((s: { carrierId: string }) => s.carrierId)).toEqual([concept, pilot]);
    await expectStatus(call('get', `/carriers/listing-origin/${listings['baogang-achievement']}`, null), 404);
    const audit: { action: string; to_status: string }[] = await db.query(
      `SELECT action, to_status FROM audit_log WHERE entity_type = 'carrier_project' AND entity_id = $1 ORDER BY seq`,
      [id],
    );
    expect(audit.map((a) => [a.action, a.to_status])).toEqual([
      ['carrier_project_added', 'in_pool'],
      ['carrier_project_validated', 'validated'],
      ['carrier_project_handover_offered', 'handover_pending'],
      ['carrier_project_handover_accepted', 'piloting'],
      ['carrier_project_listing_posted', 'posted'],
    ]);

    // A second project: the base declines, it is back at the centre, validated; the listing is taken.
    const second = await expectStatus(
      call('post', `/carriers/${concept}/projects`, 'university.demo', { title: '稀土抛光粉回收工艺' }),
      201,
    );
    await expectStatus(
      call('post', `/carriers/projects/${second.body.id}/validate`, 'university.demo', { note: '验证通过' }),
      200,
    );
    await expectStatus(
      call('post', `/carriers/projects/${second.body.id}/handover`, 'university.demo', { toCarrierId: pilot }),
      200,
    );
    const declined = await expectStatus(
      call('post', `/carriers/projects/${second.body.id}/decline`, 'institute.demo', { note: '中试线排期已满' }),
      200,
    );
    expect(declined.body).toMatchObject({ status: 'validated', carrierId: concept, targetCarrierId: null });
    await expectStatus(
      call('post', `/carriers/${centre}/projects`, 'institute.demo', { title: '中心不设项目库' }),
      422,
      'CARRIER_PROJECT_WRONG_CARRIER',
    );
  });
});
