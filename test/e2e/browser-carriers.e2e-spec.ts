import { INestApplication } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CARRIER_KIND_LABEL } from '@jiebang/contracts';
import { beijingDate, noticePeriod } from '@jiebang/policy';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { JobsService } from '../../apps/api/src/jobs/jobs.service';
import { ListingIndexerService } from '../../apps/api/src/search/listing-indexer.service';
import { runCarriersScenario } from '../browser/carriers.scenario';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { testFilingRuleSet } from '../helpers/carriers';

const ROOT = resolve(__dirname, '..', '..');
const ARTIFACTS = resolve(ROOT, 'test', 'artifacts');
/** The built web app (`npm run build:web`); `TEST_WEB_DIST` points at another build. */
const WEB_DIST = process.env.TEST_WEB_DIST ?? resolve(ROOT, 'dist', 'web');

/**
 * Issue 15's first path in a real browser (Done-when; RULEBOOK §7) against the real app serving the built web app,
 * real PostgreSQL and Meilisearch: a pilot base in 包头 (包头稀土研究院) applies in an open round, is recommended by
 * 包头市科技局 within its quota, passes formal and expert review (the expert on 载体评审), is on notice for 5 working
 * days, is published with its 文号, appears in the public registry and as a 中试基地 on the board; its operation
 * support is computed, capped, refused to its proposer and approved by a second person.
 * Before the applicant, staff (staff.broker) set the round up on 申报批次与规则集 in the browser: the rule set
 * (Inner Mongolia's quotas on 001's conditions, as in carriers.e2e-spec.ts) pasted into 加载规则集 and refused
 * when loaded twice, its detail read, the round created (dates out of order refused first) and opened after the
 * confirmation, the page at 390 px; before them the administrator (staff.admin) creates 包头市科技局's account on
 * 账号管理, which sets its own password at its first login. Set-up outside the browser: a published listing of
 * the institute. The notice's 5 working days elapse by moving its end instant into the past (the carriers' notice has
 * no close job: publication checks the instant).
 */
