import { INestApplication } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { runBoardScenario } from '../browser/board.scenario';
import { runStaffScenario } from '../browser/staff.scenario';
import { runPipelineScenario } from '../browser/pipeline.scenario';
import { runNegotiationScenario } from '../browser/negotiation.scenario';
import { runDealScenario } from '../browser/deal.scenario';
import { runChallengeDealScenario } from '../browser/challenge-deal.scenario';
import { runEndControlScenario } from '../browser/controls.scenario';
import { acceptedAchievementDeal, elapseNotice, makeDeal } from '../helpers/deals';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { orgId } from '../helpers/app';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';

const ROOT = resolve(__dirname, '..', '..');

/** An achievement posted by 包头稀土研究院, whose controller (北方稀土) and sister company are blocked. */
const STAFF_LISTING = {
  kind: 'achievement',
  field: '稀土',
  title: '浏览器测试:稀土永磁钕铁硼成果转化',
  poster: '包头稀土研究院',
  regionCode: '150200',
  source: ['test'],
};
const ARTIFACTS = resolve(ROOT, 'test', 'artifacts');
/** The built web app (`npm run build:web`); `TEST_WEB_DIST` points at another build (parallel work on one checkout). */
const WEB_DIST = process.env.TEST_WEB_DIST ?? resolve(ROOT, 'dist', 'web');

/**
 * The public board in a real browser (Chromium via playwright-core: the system's, else the npm one — see
 * test/browser/chromium.ts) against the real app serving the built web app (`npm run build:web`), real PostgreSQL
 * and real Meilisearch.
 */
