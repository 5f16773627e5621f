import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationDto, AuditEntryDto, ListingSearchResponse } from '@jiebang/contracts';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { elapseNotice, makeDeal, uploadDealFile } from '../helpers/deals';

/** A complete 技术攻关 征集表 (seed 004 annex 1 + the demand block of 004 §9(一)). */
const CHALLENGE = {
  kind: 'challenge',
  title: '流程测试:高炉富氢冶金关键技术攻关',
  field: 'hydrogen',
  resultType: 'industry_generic',
  hasOwnIp: true,
  ipTypes: ['patent'],
  summary: '面向高炉富氢冶金的氢气喷吹与炉况稳定控制技术,降低吨铁碳排放。',
  team: '炼铁厂技术中心 20 人',
  suggestedTimeLimit: '3年',
  totalInvestmentWan: '1200.5',
  demand: {
    background: '钢铁行业碳达峰压力',
    content: '富氢喷吹工艺与装备',
    keyTechnologies: [{ name: '氢气喷吹', targetIndicator: '喷吹量≥50 m³/t' }],
    resultForm: '工艺包与示范线',
    takerRequirements: '具有冶金工程研发经验',
    ipOwnership: '双方共有',
    benefitSharing: '按投入比例分享',
  },
};

const APPLICATION = (listingId: string, memberOrgIds?: string[]) => ({
  listingId,
  memberOrgIds,
  plan: '分三阶段完成富氢喷吹工艺研究、装备研制与工业示范,每阶段设验收节点。',
  team: '稀土与冶金联合团队 12 人',
  budgetWan: '800',
  timetable: [{ milestone: '完成工艺包', dueDate: '2027-06-30' }],
});

/**
 * The pipeline end to end over the HTTP API (seed 004 §9(一)–(五)): post → screen → publish → search finds it →
 * apply → review → recommend, with the refusals along the way and the audit history.
 */