describe('carriers: the first path in the browser (issue 15)', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const today = beijingDate();
  const plus = (days: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const RECOMMENDER_PASSWORD = '包头市科技局推荐口令 2026';
  const ROUND_TITLE = '2026 年中试基地备案(浏览器)';
  const LISTING_TITLE = '稀土永磁材料中试成果(浏览器)';
  const IM_RULES = testFilingRuleSet('nm-browser-filing', '测试〔2026〕2号');
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
    }
    app = await bootApp('browser_carriers', { env: { WEB_DIST_DIR: WEB_DIST } });
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    // A published listing of the institute: on the board it must show its poster as a 中试基地 once registered.
    const [listing] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
       VALUES ('achievement', 'rare_earth', $2, 'published', $1, '包头稀土研究院', now()) RETURNING id`,
      [await orgId(app, '包头稀土研究院'), LISTING_TITLE],
    );
    await (await app.get(ListingIndexerService).enqueueIndex({ id: listing.id, updatedAt: new Date() })).finished();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  }, 300_000);
  afterAll(() => app?.close());

  it('applies, is recommended, reviewed by staff and the expert, noticed, published, listed, and its support approved by a second person', async () => {
    const demo = (username: string) => ({ username, password: DEMO_PASSWORD });
    let noticeOpen: { ends: Date; lastDay: string } | null = null;
    const r = await runCarriersScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      applicant: demo('institute.demo'),
      recommender: {
        username: 'baotou.recommender',
        displayName: '包头市科技局',
        authority: '包头市科技局',
        password: RECOMMENDER_PASSWORD,
      },
      accountsAdmin: demo('staff.admin'),
      staff: demo('staff.broker'),
      expert: demo('expert.demo'),
      proposer: demo('staff.admin'),
      approver: demo('staff.approver'),
      round: {
        ruleSetJson: JSON.stringify(IM_RULES, null, 2),
        ruleSetId: 'nm-browser-filing@1',
        ruleSetName: IM_RULES.name,
        programme: '概念验证平台、科技成果转化中试基地、中试公共服务平台备案',
        title: ROUND_TITLE,
        documentNo: '内科发〔2026〕301号',
        withoutKinds: [CARRIER_KIND_LABEL.concept_validation],
        opensOn: plus(-1),
        closesOn: plus(30),
        recommendDeadline: plus(40),
        closesTooEarly: plus(-2),
      },
      platformName: '稀土功能材料中试基地',
      expertName: '评审专家',
      documentNo: '内科发〔2026〕88号',
      today,
      listingTitle: LISTING_TITLE,
      supportBaseYuan: '6000000.00',
      // The reindexing jobs enqueued after the publication's commit (as carriers.e2e-spec.ts drains them).
      afterPublication: () => app.get(JobsService).drain(),
      elapseNotice: async (id) => {
        const [a] = await db.query(
          `SELECT status, notice_ends_at, notice_last_day::text AS last_day FROM carrier_application WHERE id = $1`,
          [id],
        );
        expect(a.status).toBe('on_notice');
        noticeOpen = { ends: a.notice_ends_at, lastDay: a.last_day };
        // Publication before the end is refused (the notice runs): the API's word, as the page would show it.
        const early = await http()
          .post(`/api/v1/carriers/applications/${id}/publish`)
          .set({ Authorization: `Bearer ${await tokenFor(app, 'staff.broker')}` })
          .send({ documentNo: '内科发〔2026〕88号', publishedOn: today });
        expect([early.status, early.body.code]).toEqual([409, 'CARRIER_NOTICE_RUNNING']);
        await db.query(`UPDATE carrier_application SET notice_ends_at = now() - interval '1 second' WHERE id = $1`, [
          id,
        ]);
      },
    });

    // 0: the recommender's account as 账号管理 made it: 推荐部门 alone, for 包头 (150200), its one-time password
    // replaced at the first login.
    expect(r.recommenderToldToChange).toBe(true);
    const [recommender] = await db.query(
      `SELECT role, staff_roles, authority, must_change_password FROM app_user WHERE username = 'baotou.recommender'`,
    );
    expect(recommender).toEqual({
      role: 'staff',
      staff_roles: ['recommender'],
      authority: '150200',
      must_change_password: false,
    });
    // The rule set loaded once (the second load refused, 409 CARRIER_RULE_SET_EXISTS, in the server's words), read
    // as Inner Mongolia's own and in force with 002's quotas; the dates out of order refused before sending; the
    // round created by staff.broker as a draft, opened after the confirmation; no sideways scroll at 390 px.
    expect(r.round.ruleSetRow).toContain('nm-browser-filing');
    expect(r.round.ruleSetRow).toContain('测试〔2026〕2号');
    expect(r.round.ruleSetRefusal).toContain('规则集 nm-browser-filing@1 已存在,请提高版本号');
    expect(r.round.ruleSetStanding).toBe('现行');
    expect(r.round.ruleSetQuota).toContain('盟市 3 项');
    expect(r.round.roundDateRefusal).toBe('不能早于开始申报日期');
    expect(r.round.roundPostsWhileRefused).toBe(0);
    expect(r.round.roundRowDraft).toContain('内科发〔2026〕301号');
    expect(r.round.roundRowDraft).toContain(`${plus(-1)} 至 ${plus(30)}`);
    expect(r.round.roundRowDraft).toContain(`推荐截止 ${plus(40)}`);
    expect(r.round.roundRowDraft).toContain('草稿');
    expect(r.round.roundOpenConfirmText).toContain('此操作不可撤回');
    expect(r.round.roundStatusAfterOpen).toBe('申报中');
    expect(r.round.roundsPhoneWidth).toBeLessThanOrEqual(390);
    const rules = await db.query(
      `SELECT s.id, u.username AS loaded_by FROM carrier_rule_set s LEFT JOIN app_user u ON u.id = s.loaded_by
       WHERE s.key = 'nm-browser-filing'`,
    );
    expect(rules).toEqual([{ id: 'nm-browser-filing@1', loaded_by: 'staff.broker' }]);
    const rounds = await db.query(
      `SELECT r.id, r.status, r.document_no, r.kinds, r.opens_on::text AS opens, r.closes_on::text AS closes,
              r.recommend_deadline::text AS deadline, r.rule_set_id, c.username AS created_by, o.username AS opened_by
       FROM carrier_round r JOIN app_user c ON c.id = r.created_by LEFT JOIN app_user o ON o.id = r.opened_by
       WHERE r.title = $1`,
      [ROUND_TITLE],
    );
    expect(rounds).toEqual([
      {
        id: expect.any(String),
        status: 'open',
        document_no: '内科发〔2026〕301号',
        kinds: ['pilot_base', 'pilot_platform'],
        opens: plus(-1),
        closes: plus(30),
        deadline: plus(40),
        rule_set_id: 'nm-browser-filing@1',
        created_by: 'staff.broker',
        opened_by: 'staff.broker',
      },
    ]);

    // 1–2: submitted, recommended after reading every threshold met.
    expect(r.submittedStatus).toContain('已提交');
    expect(r.recommenderThresholds.length).toBeGreaterThan(5);
    expect(r.recommenderThresholds).toContain('spaceM2:true');
    expect(r.recommenderThresholds).toContain('equipmentValueFen:true');
    expect(r.recommendedStatus).toContain('已推荐');
    const [app0] = await db.query(
      `SELECT authority, recommendation, form, round_id FROM carrier_application WHERE id = $1`,
      [r.applicationId],
    );
    expect(app0.round_id).toBe(rounds[0].id);
    expect(app0.authority).toBe('150200');
    expect(app0.recommendation).toMatchObject({ siteCheck: expect.stringContaining('1200'), note: '同意推荐' });
    // Money typed in 万元 is stored in exact fen (RULEBOOK §5).
    expect(app0.form).toMatchObject({ spaceM2: 1200, equipmentValueFen: '600000000' });

    // 4: the expert's list, page and opinion.
    expect(r.expertRow).toContain('包头稀土研究院');
    expect(r.expertRow).toContain('待评审');
    expect(r.expertThresholds).toEqual(r.recommenderThresholds);
    expect(r.expertRecusal).toContain('回避');
    expect(r.expertOpinionGiven).toContain('评分 86 分');
    expect(r.expertOpinionGiven).toContain('建议通过');
    expect(r.expertPhoneWidth).toBeLessThanOrEqual(390);
    expect(r.expertEvidenceFiles).toBe(6); // one uploaded file per required item, readable by the invited expert
    // The expert's list through the API: given, not pending; other roles and anonymous callers are refused.
    const reviews = (state: string, user?: string) =>
      user
        ? tokenFor(app, user).then((t) =>
            http()
              .get('/api/v1/expert/carrier-reviews')
              .query({ state })
              .set({ Authorization: `Bearer ${t}` }),
          )
        : http().get('/api/v1/expert/carrier-reviews').query({ state });
    const done = await reviews('done', 'expert.demo');
    expect([done.status, done.body.total]).toEqual([200, 1]);
    expect(done.body.items[0]).toMatchObject({ applicationId: r.applicationId, score: 86, recommend: true });
    expect((await reviews('pending', 'expert.demo')).body.total).toBe(0);
    expect((await reviews('done', 'staff.broker')).status).toBe(403);
    expect((await reviews('done')).status).toBe(401);
    expect((await reviews('later', 'expert.demo')).status).toBe(400);

    // 5: 5 working days of notice, then published with its 文号.
    const p = noticePeriod(today, 5);
    expect(noticeOpen).not.toBeNull();
    expect(noticeOpen!.lastDay).toBe(p.lastDay);
    expect(r.noticeStatus).toContain(`公示中 公示至 ${p.lastDay}`);
    expect(r.publishedStatus).toContain('已发文公布');
    const history: { action: string }[] = await db.query(
      `SELECT action FROM audit_log WHERE entity_type = 'carrier_application' AND entity_id = $1 ORDER BY seq`,
      [r.applicationId],
    );
    expect(history.map((h) => h.action)).toEqual([
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
      'carrier_published',
    ]);

    // 6: the public registry and the board.
    expect(r.registryCard).toContain('内蒙古自治区稀土功能材料中试基地');
    expect(r.registryCard).toContain('内科发〔2026〕88号');
    expect(r.registryCard).toContain('包头稀土研究院');
    expect(r.registryCard).toContain('运行');
    expect(r.carrierDocumentNo).toBe('内科发〔2026〕88号');
    expect(r.boardCard).toContain(LISTING_TITLE);
    expect(r.boardCarrierKinds).toEqual([CARRIER_KIND_LABEL.pilot_base]); // 科技成果转化中试基地

    // 7: 20 % of 6,000,000.00 元 is 1,200,000.00 元, capped at 1,000,000.00 元 (001 §13(二)); the proposer may not
    // approve; the approver did.
    expect(r.supportGranted).toBe('1,000,000.00 元');
    expect(r.supportSteps).toContain('1,200,000.00');
    expect(r.supportSteps).toContain('1,000,000.00');
    expect(r.selfApprovalError).toContain('补助方案须由提出人以外的另一名审批人批准');
    expect(r.supportStatusAfterApproval).toBe('已批准');
    const [support] = await db.query(
      `SELECT s.status, s.granted_fen::text AS granted, p.username AS proposer, a.username AS approver
       FROM carrier_support s JOIN app_user p ON p.id = s.proposed_by LEFT JOIN app_user a ON a.id = s.decided_by
       WHERE s.carrier_id = $1`,
      [r.carrierId],
    );
    expect(support).toEqual({
      status: 'approved',
      granted: '100000000',
      proposer: 'staff.admin',
      approver: 'staff.approver',
    });
    for (const s of r.screenshots) expect(statSync(s).size).toBeGreaterThan(5_000);
  }, 600_000);
});