describe('board in the browser', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
    }
    app = await bootApp('browser', { env: { WEB_DIST_DIR: WEB_DIST } });
    const data = demoData() as { organizations: unknown[]; listings: unknown[] };
    await importAndIndex(app, {
      organizations: data.organizations,
      listings: [...data.listings, STAFF_LISTING],
    });
    await seedAccounts(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(() => app?.close());

  it('searches 石墨烯, shows highlighted graphene results and opens a detail page', async () => {
    const result = await runBoardScenario({ baseUrl, screenshotDir: ARTIFACTS, query: '石墨烯' });
    const graphene: { title: string }[] = await app
      .get(DataSource)
      .query(`SELECT title FROM listing WHERE field = 'graphene' AND kind = 'achievement' AND title LIKE '%石墨烯%'`);
    expect(graphene.length).toBeGreaterThan(0);
    for (const g of graphene) expect(result.resultTitles).toContain(g.title);
    expect(result.markedTexts.length).toBeGreaterThan(0);
    expect(new Set(result.markedTexts)).toEqual(new Set(['石墨烯']));
    expect(result.resultTitles).toContain(result.detailTitle);
    expect(result.screenshots.map((s) => s.split('/').pop())).toEqual(
      expect.arrayContaining(['board-search.png', 'listing-detail.png']),
    );
    for (const s of result.screenshots) expect(statSync(s).size).toBeGreaterThan(10_000);
  });

  it('shows staff the ranked candidates and why 北方稀土 may not take the listing, with the chain', async () => {
    const [listing] = await app.get(DataSource).query(`SELECT id FROM listing WHERE title = $1`, [STAFF_LISTING.title]);
    const result = await runStaffScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      username: 'staff.broker',
      password: DEMO_PASSWORD,
      listingId: listing.id,
      lookupOrgName: '中国北方稀土(集团)高科技股份有限公司',
    });
    expect(result.matchNames.length).toBeGreaterThan(0);
    expect(result.matchNames).not.toContain('中国北方稀土(集团)高科技股份有限公司');
    expect(result.matchNames).not.toContain('包头华美稀土(公司)');
    expect(result.eligible).toBe(false);
    expect(result.blockCodes).toEqual(['CONTROLLER_OF_POSTER']);
    expect(result.pathText).toContain('中国北方稀土(集团)高科技股份有限公司');
    expect(result.pathText).toContain('协议控制');
    expect(result.pathText).toContain('包头稀土研究院');
    for (const s of result.screenshots) expect(statSync(s).size).toBeGreaterThan(10_000);
  });

  it('a broker ends a control edge in the 单位管理 drawer: kept, marked 已终止, audited with the reason', async () => {
    const staff = await tokenFor(app, 'staff.broker');
    const controller = await orgId(app, '中国华能集团有限公司');
    const controlled = await orgId(app, '内蒙古兴丰新能源科技有限公司');
    const edge = await request(app.getHttpServer())
      .post('/api/v1/controls')
      .set('Authorization', `Bearer ${staff}`)
      .send({
        controllerOrgId: controller,
        controlledOrgId: controlled,
        kind: 'agreement',
        source: '浏览器测试:控制协议',
      })
      .expect(201);
    const result = await runEndControlScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      username: 'staff.broker',
      password: DEMO_PASSWORD,
      controlledOrgId: controlled,
      edgeId: edge.body.id,
      reason: '浏览器测试:股权转让,控制关系终止',
    });
    expect(result).toMatchObject({ stateBefore: '有效', stateAfter: '已终止', endButtonAfter: false });
    expect(result.validityAfter).toMatch(/^至 \d{4}-\d{2}-\d{2}$/);
    const db = app.get(DataSource);
    const [row] = await db.query(`SELECT to_char(valid_to, 'YYYY-MM-DD') AS valid_to FROM control_edge WHERE id = $1`, [
      edge.body.id,
    ]);
    expect(result.validityAfter).toBe(`至 ${row.valid_to}`);
    const [audit] = await db.query(
      `SELECT reason FROM audit_log WHERE action = 'control_edge_ended' AND data->>'edgeId' = $1`,
      [edge.body.id],
    );
    expect(audit).toEqual({ reason: '浏览器测试:股权转让,控制关系终止' });
    for (const s of result.screenshots) expect(statSync(s).size).toBeGreaterThan(10_000);
  });

  it('walks a listing from draft to a recommended applicant across poster, staff and applicant', async () => {
    const staff = await tokenFor(app, 'staff.broker');
    const expert = await tokenFor(app, 'expert.demo');
    const result = await runPipelineScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      password: DEMO_PASSWORD,
      beforeRecommend: async ({ listingId }) => {
        const http = request(app.getHttpServer());
        const apps = await http
          .get(`/api/v1/listings/${listingId}/applications`)
          .set('Authorization', `Bearer ${staff}`);
        const applicationId = apps.body[0].id as string;
        const experts = await request(app.getHttpServer())
          .get('/api/v1/experts')
          .set('Authorization', `Bearer ${staff}`);
        await request(app.getHttpServer())
          .post(`/api/v1/applications/${applicationId}/experts`)
          .set('Authorization', `Bearer ${staff}`)
          .send({ expertUserId: experts.body[0].id })
          .expect(204);
        await request(app.getHttpServer())
          .post(`/api/v1/applications/${applicationId}/scores`)
          .set('Authorization', `Bearer ${expert}`)
          .send({ qualification: 20, feasibility: 21, cost: 19, team: 22, opinion: '方案可行,团队具备条件。' })
          .expect(204);
      },
    });
    expect(result.finalListingStatus).toBe('published');
    expect(result.applicationStatus).toBe('recommended');
    const [listing] = await app
      .get(DataSource)
      .query(`SELECT id, status FROM listing WHERE title = $1`, [result.listingTitle]);
    expect(listing.status).toBe('published');
    const actions: { action: string }[] = await app
      .get(DataSource)
      .query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [listing.id]);
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['create', 'submit', 'startScreening', 'pass', 'publish']),
    );
    for (const s of result.screenshots) expect(statSync(s).size).toBeGreaterThan(10_000);
  });

  it('two organisations and a broker negotiate in real time and agree an offer that becomes a draft agreement', async () => {
    const db = app.get(DataSource);
    const poster = await orgId(app, '包头钢铁(集团)有限责任公司');
    const applicant = await orgId(app, '包头稀土研究院');
    const [listing] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
       VALUES ('challenge', 'hydrogen', '浏览器洽谈测试榜单', 'published', $1, '包头钢铁(集团)有限责任公司', now()) RETURNING id`,
      [poster],
    );
    const [creator] = await db.query(`SELECT id FROM app_user WHERE username = 'institute.demo'`);
    const [application] = await db.query(
      `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
       VALUES ($1, $2, 'recommended', '实施方案', '团队', 300000000, $3) RETURNING id`,
      [listing.id, applicant, creator.id],
    );
    const [n] = await db.query(`INSERT INTO negotiation (application_id) VALUES ($1) RETURNING id`, [application.id]);
    const tokens = {
      poster: await tokenFor(app, 'enterprise.demo'),
      applicant: await tokenFor(app, 'institute.demo'),
      broker: await tokenFor(app, 'staff.broker'),
    };
    const result = await runNegotiationScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      negotiationId: n.id,
      tokens,
      proposeOffer: async () => {
        const s = io(`${baseUrl}/negotiations`, {
          auth: { token: tokens.applicant },
          transports: ['websocket'],
          forceNew: true,
        });
        try {
          await new Promise<void>(
            (resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)),
          );
          await new Promise((r) => s.emit('room:join', { negotiationId: n.id, lastSeq: 0 }, r));
          const ack = await new Promise<{ ok: boolean }>((r) =>
            s.emit(
              'offer:propose',
              {
                negotiationId: n.id,
                idempotencyKey: randomUUID(),
                terms: {
                  dealForm: 'development',
                  amountYuan: '3000000.00',
                  schedule: [{ dueDate: '2027-06-30', amountYuan: '3000000.00' }],
                  ipOwnership: '双方共有',
                  benefitSharing: '按投入比例分配',
                  durationMonths: 24,
                },
              },
              r,
            ),
          );
          expect(ack.ok).toBe(true);
        } finally {
          s.disconnect();
        }
      },
    });
    expect(result.applicantSaw.join(' ')).toContain('贵院方案已收悉,请就付款计划给出报价。');
    expect(result.agreementShown).toEqual({ poster: true, applicant: true, broker: true });
    const [app2] = await db.query(`SELECT status FROM application WHERE id = $1`, [application.id]);
    expect(app2.status).toBe('agreement_drafted');
  });

  it('walks an accepted achievement deal through the staff console: proposal with its steps, four eyes, approval, disbursement', async () => {
    const tokens: Record<string, string> = {};
    for (const u of ['staff.broker', 'enterprise.demo', 'institute.demo']) tokens[u] = await tokenFor(app, u);
    const dealId = await acceptedAchievementDeal(app, tokens, '浏览器测试:稀土抛光粉成果转化');
    const result = await runDealScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      dealId,
      staffUser: 'staff.broker',
      approverUser: 'staff.approver',
      password: DEMO_PASSWORD,
    });
    // 30 % of the 12,000,000.00 yuan confirmed as received, under the 500 万元 cap (004 §11).
    expect(result.subsidyText).toContain('3,600,000.00 元');
    expect(result.steps.join(' ')).toContain('12,000,000.00 元 × 30% = 3,600,000.00 元');
    expect(result.brokerApproveDisabled).toBe(true);
    expect(result.brokerApproveHint).toContain('不能批准');
    expect(result.finalStatusText).toBe('已完成');
    const [row] = await app
      .get(DataSource)
      .query(
        `SELECT s.status, s.subsidy_fen, s.proposed_by <> s.approved_by AS four_eyes FROM subsidy s WHERE s.deal_id = $1`,
        [dealId],
      );
    expect(row).toEqual({ status: 'disbursed', subsidy_fen: '360000000', four_eyes: true });
  });

  it('walks a challenge deal from agreement review to a disbursed pre-subsidy capped at 1000 万元, all in the browser', async () => {
    const db = app.get(DataSource);
    const { dealId } = await makeDeal(app, {
      kind: 'challenge',
      title: '浏览器测试:稀土钢连铸连轧关键技术攻关',
      posterName: '包头钢铁(集团)有限责任公司',
      takerName: '包头稀土研究院',
      posterToken: await tokenFor(app, 'enterprise.demo'),
      takerToken: await tokenFor(app, 'institute.demo'),
      amountYuan: '30000000',
    });
    const reference = `国库支付-${randomUUID().slice(0, 8)}`;
    const result = await runChallengeDealScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      dealId,
      elapseNotice: () => elapseNotice(app, dealId),
      staffUser: 'staff.broker',
      approverUser: 'staff.approver',
      payerUser: 'enterprise.demo',
      password: DEMO_PASSWORD,
      rdInvestmentYuan: '40000000',
      installmentYuan: '10000000',
      contractRegistrationNo: '1502002026004321',
      taskBookNo: 'RW-2026-0042',
      disbursementRef: reference,
    });

    // Every status the page showed, in order; the pre-subsidy does not complete a deal not yet accepted.
    expect(result.statuses.map((s) => [s.status, s.text])).toEqual([
      ['agreement_review', '协议审查中'],
      ['on_notice', '公示中'],
      ['awaiting_signing', '公示期满,待签约'],
      ['in_progress', '实施中'],
      ['in_progress', '实施中'],
      ['in_progress', '实施中'],
    ]);
    expect(result.noticePreviewText).toMatch(/公示期 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}\(5 个工作日\)/);
    expect(result.noticeLastDayText).toMatch(/^\d{4}-\d{2}-\d{2} 24:00\(北京时间\)$/);
    expect(result.signedInfoText).toContain(`${result.signedOn} 签订`);
    expect(result.signedInfoText).toContain('1502002026004321');
    expect(result.signedInfoText).toContain('RW-2026-0042');
    expect(result.filePurposes).toEqual(expect.arrayContaining(['agreement', 'task_book']));
    expect(result.installmentStatusText).toBe('已确认到位');
    expect(result.receivedText).toContain('10,000,000.00 元');
    expect(result.payable).toBe(true);
    // 30 % of the 任务书's 40,000,000.00 yuan is 12,000,000.00 yuan, over the 1000 万元 cap (004 §11).
    expect(result.previewAmountText).toContain('10,000,000.00 元');
    expect(result.previewCapApplied).toBe(true);
    expect(result.subsidyText).toBe('10,000,000.00 元(1000 万元)');
    expect(result.capApplied).toBe(true);
    const steps = result.steps.join(' ');
    expect(steps).toContain('40,000,000.00 元 × 30% = 12,000,000.00 元');
    expect(steps).toContain('min(12,000,000.00 元, 10,000,000.00 元) = 10,000,000.00 元');
    expect(result.brokerApproveDisabled).toBe(true);
    expect(result.brokerApproveHint).toContain('不能批准');
    expect(result.subsidyStatusText).toBe('已拨付');
    expect(result.disbursementText).toContain(reference);
    expect(result.finalStatus).toBe('in_progress');
    expect(result.finalStatusText).toBe('实施中');
    expect(result.screenshots.map((s) => s.split('/').pop())).toEqual([
      'challenge-deal-1-notice.png',
      'challenge-deal-2-sign-form.png',
      'challenge-deal-3-signed.png',
      'challenge-deal-4-installment.png',
      'challenge-deal-5-proposed.png',
      'challenge-deal-6-approved.png',
      'challenge-deal-7-disbursed.png',
    ]);
    for (const s of result.screenshots) expect(statSync(s).size).toBeGreaterThan(10_000);

    // What the browser stored.
    const users = Object.fromEntries(
      (await db.query(`SELECT id, username FROM app_user WHERE username IN ('staff.broker', 'staff.approver')`)).map(
        (u: { id: string; username: string }) => [u.username, u.id],
      ),
    );
    const [deal] = await db.query(
      `SELECT status, to_char(signed_on, 'YYYY-MM-DD') AS signed_on, total_rd_investment_fen, contract_registration_no,
              task_book_no
       FROM deal WHERE id = $1`,
      [dealId],
    );
    expect(deal).toEqual({
      status: 'in_progress',
      signed_on: result.signedOn,
      total_rd_investment_fen: '4000000000',
      contract_registration_no: '1502002026004321',
      task_book_no: 'RW-2026-0042',
    });
    const files: { purpose: string }[] = await db.query(
      `SELECT purpose FROM deal_attachment WHERE deal_id = $1 ORDER BY created_at`,
      [dealId],
    );
    expect(files.map((f) => f.purpose).sort()).toEqual(['agreement', 'task_book', 'voucher']);
    const installments = await db.query(
      `SELECT status, amount_fen, reviewed_by FROM funding_installment WHERE deal_id = $1`,
      [dealId],
    );
    expect(installments).toEqual([
      { status: 'confirmed', amount_fen: '1000000000', reviewed_by: users['staff.broker'] },
    ]);
    const subsidies = await db.query(
      `SELECT mode, status, base_fen, subsidy_fen, cap_fen, cap_applied, proposed_by, approved_by, disbursed_by,
              disbursement_ref, proposed_by <> approved_by AS four_eyes
       FROM subsidy WHERE deal_id = $1`,
      [dealId],
    );
    expect(subsidies).toEqual([
      {
        mode: 'pre',
        status: 'disbursed',
        base_fen: '4000000000',
        subsidy_fen: '1000000000',
        cap_fen: '1000000000',
        cap_applied: true,
        proposed_by: users['staff.broker'],
        approved_by: users['staff.approver'],
        disbursed_by: users['staff.approver'],
        disbursement_ref: reference,
        four_eyes: true,
      },
    ]);
  }, 300_000);
});