describe('pipeline: post, screen, publish, apply, review, recommend', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let listingId: string;

  const http = () => request(app.getHttpServer());
  const as = (user: string) => ({
    post: (path: string, body: object = {}) => http().post(path).set('Authorization', `Bearer ${t[user]}`).send(body),
    patch: (path: string, body: object) => http().patch(path).set('Authorization', `Bearer ${t[user]}`).send(body),
    get: (path: string) => http().get(path).set('Authorization', `Bearer ${t[user]}`),
  });
  const count = async (table: string) => Number((await db.query(`SELECT count(*) n FROM ${table}`))[0].n);

  beforeAll(async () => {
    app = await bootApp('pipeline');
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of [
      'staff.admin',
      'staff.broker',
      'expert.demo',
      'enterprise.demo',
      'institute.demo',
      'university.demo',
    ])
      t[u] = await tokenFor(app, u);
    ids.steel = await orgId(app, '包头钢铁(集团)有限责任公司');
    ids.union = await orgId(app, '内蒙古包钢钢联股份有限公司');
    ids.institute = await orgId(app, '包头稀土研究院');
    ids.tianhe = await orgId(app, '包头天和磁材科技股份有限公司');
    ids.university = await orgId(app, '内蒙古科技大学');
    ids.nre = await orgId(app, '中国北方稀土(集团)高科技股份有限公司');
  });
  afterAll(() => app.close());

  it('refuses a poster that may not post a challenge (an institute) with its code and rule', async () => {
    const res = await as('institute.demo').post('/api/v1/listings', CHALLENGE);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'POSTER_NOT_ELIGIBLE', rule: '004 §5' });
    expect(await count('listing')).toBe(0);
  });

  it('an enterprise posts a draft, autosaves it, and may not submit it incomplete or unattested', async () => {
    const created = await as('enterprise.demo').post('/api/v1/listings', { kind: 'challenge', title: CHALLENGE.title });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', posterName: '包头钢铁(集团)有限责任公司' });
    listingId = created.body.id;
    const incomplete = await as('enterprise.demo').post(`/api/v1/listings/${listingId}/submit`, {
      attestPublishable: true,
    });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.code).toBe('FORM_INCOMPLETE');
    expect(incomplete.body.details.map((d: { property: string }) => d.property)).toEqual(
      expect.arrayContaining(['field', 'summary', 'demand.keyTechnologies']),
    );
    const tooLong = await as('enterprise.demo').patch(`/api/v1/listings/${listingId}`, { summary: '字'.repeat(3001) });
    expect(tooLong.status).toBe(400);
    const { kind: _k, ...form } = CHALLENGE;
    const saved = await as('enterprise.demo').patch(`/api/v1/listings/${listingId}`, form);
    expect(saved.status).toBe(200);
    expect(saved.body.totalInvestmentFen).toBe('1200500000');
    const unattested = await as('enterprise.demo').post(`/api/v1/listings/${listingId}/submit`, {
      attestPublishable: false,
    });
    expect(unattested.status).toBe(400);
    const [row] = await db.query(`SELECT status FROM listing WHERE id = $1`, [listingId]);
    expect(row.status).toBe('draft');
  });

  it('is not visible to the public before publication, but is to its poster', async () => {
    await http().get(`/api/v1/listings/${listingId}`).expect(404);
    await as('enterprise.demo').get(`/api/v1/listings/${listingId}`).expect(200);
    await as('institute.demo').get(`/api/v1/listings/${listingId}`).expect(404);
  });

  it('refuses each illegal transition with its code and writes nothing', async () => {
    const auditBefore = await count('audit_log');
    const publishDraft = await as('staff.broker').post(`/api/v1/listings/${listingId}/publish`);
    expect(publishDraft.status).toBe(409);
    expect(publishDraft.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', rule: '004 §9(三)' });
    const screenDraft = await as('staff.broker').post(`/api/v1/listings/${listingId}/screening`);
    expect(screenDraft.body.code).toBe('ILLEGAL_TRANSITION');
    const posterPasses = await as('enterprise.demo').post(`/api/v1/listings/${listingId}/pass`);
    expect(posterPasses.status).toBe(403);
    const [row] = await db.query(`SELECT status FROM listing WHERE id = $1`, [listingId]);
    expect(row.status).toBe('draft');
    expect(await count('audit_log')).toBe(auditBefore);
  });

  it('submits, screens with an expert opinion, and two staff passing at once: one wins, one gets 409', async () => {
    await as('enterprise.demo').post(`/api/v1/listings/${listingId}/submit`, { attestPublishable: true }).expect(200);
    await as('staff.broker').post(`/api/v1/listings/${listingId}/screening`).expect(200);
    const experts = await as('staff.broker').get('/api/v1/experts').expect(200);
    const expertId = experts.body[0].id as string;
    await as('expert.demo').get(`/api/v1/listings/${listingId}`).expect(404);
    await as('staff.broker').post(`/api/v1/listings/${listingId}/experts`, { expertUserId: expertId }).expect(204);
    // The invited expert opens the listing it is asked to screen (issue 16 item 8).
    const seen = await as('expert.demo').get(`/api/v1/listings/${listingId}`).expect(200);
    expect(seen.body).toMatchObject({ id: listingId, status: 'screening' });
    await as('expert.demo')
      .post(`/api/v1/listings/${listingId}/opinions`, {
        recommendation: 'pass',
        opinion: '需求明确,符合自治区重点产业方向。',
      })
      .expect(204);
    const opinions = await as('staff.broker').get(`/api/v1/listings/${listingId}/opinions`).expect(200);
    expect(opinions.body).toEqual([expect.objectContaining({ recommendation: 'pass' })]);
    const [a, b] = await Promise.all([
      as('staff.broker').post(`/api/v1/listings/${listingId}/pass`),
      as('staff.admin').post(`/api/v1/listings/${listingId}/pass`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a.body.code, b.body.code]).toContain('ILLEGAL_TRANSITION');
    const passes = await db.query(`SELECT count(*) n FROM audit_log WHERE entity_id = $1 AND action = 'pass'`, [
      listingId,
    ]);
    expect(Number(passes[0].n)).toBe(1);
  });

  it('publishes, and search finds it', async () => {
    await as('staff.broker').post(`/api/v1/listings/${listingId}/publish`).expect(200);
    const deadline = Date.now() + 15000;
    let found = false;
    while (!found && Date.now() < deadline) {
      const res = await http().get('/api/v1/listings').query({ q: '富氢冶金' });
      expect(res.status).toBe(200);
      found = (res.body as ListingSearchResponse).hits.some((h) => h.id === listingId);
      if (!found) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toBe(true);
    const note = await as('enterprise.demo').get('/api/v1/notifications').expect(200);
    expect(note.body.map((n: { title: string }) => n.title)).toContain(`榜单状态变更:${CHALLENGE.title}`);
    expect(note.body.map((n: { body: string }) => n.body)).toContain('论证通过,待发布 → 已发布');
  });

  it('refuses an application by the poster’s subsidiary with 422 INELIGIBLE and the path', async () => {
    // 包钢股份 has no account of its own: check through the API the way the application does.
    const res = await as('staff.broker')
      .post('/api/v1/eligibility/check', { listingId, applicantOrgId: ids.union })
      .expect(200);
    expect(res.body.blocks[0]).toMatchObject({ code: 'SUBSIDIARY_OF_POSTER', path: [ids.steel, '61.2%', ids.union] });
    const before = await count('application');
    const self = await as('enterprise.demo').post('/api/v1/applications', APPLICATION(listingId));
    expect(self.status).toBe(422);
    expect(self.body).toMatchObject({ code: 'INELIGIBLE' });
    expect(self.body.details.blocks[0].code).toBe('SAME_ENTITY');
    const withSubsidiary = await as('university.demo').post(
      '/api/v1/applications',
      APPLICATION(listingId, [ids.union]),
    );
    expect(withSubsidiary.status).toBe(422);
    expect(withSubsidiary.body.details.blocks).toEqual([
      expect.objectContaining({
        code: 'SUBSIDIARY_OF_POSTER',
        orgId: ids.union,
        path: [ids.steel, '61.2%', ids.union],
      }),
    ]);
    // 包钢集团 is 北方稀土's 控股股东 (38.92 %, an explicit control relation), and 北方稀土 controls 包头稀土研究院.
    const grandSubsidiary = await as('institute.demo').post('/api/v1/applications', APPLICATION(listingId));
    expect(grandSubsidiary.status).toBe(422);
    expect(grandSubsidiary.body.details.blocks).toEqual([
      expect.objectContaining({
        code: 'SUBSIDIARY_OF_POSTER',
        orgId: ids.institute,
        path: [ids.steel, '协议控制', ids.nre, '协议控制', ids.institute],
      }),
    ]);
    expect(await count('application')).toBe(before);
  });

  it('004 §15 where it is entered: an application whose timetable runs 6 years is refused and nothing is written', async () => {
    const before = await count('application');
    const sixYears = new Date();
    sixYears.setUTCFullYear(sixYears.getUTCFullYear() + 6);
    const res = await as('university.demo').post('/api/v1/applications', {
      ...APPLICATION(listingId),
      timetable: [
        { milestone: '完成工艺包', dueDate: '2027-06-30' },
        { milestone: '工业示范', dueDate: sixYears.toISOString().slice(0, 10) },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'TIMETABLE_TOO_LONG', rule: '004 §15' });
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'timetable' })]);
    expect(await count('application')).toBe(before);
  });

  let applicationId: string;

  it('an eligible university applies once; a second open application is refused', async () => {
    const res = await as('university.demo').post('/api/v1/applications', APPLICATION(listingId));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'submitted', budgetFen: '800000000' });
    applicationId = res.body.id;
    const again = await as('university.demo').post('/api/v1/applications', APPLICATION(listingId));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPLICATION_EXISTS');
  });

  it('refuses a conflicted expert, keeps scores private until the review closes, and recommends', async () => {
    await as('staff.broker').post(`/api/v1/applications/${applicationId}/review`).expect(200);
    // An expert affiliated with 北方稀土, controlled by the poster 包钢集团 (38.92 %, 控股股东), must recuse.
    const [conflicted] = await db.query(
      `INSERT INTO app_user (username, password_hash, display_name, role, org_id)
       SELECT 'expert.conflicted', password_hash, '关联专家', 'expert', o.id FROM app_user, organization o
       WHERE app_user.username = 'expert.demo' AND o.name = '中国北方稀土(集团)高科技股份有限公司' RETURNING id`,
    );
    const refused = await as('staff.broker').post(`/api/v1/applications/${applicationId}/experts`, {
      expertUserId: conflicted.id,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EXPERT_CONFLICT');
    expect(refused.body.details.path).toEqual([ids.steel, '协议控制', ids.nre]);
    expect(
      Number(
        (await db.query(`SELECT count(*) n FROM expert_assignment WHERE expert_user_id = $1`, [conflicted.id]))[0].n,
      ),
    ).toBe(0);

    const recommendEarly = await as('staff.broker').post(`/api/v1/applications/${applicationId}/recommend`, {
      reason: '方案可行',
    });
    expect([recommendEarly.status, recommendEarly.body.code]).toEqual([409, 'REVIEW_INCOMPLETE']);

    const expertId = (await as('staff.broker').get('/api/v1/experts')).body.find(
      (e: { displayName: string }) => e.displayName === '评审专家',
    ).id;
    await as('staff.broker')
      .post(`/api/v1/applications/${applicationId}/experts`, { expertUserId: expertId })
      .expect(204);
    await as('expert.demo')
      .post(`/api/v1/applications/${applicationId}/scores`, {
        qualification: 22,
        feasibility: 20,
        cost: 18,
        team: 21,
        opinion: '团队扎实,方案可行。',
      })
      .expect(204);
    const applicantView = await as('university.demo').get(`/api/v1/applications/${applicationId}`).expect(200);
    expect(applicantView.body.scores).toBeUndefined();
    const posterView = await as('enterprise.demo').get(`/api/v1/listings/${listingId}/applications`).expect(200);
    expect(posterView.body[0].scores).toBeUndefined();
    const staffView = await as('staff.broker').get(`/api/v1/applications/${applicationId}`).expect(200);
    expect(staffView.body.scores).toEqual([expect.objectContaining({ total: 81 })]);

    const rec = await as('staff.broker').post(`/api/v1/applications/${applicationId}/recommend`, {
      reason: '综合评分最高',
    });
    expect(rec.status).toBe(200);
    expect((rec.body as ApplicationDto).status).toBe('recommended');
    const after = await as('university.demo').get(`/api/v1/applications/${applicationId}`).expect(200);
    expect(after.body.scores).toEqual([expect.objectContaining({ total: 81 })]);
    expect(after.body.decision).toEqual({ code: null, reason: '综合评分最高' });
  });

  it('records every state change in an append-only, hash-chained history', async () => {
    const listingHistory = (await as('staff.broker').get(`/api/v1/listings/${listingId}/history`).expect(200))
      .body as AuditEntryDto[];
    expect(listingHistory.map((h) => h.action)).toEqual([
      'create',
      'submit',
      'startScreening',
      'invite_expert',
      'screening_opinion',
      'pass',
      'publish',
    ]);
    expect(listingHistory.find((h) => h.action === 'publish')).toMatchObject({
      fromStatus: 'passed',
      toStatus: 'published',
      rule: '004 §9(三)',
    });
    const appHistory = (await as('university.demo').get(`/api/v1/applications/${applicationId}/history`).expect(200))
      .body as AuditEntryDto[];
    expect(appHistory.map((h) => h.action)).toEqual([
      'apply',
      'startReview',
      'assign_expert',
      'expert_score',
      'recommend',
    ]);
    await expect(db.query(`UPDATE audit_log SET reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    const verify = await as('staff.admin').get('/api/v1/audit/verify').expect(200);
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.records).toBeGreaterThanOrEqual(12);
  });

  it('declines with a structured reason the applicant sees', async () => {
    // A second application, by 天和磁材 alone.
    const token = await tokenFor(app, 'enterprise.demo');
    expect(token).toBeTruthy();
    await db.query(
      `INSERT INTO app_user (username, password_hash, display_name, role, org_id)
       SELECT 'tianhe.user', password_hash, '天和联系人', 'enterprise', $1 FROM app_user WHERE username = 'expert.demo'`,
      [ids.tianhe],
    );
    t['tianhe.user'] = await tokenFor(app, 'tianhe.user');
    const applied = await as('tianhe.user').post('/api/v1/applications', APPLICATION(listingId)).expect(201);
    await as('staff.broker').post(`/api/v1/applications/${applied.body.id}/review`).expect(200);
    const noReason = await as('staff.broker').post(`/api/v1/applications/${applied.body.id}/decline`, {
      code: 'BUDGET',
      reason: '',
    });
    expect(noReason.status).toBe(400);
    await as('staff.broker')
      .post(`/api/v1/applications/${applied.body.id}/decline`, { code: 'BUDGET', reason: '预算明显低于攻关所需' })
      .expect(200);
    const mine = await as('tianhe.user').get('/api/v1/my/applications').expect(200);
    expect(mine.body[0]).toMatchObject({
      status: 'declined',
      decision: { code: 'BUDGET', reason: '预算明显低于攻关所需' },
    });
  });

  it('finds an organisation by a former name wherever one is picked (issue 16 item 5)', async () => {
    for (const user of ['staff.broker', 'enterprise.demo']) {
      const res = await as(user)
        .get(`/api/v1/organizations?q=${encodeURIComponent('内蒙古包钢稀土')}`)
        .expect(200);
      expect(res.body.items.map((o: { name: string }) => o.name)).toContain('中国北方稀土(集团)高科技股份有限公司');
    }
    const byShortName = await as('staff.broker').get(`/api/v1/organizations?q=${encodeURIComponent('北方稀土')}`);
    expect(byShortName.body.total).toBeGreaterThanOrEqual(1);
    const wildcard = await as('staff.broker')
      .get(`/api/v1/organizations?q=${encodeURIComponent('%')}`)
      .expect(200);
    expect(wildcard.body.total).toBe(0);
  });

  it('a listing whose deal is signed shows 已揭榜 and the board publishes the 揭榜结果 (004 §9(七), issue 16 item 11)', async () => {
    const { dealId } = await makeDeal(app, {
      kind: 'achievement',
      title: '流程测试:揭榜结果公告',
      posterName: '包头稀土研究院',
      takerName: '包头钢铁(集团)有限责任公司',
      posterToken: t['institute.demo'],
      takerToken: t['enterprise.demo'],
      amountYuan: '3000000',
    });
    const [{ listing_id: taken }] = await db.query(`SELECT listing_id FROM deal WHERE id = $1`, [dealId]);
    const before = await http().get(`/api/v1/listings/${taken}`).expect(200);
    expect(before.body).toMatchObject({ taken: false, result: null });
    await as('staff.broker').post(`/api/v1/deals/${dealId}/notice`, { reviewNote: '协议要素齐全' }).expect(200);
    await elapseNotice(app, dealId);
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/sign`, {
        contractRegistrationNo: '1502002026000790',
        taskBookNo: 'RW-2026-010',
        signedOn: '2026-11-20',
        agreementAttachmentId: await uploadDealFile(app, t['staff.broker'], dealId, 'agreement'),
        taskBookAttachmentId: await uploadDealFile(app, t['staff.broker'], dealId, 'task_book'),
      })
      .expect(200);
    const result = {
      listingId: taken,
      listingTitle: '流程测试:揭榜结果公告',
      kind: 'achievement',
      posterName: '包头稀土研究院',
      takerName: '包头钢铁(集团)有限责任公司',
      signedOn: '2026-11-20',
    };
    const after = await http().get(`/api/v1/listings/${taken}`).expect(200);
    expect(after.body).toMatchObject({ taken: true, result });
    const results = await http().get('/api/v1/results').expect(200);
    expect(results.body).toEqual([expect.objectContaining(result)]);
    // The board's search document follows (reindexed once signed): 已揭榜 with who took it and when, a filter and
    // a count (issue 16 item 11). Indexing runs as a job after the commit: ask until it has run.
    const deadline = Date.now() + 60000;
    let board = (await http().get('/api/v1/listings').query({ taken: 'true' }).expect(200))
      .body as ListingSearchResponse;
    while (!board.hits.some((h) => h.id === taken) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      board = (await http().get('/api/v1/listings').query({ taken: 'true' }).expect(200)).body as ListingSearchResponse;
    }
    expect(board.hits.find((h) => h.id === taken)).toMatchObject({
      taken: true,
      takerName: '包头钢铁(集团)有限责任公司',
      signedOn: '2026-11-20',
    });
    expect(board.facetDistribution.taken).toMatchObject({ true: 1 });
    const untaken = (await http().get('/api/v1/listings').query({ taken: 'false', hitsPerPage: 100 }).expect(200))
      .body as ListingSearchResponse;
    expect(untaken.hits.map((h) => h.id)).not.toContain(taken);
  });

  it("refuses an application after the listing's 揭榜截止 with 409 APPLY_DEADLINE_PASSED (issue 16 item 16)", async () => {
    await db.query(`UPDATE listing SET apply_deadline = DATE '2020-01-31' WHERE id = $1`, [listingId]);
    try {
      const res = await as('university.demo').post('/api/v1/applications', APPLICATION(listingId));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'APPLY_DEADLINE_PASSED', rule: '004 §9(四)' });
      expect(res.body.message).toContain('2020-01-31');
    } finally {
      await db.query(`UPDATE listing SET apply_deadline = NULL WHERE id = $1`, [listingId]);
    }
  });

  describe('what a listing declares, where it is entered (004 §7, §15)', () => {
    const ACHIEVEMENT = {
      kind: 'achievement',
      title: '流程测试:稀土抛光粉成果转化',
      field: 'rare_earth',
      resultType: 'industry_generic',
      achievementType: 'new_material',
      hasOwnIp: true,
      ipTypes: ['patent'],
      summary: '纳米稀土抛光粉的可控制备工艺,已完成中试。',
      team: '研究院材料所 8 人',
      suggestedTimeLimit: '2年',
      totalInvestmentWan: '300',
    };

    it('004 §15: a 建议实施时限 over the limit is refused on the draft and on a save', async () => {
      const sixYears = await as('enterprise.demo').post('/api/v1/listings', {
        ...CHALLENGE,
        suggestedTimeLimit: '6年',
      });
      expect(sixYears.status).toBe(422);
      expect(sixYears.body).toMatchObject({ code: 'TIME_LIMIT_EXCEEDED', rule: '004 §15' });
      const ok = await as('enterprise.demo').post('/api/v1/listings', { kind: 'challenge', title: '流程测试:时限' });
      expect(ok.status).toBe(201);
      const save = await as('enterprise.demo').patch(`/api/v1/listings/${ok.body.id}`, {
        suggestedTimeLimit: '72个月',
      });
      expect(save.status).toBe(422);
      expect(save.body).toMatchObject({ code: 'TIME_LIMIT_EXCEEDED', rule: '004 §15' });
      await as('enterprise.demo').patch(`/api/v1/listings/${ok.body.id}`, { suggestedTimeLimit: '三年' }).expect(200);
      const three = await as('institute.demo').post('/api/v1/listings', { ...ACHIEVEMENT, suggestedTimeLimit: '3年' });
      expect(three.status).toBe(422);
      expect(three.body.code).toBe('TIME_LIMIT_EXCEEDED');
    });

    it('a listing carries its terms: 榜额, 揭榜截止, 合作方式, contact — contact for signed-in users only (issue 16 item 16)', async () => {
      const bad = await as('institute.demo').post('/api/v1/listings', { ...ACHIEVEMENT, cooperationForms: ['gift'] });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { property: string }) => d.property)).toContain('cooperationForms');
      const badDate = await as('institute.demo').post('/api/v1/listings', {
        ...ACHIEVEMENT,
        applyDeadline: '2027-02-30',
      });
      expect(badDate.status).toBe(400);
      const draft = await as('institute.demo')
        .post('/api/v1/listings', {
          ...ACHIEVEMENT,
          title: '流程测试:成果转化条件',
          offerAmountWan: '120.5',
          applyDeadline: '2099-06-30',
          cooperationForms: ['transfer', 'equity_investment'],
          contactName: '王工',
          contactPhone: '0472-1234567',
          contactEmail: 'wang@example.com',
        })
        .expect(201);
      const mine = await as('institute.demo').get(`/api/v1/listings/${draft.body.id}`).expect(200);
      expect(mine.body).toMatchObject({
        offerAmountFen: '120500000',
        applyDeadline: '2099-06-30',
        cooperationForms: ['transfer', 'equity_investment'],
        contact: { name: '王工', phone: '0472-1234567', email: 'wang@example.com' },
        contactHidden: false,
      });
      // Published, the anonymous board sees the terms but not the person's contact.
      await db.query(`UPDATE listing SET status = 'published', published_at = now() WHERE id = $1`, [draft.body.id]);
      const anonymous = await http().get(`/api/v1/listings/${draft.body.id}`).expect(200);
      expect(anonymous.body).toMatchObject({ offerAmountFen: '120500000', contact: null, contactHidden: true });
      const signedIn = await as('enterprise.demo').get(`/api/v1/listings/${draft.body.id}`).expect(200);
      expect(signedIn.body.contact).toMatchObject({ name: '王工' });
      await db.query(`UPDATE listing SET status = 'draft', published_at = NULL WHERE id = $1`, [draft.body.id]);
    });

    it('004 §7(一): an achievement whose poster declares no own IP is refused', async () => {
      const res = await as('institute.demo').post('/api/v1/listings', { ...ACHIEVEMENT, hasOwnIp: false, ipTypes: [] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'OWN_IP_REQUIRED', rule: '004 §7(一)' });
      const draft = await as('institute.demo').post('/api/v1/listings', ACHIEVEMENT).expect(201);
      const save = await as('institute.demo').patch(`/api/v1/listings/${draft.body.id}`, { hasOwnIp: false });
      expect(save.body).toMatchObject({ code: 'OWN_IP_REQUIRED', rule: '004 §7(一)' });
      await as('institute.demo')
        .post(`/api/v1/listings/${draft.body.id}/submit`, { attestPublishable: true })
        .expect(200);
    });

    it('004 §7: an ordinary enterprise may not post an achievement until staff record it as a 4+8+N partner (audited)', async () => {
      const refused = await as('enterprise.demo').post('/api/v1/listings', {
        ...ACHIEVEMENT,
        title: '流程测试:钢企成果',
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'ACHIEVEMENT_POSTER_NOT_ELIGIBLE', rule: '004 §4(二), §7' });
      const org = await as('enterprise.demo').get(`/api/v1/organizations/${ids.steel}`).expect(200);
      expect(org.body.partner4x8xN).toBe(false);
      const byEnterprise = await as('enterprise.demo').post(`/api/v1/organizations/${ids.steel}/partner`, {
        partner4x8xN: true,
        basis: '自己说的',
      });
      expect(byEnterprise.status).toBe(403);
      const noBasis = await as('staff.broker').post(`/api/v1/organizations/${ids.steel}/partner`, {
        partner4x8xN: true,
      });
      expect(noBasis.status).toBe(400);
      const set = await as('staff.broker')
        .post(`/api/v1/organizations/${ids.steel}/partner`, {
          partner4x8xN: true,
          basis: '科技兴蒙"4+8+N"合作协议(测试)',
        })
        .expect(200);
      expect(set.body.partner4x8xN).toBe(true);
      const [audit] = await db.query(
        `SELECT action, from_status, to_status, reason, rule FROM audit_log
          WHERE entity_type = 'organization' AND entity_id = $1 AND action = 'organization_partner_set'`,
        [ids.steel],
      );
      expect(audit).toMatchObject({
        from_status: 'not_partner',
        to_status: 'partner_4x8xn',
        reason: '科技兴蒙"4+8+N"合作协议(测试)',
        rule: '004 §4, §6, §7',
      });
      const shown = await as('enterprise.demo').get(`/api/v1/organizations/${ids.steel}`).expect(200);
      expect(shown.body.partner4x8xN).toBe(true);
      await as('enterprise.demo')
        .post('/api/v1/listings', { ...ACHIEVEMENT, title: '流程测试:钢企成果' })
        .expect(201);
    });
  });
});
