import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationDto, AuditEntryDto, ListingSearchResponse } from '@jiebang/contracts';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

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
    for (const u of ['staff.admin', 'staff.broker', 'expert.demo', 'enterprise.demo', 'institute.demo'])
      t[u] = await tokenFor(app, u);
    ids.steel = await orgId(app, '包头钢铁(集团)有限责任公司');
    ids.union = await orgId(app, '内蒙古包钢钢联股份有限公司');
    ids.institute = await orgId(app, '包头稀土研究院');
    ids.tianhe = await orgId(app, '包头天和磁材科技股份有限公司');
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
    await as('staff.broker').post(`/api/v1/listings/${listingId}/experts`, { expertUserId: expertId }).expect(204);
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
    const withSubsidiary = await as('institute.demo').post('/api/v1/applications', APPLICATION(listingId, [ids.union]));
    expect(withSubsidiary.status).toBe(422);
    expect(withSubsidiary.body.details.blocks).toEqual([
      expect.objectContaining({
        code: 'SUBSIDIARY_OF_POSTER',
        orgId: ids.union,
        path: [ids.steel, '61.2%', ids.union],
      }),
    ]);
    expect(await count('application')).toBe(before);
  });

  let applicationId: string;

  it('an eligible institute applies once; a second open application is refused', async () => {
    const res = await as('institute.demo').post('/api/v1/applications', APPLICATION(listingId));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'submitted', budgetFen: '800000000' });
    applicationId = res.body.id;
    const again = await as('institute.demo').post('/api/v1/applications', APPLICATION(listingId));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPLICATION_EXISTS');
  });

  it('refuses a conflicted expert, keeps scores private until the review closes, and recommends', async () => {
    await as('staff.broker').post(`/api/v1/applications/${applicationId}/review`).expect(200);
    // An expert affiliated with 北方稀土, the controller of the applicant 包头稀土研究院, must recuse.
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
    expect(refused.body.details.path).toEqual([expect.any(String), '协议控制', ids.institute]);
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
    const applicantView = await as('institute.demo').get(`/api/v1/applications/${applicationId}`).expect(200);
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
    const after = await as('institute.demo').get(`/api/v1/applications/${applicationId}`).expect(200);
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
    const appHistory = (await as('institute.demo').get(`/api/v1/applications/${applicationId}/history`).expect(200))
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
    // A second, consortium application by 天和磁材 with 包头稀土研究院? The institute already applied; use 天和 alone.
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
});
