import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CarrierKind, IntlCoopBaseType, type CarrierRuleSet, type CarrierThreshold } from '@jiebang/contracts';
import { applicableThresholds, beijingDate, noticePeriod, RULE_SET_NM_INTL_COOP } from '@jiebang/policy';
import { JobsService } from '../../apps/api/src/jobs/jobs.service';
import { ListingIndexerService } from '../../apps/api/src/search/listing-indexer.service';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { testFilingRuleSet } from '../helpers/carriers';
import { schemaLog } from '../helpers/schema';

/**
 * Issue 15 — the carrier platforms' programmes against the real services (PostgreSQL, Meilisearch): a pilot base
 * in 包头 applies in an open round, is recommended by 包头市科技局 within its quota (the 4th is refused), passes
 * formal and expert review, is on notice for 5 working days, is published with its 文号 into the public registry and
 * onto the board as 中试基地; its operation support is computed, capped and approved by a second person; a second
 * platform of the same organisation in the same year gets only the higher amount (就高不重复); a 国合基地 that
 * missed two annual reports is revoked and refused when it reapplies within 3 years. Plus refusals (403, 422, 409).
 */
describe('carrier programmes (issue 15)', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokens: Record<string, string> = {};
  const as = async (username: string) => (tokens[username] ??= await tokenFor(app, username));
  /** POST as `username`; `.expect(status)` fails with the answer's body when the status differs. */
  const post = (username: string, path: string, body: object = {}) => {
    const sent = as(username).then((t) => http().post(`/api/v1${path}`).set(bearer(t)).send(body));
    return Object.assign(sent, {
      expect: (status: number) =>
        sent.then((res) => {
          if (res.status !== status)
            throw new Error(`POST ${path} as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
          return res;
        }),
    });
  };
  const NEW_PASSWORD = '包头载体申报测试口令 2026';

  /** An account created by the administrator, its one-time password replaced: returns its token. */
  async function account(username: string, body: object): Promise<string> {
    const created = await post('staff.admin', '/users', { username, displayName: username, ...body }).expect(201);
    const first = await http()
      .post('/api/v1/auth/login')
      .send({ username, password: created.body.oneTimePassword })
      .expect(200);
    const changed = await http()
      .post('/api/v1/auth/change-password')
      .set(bearer(first.body.accessToken))
      .send({ currentPassword: created.body.oneTimePassword, newPassword: NEW_PASSWORD })
      .expect(200);
    tokens[username] = changed.body.accessToken as string;
    return tokens[username];
  }

  /** A form that meets every applicable threshold at its bound, with every required evidence named. */
  function passingForm(rules: CarrierRuleSet, kind: CarrierKind, intl?: IntlCoopBaseType): Record<string, unknown> {
    const form: Record<string, unknown> = { fields: ['rare_earth'], evidence: {} };
    for (const t of applicableThresholds(rules, kind, intl ?? null) as CarrierThreshold[]) {
      if (t.unit === 'bool') form[t.key] = true;
      else if (t.unit === 'ratio' && t.ratioOf) {
        const [a, b] = t.minRatio ?? [0, t.maxRatio?.[1] ?? 1];
        form[t.ratioOf.part] = a;
        form[t.ratioOf.whole] = b;
      } else form[t.key] = t.min ?? t.max ?? 0;
    }
    for (const e of rules.requiredEvidence) (form.evidence as Record<string, string>)[e.key] = `${e.label}.pdf`;
    delete form.integrityPledge;
    return form;
  }

  /** Uploads one small PDF for each required evidence item of the application (an item counts only with a file). */
  async function attachEvidence(username: string, id: string): Promise<void> {
    const token = await as(username);
    const list = await http().get(`/api/v1/carriers/applications/${id}/evidence`).set(bearer(token)).expect(200);
    for (const item of list.body.items as { key: string; label: string }[])
      await http()
        .post(`/api/v1/carriers/applications/${id}/evidence/${item.key}`)
        .set(bearer(token))
        .attach('file', Buffer.from(`%PDF-1.4\n% ${item.key}\n%%EOF\n`), `${item.label}.pdf`)
        .expect(201);
  }

  const today = beijingDate();
  const plus = (days: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  /** Inner Mongolia's own 备案 rule set as staff would load it (test data: 001's conditions, 002's quotas). */
  const IM_RULES = testFilingRuleSet('nm-test-filing', '测试〔2026〕1号');

  async function openRound(
    programmeId: string,
    kinds: CarrierKind[],
    ruleSetId: string,
    title: string,
  ): Promise<string> {
    const round = await post('staff.broker', '/carriers/rounds', {
      programmeId,
      title,
      documentNo: `内科发〔2026〕${Math.floor(Math.random() * 900 + 100)}号`,
      kinds,
      opensOn: plus(-1),
      closesOn: plus(30),
      recommendDeadline: plus(40),
      ruleSetId,
    }).expect(201);
    await post('staff.broker', `/carriers/rounds/${round.body.id}/open`).expect(200);
    return round.body.id as string;
  }

  async function apply(
    username: string,
    roundId: string,
    kind: CarrierKind,
    platformName: string,
    form: Record<string, unknown>,
    extra: object = {},
  ): Promise<string> {
    const created = await post(username, '/carriers/applications', { roundId, kind, platformName, ...extra }).expect(
      201,
    );
    await http()
      .patch(`/api/v1/carriers/applications/${created.body.id}`)
      .set(bearer(await as(username)))
      .send({ form })
      .expect(200);
    await attachEvidence(username, created.body.id);
    await post(username, `/carriers/applications/${created.body.id}/submit`, { integrityPledge: true }).expect(200);
    return created.body.id as string;
  }

  /** Formal review → experts → site visit → decision → notice (elapsed) → publication. */
  async function throughToPublication(id: string, documentNo: string, publishedOn = today): Promise<string> {
    await post('staff.broker', `/carriers/applications/${id}/formal-review`, {
      pass: true,
      note: '形式审查通过',
    }).expect(200);
    await post('staff.broker', `/carriers/applications/${id}/experts`, { expertUserId: expertId }).expect(200);
    await post('expert.demo', `/carriers/applications/${id}/expert-opinion`, {
      score: 86,
      recommend: true,
      opinion: '条件具备,建议备案',
    }).expect(200);
    await post('staff.broker', `/carriers/applications/${id}/expert-review`, {
      pass: true,
      note: '专家评审通过',
    }).expect(200);
    await post('staff.broker', `/carriers/applications/${id}/site-visit`, {
      pass: true,
      note: '场地、设备与申报一致',
    }).expect(200);
    await post('staff.broker', `/carriers/applications/${id}/decision`, { pass: true, note: '厅务会研究同意' }).expect(
      200,
    );
    await post('staff.broker', `/carriers/applications/${id}/notice`).expect(200);
    await db.query(`UPDATE carrier_application SET notice_ends_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const published = await post('staff.broker', `/carriers/applications/${id}/publish`, {
      documentNo,
      publishedOn,
    }).expect(200);
    return published.body.carrierId as string;
  }

  let expertId: string;
  let instituteOrg: string;
  let boardListingId: string;
  let roundId: string;
  let pilotAppId: string;
  let pilotCarrierId: string;

  beforeAll(async () => {
    app = await bootApp('carriers');
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    expertId = (await db.query(`SELECT id FROM app_user WHERE username = 'expert.demo'`))[0].id;
    instituteOrg = await orgId(app, '包头稀土研究院');
    const [listing] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
       VALUES ('achievement', 'rare_earth', '稀土永磁材料中试成果', 'published', $1, '包头稀土研究院', now()) RETURNING id`,
      [instituteOrg],
    );
    boardListingId = listing.id;
    await (await app.get(ListingIndexerService).enqueueIndex({ id: listing.id, updatedAt: new Date() })).finished();
    const before = await http().get('/api/v1/listings').query({ posterCarrierKind: 'pilot_base' }).expect(200);
    expect(before.body.totalHits).toBe(0);
    await account('baotou.recommender', { role: 'staff', staffRoles: ['recommender'], authority: '150200' });
    await account('ordos.recommender', { role: 'staff', staffRoles: ['recommender'], authority: '150600' });
    await account('jinli.user', { role: 'enterprise', orgId: await orgId(app, '金力永磁(包头)科技有限公司') });
    await post('staff.broker', '/carriers/rule-sets', { rules: IM_RULES }).expect(201);
    roundId = await openRound(
      'platform_filing',
      [CarrierKind.PilotBase, CarrierKind.PilotPlatform],
      'nm-test-filing@1',
      '2026 年中试基地备案',
    );
  }, 300_000);
  afterAll(() => app?.close());

  it('stores the shipped rule sets and refuses a malformed one with the problems listed', async () => {
    const sets = await http()
      .get('/api/v1/carriers/rule-sets')
      .set(bearer(await as('staff.broker')))
      .expect(200);
    expect(sets.body.items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['yn-kegui-2025-11@1', 'nm-kefahe-2019-1@1', 'nm-test-filing@1']),
    );
    const bad = await post('staff.broker', '/carriers/rule-sets', {
      rules: { ...IM_RULES, version: 2, quota: 'three' },
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'CARRIER_RULE_SET_INVALID']);
    const again = await post('staff.broker', '/carriers/rule-sets', { rules: IM_RULES });
    expect([again.status, again.body.code]).toEqual([409, 'CARRIER_RULE_SET_EXISTS']);
  });

  it('refuses the wrong roles: an enterprise opening rounds, a recommender reviewing, anonymous applying', async () => {
    const round = await post('enterprise.demo', '/carriers/rounds', { programmeId: 'platform_filing' });
    expect(round.status).toBe(403);
    const recommenderReview = await post('baotou.recommender', `/carriers/rounds/${roundId}/open`);
    expect([recommenderReview.status, recommenderReview.body.code]).toEqual([403, 'RECOMMENDER_READ_ONLY']);
    await http().post('/api/v1/carriers/applications').send({ roundId, kind: 'pilot_base' }).expect(401);
  });

  it('self-registration may not claim a carrier type (it comes from the registry only)', async () => {
    const before = (await db.query(`SELECT count(*)::int AS n FROM organization`))[0].n;
    const claimed = await http()
      .post('/api/v1/organizations')
      .send({
        uscc: '91150602MA0MYGRT58',
        name: '自称中试基地有限公司',
        type: 'pilot_base',
        regionCode: '150602',
        account: { username: 'self.pilot', password: 'Str0ng-Passw0rd', displayName: '张三' },
      });
    expect([claimed.status, claimed.body.code]).toEqual([422, 'CARRIER_TYPE_FROM_REGISTRY']);
    expect((await db.query(`SELECT count(*)::int AS n FROM organization`))[0].n).toBe(before);
  });

  it('an incomplete submission is refused with what is missing; a repeated or renamed one with 409', async () => {
    const created = await post('institute.demo', '/carriers/applications', {
      roundId,
      kind: CarrierKind.PilotBase,
      platformName: '稀土功能材料中试基地',
    }).expect(201);
    pilotAppId = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', authority: '150200' });
    const form = passingForm(IM_RULES, CarrierKind.PilotBase);
    const { spaceM2: _space, ...withoutSpace } = form;
    await http()
      .patch(`/api/v1/carriers/applications/${pilotAppId}`)
      .set(bearer(await as('institute.demo')))
      .send({ form: withoutSpace })
      .expect(200);
    await attachEvidence('institute.demo', pilotAppId);
    const incomplete = await post('institute.demo', `/carriers/applications/${pilotAppId}/submit`, {
      integrityPledge: false,
    });
    expect([incomplete.status, incomplete.body.code]).toEqual([422, 'CARRIER_APPLICATION_INCOMPLETE']);
    expect(incomplete.body.details.missing.map((m: { key: string }) => m.key)).toEqual(['spaceM2', 'integrityPledge']);
    expect((await db.query(`SELECT status FROM carrier_application WHERE id = $1`, [pilotAppId]))[0].status).toBe(
      'draft',
    );
    // autosave completes the draft; submission signs the pledge
    await http()
      .patch(`/api/v1/carriers/applications/${pilotAppId}`)
      .set(bearer(await as('institute.demo')))
      .send({ form: { spaceM2: 1200 } })
      .expect(200);
    const submitted = await post('institute.demo', `/carriers/applications/${pilotAppId}/submit`, {
      integrityPledge: true,
    }).expect(200);
    expect(submitted.body.status).toBe('submitted');
    expect(submitted.body.integrityPledgeAt).toEqual(expect.any(String));
    // the same platform renamed in the same round (000 五.3)
    const renamed = await post('institute.demo', '/carriers/applications', {
      roundId,
      kind: CarrierKind.PilotBase,
      platformName: '稀土新材料中试基地',
    });
    expect([renamed.status, renamed.body.code, renamed.body.rule]).toEqual([
      409,
      'CARRIER_APPLICATION_DUPLICATE',
      '000 五.3',
    ]);
  });

  it('包头市科技局 recommends within its quota of 3; the 4th is refused; another authority may not act', async () => {
    const queue = await http()
      .get('/api/v1/carriers/applications')
      .set(bearer(await as('baotou.recommender')))
      .expect(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).toEqual([pilotAppId]);
    const foreign = await post('ordos.recommender', `/carriers/applications/${pilotAppId}/recommend`, {
      siteCheck: '已核查',
      creditCheck: '无失信记录',
      opinion: '同意推荐',
    });
    expect([foreign.status, foreign.body.code]).toEqual([403, 'NOT_OWN_AUTHORITY']);
    const form = passingForm(IM_RULES, CarrierKind.PilotPlatform);
    const others = [
      await apply('university.demo', roundId, CarrierKind.PilotPlatform, '冶金工程中试公共服务平台', form),
      await apply('enterprise.demo', roundId, CarrierKind.PilotPlatform, '钢铁新材料中试公共服务平台', form),
      await apply('jinli.user', roundId, CarrierKind.PilotPlatform, '永磁材料中试公共服务平台', form),
    ];
    const recommend = (id: string) =>
      post('baotou.recommender', `/carriers/applications/${id}/recommend`, {
        siteCheck: '实地核查:场地 1200 m²、设备与申报一致',
        creditCheck: '信用中国、科研诚信记录均无不良',
        opinion: '同意推荐',
      });
    const first = await recommend(pilotAppId).expect(200);
    expect(first.body).toMatchObject({
      status: 'recommended',
      recommendation: { siteCheck: expect.any(String), creditCheck: expect.any(String) },
    });
    await recommend(others[0]).expect(200);
    await recommend(others[1]).expect(200);
    const fourth = await recommend(others[2]);
    expect([fourth.status, fourth.body.code, fourth.body.details]).toEqual([
      409,
      'RECOMMENDATION_QUOTA_EXCEEDED',
      { limit: 3, used: 3 },
    ]);
    expect((await db.query(`SELECT status FROM carrier_application WHERE id = $1`, [others[2]]))[0].status).toBe(
      'submitted',
    );
    // After the deadline nothing more is recommended (000 四.2): the 4th, returned instead, is then late.
    await db.query(`UPDATE carrier_round SET recommend_deadline = $2 WHERE id = $1`, [roundId, plus(-1)]);
    const late = await recommend(others[2]);
    expect([late.status, late.body.code]).toEqual([409, 'RECOMMENDATION_DEADLINE_PASSED']);
    await db.query(`UPDATE carrier_round SET recommend_deadline = $2 WHERE id = $1`, [roundId, plus(40)]);
    await post('baotou.recommender', `/carriers/applications/${others[2]}/return`, {
      reason: '名额已满,请下一批次申报',
    }).expect(200);
  });

  it('formal review shows each threshold met with the declared figure; experts recuse; notice of 5 working days; publication', async () => {
    const formal = await post('staff.broker', `/carriers/applications/${pilotAppId}/formal-review`, {
      pass: true,
      note: '材料齐全',
    }).expect(200);
    const space = formal.body.formalReview.thresholds.find((t: { key: string }) => t.key === 'spaceM2');
    expect(space).toMatchObject({ declared: 1200, met: true, rule: '001 §9(三)' });
    expect(
      formal.body.thresholds.every(
        (t: { met: boolean; anyOf: string | null; groupMet: boolean | null }) => t.met || t.groupMet,
      ),
    ).toBe(true);
    // An expert of the applicant's own organisation must recuse.
    const conflicted = await post('staff.admin', '/users', {
      username: 'inhouse.expert',
      displayName: '院内专家',
      role: 'expert',
      orgId: instituteOrg,
    }).expect(201);
    const recuse = await post('staff.broker', `/carriers/applications/${pilotAppId}/experts`, {
      expertUserId: conflicted.body.user.id,
    });
    expect([recuse.status, recuse.body.code]).toEqual([422, 'EXPERT_CONFLICT']);
    await post('staff.broker', `/carriers/applications/${pilotAppId}/experts`, { expertUserId: expertId }).expect(200);
    const early = await post('staff.broker', `/carriers/applications/${pilotAppId}/expert-review`, {
      pass: true,
      note: '通过',
    });
    expect([early.status, early.body.code]).toEqual([409, 'CARRIER_REVIEW_INCOMPLETE']);
    await post('expert.demo', `/carriers/applications/${pilotAppId}/expert-opinion`, {
      score: 88,
      recommend: true,
      opinion: '中试条件完备',
    }).expect(200);
    await post('staff.broker', `/carriers/applications/${pilotAppId}/expert-review`, {
      pass: true,
      note: '专家评审通过',
    }).expect(200);
    await post('staff.broker', `/carriers/applications/${pilotAppId}/site-visit`, {
      pass: true,
      note: '实地考察属实',
    }).expect(200);
    await post('staff.broker', `/carriers/applications/${pilotAppId}/decision`, {
      pass: true,
      note: '厅务会研究同意备案',
    }).expect(200);
    const notice = await post('staff.broker', `/carriers/applications/${pilotAppId}/notice`).expect(200);
    const p = noticePeriod(today, 5);
    expect(notice.body).toMatchObject({ status: 'on_notice', noticeFirstDay: p.firstDay, noticeLastDay: p.lastDay });
    const tooEarly = await post('staff.broker', `/carriers/applications/${pilotAppId}/publish`, {
      documentNo: '内科发〔2026〕88号',
      publishedOn: today,
    });
    expect([tooEarly.status, tooEarly.body.code]).toEqual([409, 'CARRIER_NOTICE_RUNNING']);
    // An objection freezes the notice until staff resolve it.
    const objected = await post('enterprise.demo', `/carriers/applications/${pilotAppId}/objections`, {
      reasons: '申报场地面积与实际不符',
    }).expect(200);
    expect(objected.body.status).toBe('objection');
    const [objection] = await db.query(`SELECT id FROM carrier_objection WHERE application_id = $1`, [pilotAppId]);
    const dismissed = await post('staff.broker', `/carriers/objections/${objection.id}/resolve`, {
      outcome: 'dismissed',
      resolution: '经核实,场地面积属实',
    }).expect(200);
    expect(dismissed.body.status).toBe('on_notice');
    // the notice period elapses (as in the deals suite: the end instant is moved to the past)
    await db.query(`UPDATE carrier_application SET notice_ends_at = now() - interval '1 second' WHERE id = $1`, [
      pilotAppId,
    ]);
    const published = await post('staff.broker', `/carriers/applications/${pilotAppId}/publish`, {
      documentNo: '内科发〔2026〕88号',
      publishedOn: today,
    }).expect(200);
    expect(published.body.status).toBe('published');
    pilotCarrierId = published.body.carrierId;
    const told = await db.query(`SELECT title, link FROM notification WHERE org_id = $1 AND title = '载体已发文公布'`, [
      instituteOrg,
    ]);
    expect(told).toEqual([{ title: '载体已发文公布', link: `/carriers/${pilotCarrierId}` }]);
    const history = await http()
      .get(`/api/v1/carriers/applications/${pilotAppId}/history`)
      .set(bearer(await as('institute.demo')))
      .expect(200);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual([
      'carrier_application_created',
      'carrier_application_submitted',
      'carrier_application_recommended',
      'carrier_formal_review',
      'carrier_expert_assigned',
      'carrier_expert_opinion',
      'carrier_expert_review_closed',
      'carrier_site_visit',
      'carrier_decision',
      'carrier_notice_opened',
      'carrier_objection_lodged',
      'carrier_objection_resolved',
      'carrier_published',
    ]);
  });

  it('the public registry lists it with 文号, date, status and plate name; the organisation is a 中试基地 from the registry', async () => {
    const list = await http().get('/api/v1/carriers').query({ kind: 'pilot_base', regionCode: '1502' }).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      id: pilotCarrierId,
      kind: 'pilot_base',
      hostOrgName: '包头稀土研究院',
      plateName: '内蒙古自治区稀土功能材料中试基地',
      documentNo: '内科发〔2026〕88号',
      publishedOn: today,
      status: 'operating',
      statusLabel: '运行',
    });
    expect((await http().get('/api/v1/carriers').query({ kind: 'innovation_center' }).expect(200)).body.total).toBe(0);
    expect((await http().get('/api/v1/carriers').query({ regionCode: '1506' }).expect(200)).body.total).toBe(0);
    const detail = await http().get(`/api/v1/carriers/${pilotCarrierId}`).expect(200);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['carrier_registered']);
    const org = await http()
      .get(`/api/v1/organizations/${instituteOrg}`)
      .set(bearer(await as('enterprise.demo')))
      .expect(200);
    expect(org.body.carrierKinds).toEqual(['pilot_base']);
    // On the board: the organisation's listing is found as a 中试基地's (the index follows the registry).
    const board = async () =>
      (await http().get('/api/v1/listings').query({ posterCarrierKind: 'pilot_base', hitsPerPage: 100 }).expect(200))
        .body;
    await app.get(JobsService).drain(); // the reindexing jobs enqueued after the publication's commit
    const found = await board();
    const published: { id: string }[] = await db.query(
      `SELECT id FROM listing WHERE poster_org_id = $1 AND status = 'published' ORDER BY id`,
      [instituteOrg],
    );
    expect(published.map((l) => l.id)).toContain(boardListingId);
    expect(
      found.hits
        .map((h: { id: string; posterCarrierKinds: string[] }) => [h.id, h.posterCarrierKinds])
        .sort((x: string[], y: string[]) => (x[0] < y[0] ? -1 : 1)),
    ).toEqual(published.map((l) => [l.id, ['pilot_base']]));
    const centres = await http().get('/api/v1/listings').query({ posterCarrierKind: 'innovation_center' }).expect(200);
    expect(centres.body.totalHits).toBe(0);
  });

  it('annual reports: the host submits, its recommender reviews, staff file; once a year', async () => {
    const year = Number(today.slice(0, 4));
    const report = await post('institute.demo', `/carriers/${pilotCarrierId}/reports`, {
      year,
      content: { serviceRevenueFen: 600000000, pilotProjects: 6 },
    }).expect(201);
    const twice = await post('institute.demo', `/carriers/${pilotCarrierId}/reports`, { year, content: {} });
    expect([twice.status, twice.body.code]).toEqual([409, 'CARRIER_REPORT_EXISTS']);
    const foreign = await post('ordos.recommender', `/carriers/reports/${report.body.id}/review`, {});
    expect([foreign.status, foreign.body.code]).toEqual([403, 'NOT_OWN_AUTHORITY']);
    await post('baotou.recommender', `/carriers/reports/${report.body.id}/review`, { note: '属实' }).expect(200);
    const filed = await post('staff.broker', `/carriers/reports/${report.body.id}/file`, {}).expect(200);
    expect(filed.body).toMatchObject({ status: 'filed', year });
    const detail = await http().get(`/api/v1/carriers/${pilotCarrierId}`).expect(200);
    expect(detail.body.reports).toEqual([expect.objectContaining({ year, status: 'filed' })]);
  });

  it('operation support is computed, capped and approved by a second person; a second platform the same year gets only the higher amount', async () => {
    const year = Number(today.slice(0, 4));
    const proposed = await post('staff.admin', `/carriers/${pilotCarrierId}/support`, {
      kind: 'operation',
      year,
      baseYuan: '6000000.00',
    }).expect(201);
    expect(proposed.body).toMatchObject({
      computedFen: '100000000',
      grantedFen: '100000000',
      capFen: '100000000',
      rateBp: 2000,
      capApplied: true,
      status: 'proposed',
    });
    const self = await post('staff.admin', `/carriers/support/${proposed.body.id}/approve`);
    expect([self.status, self.body.code]).toEqual([409, 'SAME_APPROVER']);
    const brokerApproves = await post('staff.broker', `/carriers/support/${proposed.body.id}/approve`);
    expect(brokerApproves.status).toBe(403);
    await post('staff.approver', `/carriers/support/${proposed.body.id}/approve`).expect(200);
    const paid = await post('staff.approver', `/carriers/support/${proposed.body.id}/disburse`, {
      voucherNo: 'GK-2026-001',
    }).expect(200);
    expect(paid.body).toMatchObject({ status: 'disbursed', voucherNo: 'GK-2026-001' });

    // A concept-validation centre of the same organisation, registered in another round the same year.
    const cvRound = await openRound(
      'platform_filing',
      [CarrierKind.ConceptValidation],
      'nm-test-filing@1',
      '2026 年概念验证中心备案',
    );
    const cvApp = await apply(
      'institute.demo',
      cvRound,
      CarrierKind.ConceptValidation,
      '稀土概念验证中心',
      passingForm(IM_RULES, CarrierKind.ConceptValidation),
    );
    await post('baotou.recommender', `/carriers/applications/${cvApp}/recommend`, {
      siteCheck: '已核查',
      creditCheck: '无不良记录',
      opinion: '同意推荐',
    }).expect(200);
    const cvCarrier = await throughToPublication(cvApp, '内科发〔2026〕99号');
    const second = await post('staff.admin', `/carriers/${cvCarrier}/support`, {
      kind: 'operation',
      year,
      baseYuan: '2000000',
    }).expect(201);
    expect(second.body).toMatchObject({ computedFen: '40000000', grantedFen: '0', capApplied: false });
    expect(second.body.highestNotSum).toMatchObject({ highestFen: '100000000', rule: '001 §14 (就高不重复)' });
    const [{ total }] = await db.query(
      `SELECT sum(granted_fen)::text AS total FROM carrier_support WHERE org_id = $1 AND year = $2 AND status <> 'rejected'`,
      [instituteOrg, year],
    );
    expect(total).toBe('100000000');
    const [org] = await db.query(`SELECT carrier_kinds FROM organization WHERE id = $1`, [instituteOrg]);
    expect(org.carrier_kinds).toEqual(['concept_validation', 'pilot_base']);
  });

  it('a 国合基地 that missed two annual reports is revoked, published, and refused when it reapplies within 3 years', async () => {
    const intlRound = await openRound(
      'intl_coop_recognition',
      [CarrierKind.IntlCoopBase],
      'nm-kefahe-2019-1@1',
      '国际科技合作基地认定',
    );
    const form = passingForm(RULE_SET_NM_INTL_COOP, CarrierKind.IntlCoopBase, IntlCoopBaseType.TechTransferCenter);
    const id = await apply('university.demo', intlRound, CarrierKind.IntlCoopBase, '稀土国际技术转移中心', form, {
      intlBaseType: IntlCoopBaseType.TechTransferCenter,
      direct: true,
    });
    const lastYear = Number(today.slice(0, 4)) - 1;
    const carrierId = await throughToPublication(id, '内科合字〔2024〕9号', `${lastYear - 1}-06-01`);
    const graded = await post('staff.broker', `/carriers/${carrierId}/evaluations`, {
      year: lastYear,
      fromMissedReports: true,
    }).expect(200);
    expect(graded.body).toMatchObject({ status: 'revoked', reapplyBarUntil: expect.any(String) });
    expect(graded.body.evaluations[0]).toMatchObject({ grade: 'unqualified', missedYears: [lastYear - 1, lastYear] });
    expect(graded.body.history.map((h: { action: string }) => h.action)).toEqual([
      'carrier_registered',
      'carrier_evaluated',
      'carrier_revoked',
    ]);
    expect(graded.body.reapplyBarUntil > plus(3 * 365 - 3)).toBe(true);
    const registry = await http()
      .get('/api/v1/carriers')
      .query({ kind: 'intl_coop_base', status: 'revoked' })
      .expect(200);
    expect(registry.body.items[0]).toMatchObject({
      id: carrierId,
      statusLabel: '撤销',
      revocationGround: expect.stringContaining('年度报告'),
    });
    const nextRound = await openRound(
      'intl_coop_recognition',
      [CarrierKind.IntlCoopBase],
      'nm-kefahe-2019-1@1',
      '国际科技合作基地认定(下一批)',
    );
    const again = await post('university.demo', '/carriers/applications', {
      roundId: nextRound,
      kind: CarrierKind.IntlCoopBase,
      intlBaseType: IntlCoopBaseType.TechTransferCenter,
      platformName: '稀土国际技术转移中心',
      direct: true,
    });
    expect([again.status, again.body.code]).toEqual([409, 'CARRIER_REAPPLY_BARRED']);
    expect(again.body.details.reapplyBarUntil).toBe(graded.body.reapplyBarUntil);
  });

  it('every carriers route refuses an anonymous caller (401) and a role it does not admit (403); the registry is public', async () => {
    const Z = '00000000-0000-4000-8000-000000000000';
    const a = `/carriers/applications/${Z}`;
    const rows: [method: 'get' | 'post' | 'patch', path: string, wrongUser: string][] = [
      ['get', '/carriers/rule-sets', 'institute.demo'],
      ['post', '/carriers/rule-sets', 'institute.demo'],
      ['post', '/carriers/rounds', 'enterprise.demo'],
      ['post', `/carriers/rounds/${Z}/open`, 'staff.approver'],
      ['get', '/carriers/applications', 'expert.demo'],
      ['post', '/carriers/applications', 'staff.broker'],
      ['get', a, 'staff.approver'],
      ['get', `${a}/history`, 'staff.approver'],
      ['patch', a, 'staff.broker'],
      ['post', `${a}/submit`, 'staff.broker'],
      ['post', `${a}/recommend`, 'staff.broker'],
      ['post', `${a}/return`, 'enterprise.demo'],
      ['post', `${a}/formal-review`, 'institute.demo'],
      ['post', `${a}/experts`, 'staff.approver'],
      ['post', `${a}/expert-opinion`, 'staff.broker'],
      ['post', `${a}/expert-review`, 'expert.demo'],
      ['post', `${a}/site-visit`, 'baotou.recommender'],
      ['post', `${a}/decision`, 'staff.approver'],
      ['post', `${a}/notice`, 'institute.demo'],
      ['post', `${a}/objections`, 'baotou.recommender'],
      ['post', `/carriers/objections/${Z}/resolve`, 'institute.demo'],
      ['post', `${a}/publish`, 'staff.approver'],
      ['post', `/carriers/reports/${Z}/review`, 'staff.broker'],
      ['post', `/carriers/reports/${Z}/file`, 'staff.approver'],
      ['post', `/carriers/support/${Z}/approve`, 'staff.broker'],
      ['post', `/carriers/support/${Z}/reject`, 'staff.broker'],
      ['post', `/carriers/support/${Z}/disburse`, 'staff.broker'],
      ['post', `/carriers/${Z}/reports`, 'staff.broker'],
      ['post', `/carriers/${Z}/evaluations`, 'staff.approver'],
      ['post', `/carriers/${Z}/revoke`, 'staff.approver'],
      ['get', `/carriers/${Z}/support`, 'institute.demo'],
      ['post', `/carriers/${Z}/support`, 'staff.approver'],
    ];
    const call = (method: 'get' | 'post' | 'patch', path: string) =>
      method === 'get' ? http().get(path) : method === 'post' ? http().post(path) : http().patch(path);
    for (const [method, path, wrong] of rows) {
      const anonymous = await call(method, `/api/v1${path}`).send({});
      expect([path, anonymous.status]).toEqual([path, 401]);
      const refused = await call(method, `/api/v1${path}`)
        .set(bearer(await as(wrong)))
        .send({});
      expect([method, path, wrong, refused.status]).toEqual([method, path, wrong, 403]);
    }
    await http().get('/api/v1/carriers').expect(200);
    await http().get('/api/v1/carriers/rounds').expect(200);
    await http().get(`/api/v1/carriers/${Z}`).expect(404);
  });

  it('lists the three programmes publicly with their type and kinds (the round form offers them)', async () => {
    const { body } = await http().get('/api/v1/carriers/programmes').expect(200);
    expect(body.items.map((p: { id: string; type: string; kinds: string[] }) => [p.id, p.type, p.kinds])).toEqual([
      ['innovation_center_formation', 'formation', ['innovation_center']],
      ['intl_coop_recognition', 'recognition', ['intl_coop_base']],
      ['platform_filing', 'filing', ['concept_validation', 'pilot_base', 'pilot_platform']],
    ]);
  });

  it('keeps the schema of the carriers tables equal to the entities', async () => {
    const log = await schemaLog(db);
    const mine = log.upQueries.map((q) => q.query).filter((q) => /carrier/.test(q));
    expect(mine).toEqual([]);
  });
});
