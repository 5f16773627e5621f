import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DealDto } from '@jiebang/contracts';
import { bootApp, bufferBody, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';
import { agree, dealTerms, elapseNotice, makeDeal, uploadDealFile, userOf } from '../helpers/deals';

const STEEL = '包头钢铁(集团)有限责任公司'; // enterprise.demo
const INSTITUTE = '包头稀土研究院'; // institute.demo

/**
 * From agreement to subsidy over the API against real PostgreSQL (issue 6 §9): both kinds of deal from the
 * draft agreement to the disbursed, capped subsidy; objections freezing and releasing; refusals before the
 * first confirmed installment and before acceptance; idempotent money writes; four eyes; racing approvals;
 * blacklist; termination recovery; the audit chain and the auditors' export.
 */
describe('deals: notice, signing, funding, milestones, acceptance, subsidy', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  const as = (u: string) => {
    const agent = request(app.getHttpServer());
    const auth = (r: request.Test) => r.set('Authorization', `Bearer ${t[u]}`);
    return {
      get: (p: string) => auth(agent.get(p)),
      post: (p: string, body?: object) => auth(agent.post(p)).send(body ?? {}),
    };
  };
  const upload = (u: string, dealId: string, purpose: string) => uploadDealFile(app, t[u], dealId, purpose);
  const deal = async (id: string, u = 'staff.admin'): Promise<DealDto> =>
    (await as(u).get(`/api/v1/deals/${id}`).expect(200)).body;

  /** Open the notice, let it elapse, sign with the given R&D investment. */
  async function throughSigning(dealId: string, totalRdInvestmentYuan?: string): Promise<DealDto> {
    const opened = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/notice`, { reviewNote: '协议要素齐全,知识产权与收益分配已约定' })
      .expect(200);
    // The configured default (NOTICE_WORKING_DAYS=3 here), ending 24:00 Beijing time of the last working day.
    expect(opened.body.notice).toMatchObject({ workingDays: 3, endsAt: expect.stringMatching(/T16:00:00\.000Z$/) });
    await elapseNotice(app, dealId);
    const agreement = await upload('staff.broker', dealId, 'agreement');
    const taskBook = await upload('staff.broker', dealId, 'task_book');
    const r = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/sign`, {
        contractRegistrationNo: '1502002026000123',
        taskBookNo: 'RW-2026-001',
        signedOn: '2026-11-20',
        agreementAttachmentId: agreement,
        taskBookAttachmentId: taskBook,
        ...(totalRdInvestmentYuan ? { totalRdInvestmentYuan } : {}),
      })
      .expect(200);
    expect(r.body.status).toBe('in_progress');
    return r.body;
  }

  async function payAndConfirm(dealId: string, amountYuan: string, key = randomUUID()): Promise<DealDto> {
    const voucher = await upload('enterprise.demo', dealId, 'voucher');
    const r = await as('enterprise.demo')
      .post(`/api/v1/deals/${dealId}/installments`, {
        idempotencyKey: key,
        amountYuan,
        paidOn: '2026-11-20',
        voucherAttachmentId: voucher,
      })
      .expect(200);
    const inst = r.body.installments.find((i: { status: string }) => i.status === 'recorded');
    return (
      await as('staff.broker')
        .post(`/api/v1/deals/${dealId}/installments/${inst.id}/review`, { decision: 'confirm', note: '凭证与金额一致' })
        .expect(200)
    ).body;
  }

  beforeAll(async () => {
    app = await bootApp('deals', { env: { NOTICE_WORKING_DAYS: '3' } });
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of [
      'staff.admin',
      'staff.broker',
      'staff.approver',
      'expert.demo',
      'enterprise.demo',
      'institute.demo',
    ])
      t[u] = await tokenFor(app, u);
  });
  afterAll(() => app?.close());

  it('serves the subsidy preview with the 30 % boundary and the cap on both sides', async () => {
    const preview = async (kind: string, baseYuan: string) =>
      (await request(app.getHttpServer()).get('/api/v1/policy/subsidy').query({ kind, baseYuan }).expect(200)).body;
    // post-subsidy: 500 万元 cap = 30 % of 16,666,666.67 yuan (rounded down)
    expect(await preview('achievement', '16666666.66')).toMatchObject({
      mode: 'post',
      subsidyFen: '499999999',
      capApplied: false,
      rateBp: 3000,
    });
    expect(await preview('achievement', '16666666.67')).toMatchObject({ subsidyFen: '500000000', capApplied: false });
    expect(await preview('achievement', '16666666.70')).toMatchObject({
      subsidyFen: '500000000',
      capApplied: true,
      capFen: '500000000',
    });
    // pre-subsidy: 1000 万元 cap
    expect(await preview('challenge', '33333333.33')).toMatchObject({
      mode: 'pre',
      subsidyFen: '999999999',
      capApplied: false,
    });
    const capped = await preview('challenge', '33333333.37');
    expect(capped).toMatchObject({
      subsidyFen: '1000000000',
      capApplied: true,
      rule: expect.stringContaining('004 §11'),
    });
    expect(capped.steps).toHaveLength(4);
    await request(app.getHttpServer())
      .get('/api/v1/policy/subsidy')
      .query({ kind: 'challenge', baseYuan: '-1' })
      .expect(400);
    await request(app.getHttpServer())
      .get('/api/v1/policy/subsidy')
      .query({ kind: 'other', baseYuan: '1' })
      .expect(400);
  });

  it('challenge → pre-subsidy: refused before the first confirmed installment, capped at 1000 万元, four eyes, disbursed once', async () => {
    const { dealId } = await makeDeal(app, {
      kind: 'challenge',
      title: '技术攻关:稀土钢洁净冶炼',
      posterName: STEEL,
      takerName: INSTITUTE,
      posterToken: t['enterprise.demo'],
      takerToken: t['institute.demo'],
      amountYuan: '30000000',
    });
    expect((await deal(dealId)).status).toBe('agreement_review');
    const signed = await throughSigning(dealId, '40000000.00');
    expect(signed.milestones.map((m) => m.amountFen)).toEqual(['1000000000', '2000000000']);
    expect(signed.plannedEndOn).toBe('2028-11-20');
    expect(signed.payability).toMatchObject({
      payable: false,
      code: 'SUBSIDY_NOT_PAYABLE',
      rule: expect.stringContaining('004 §12'),
    });

    // Refused before the first confirmed installment (a recorded, unconfirmed one does not count).
    const voucher = await upload('enterprise.demo', dealId, 'voucher');
    const key = randomUUID();
    const body = { idempotencyKey: key, amountYuan: '10000000.00', paidOn: '2026-11-20', voucherAttachmentId: voucher };
    const first = await as('enterprise.demo').post(`/api/v1/deals/${dealId}/installments`, body).expect(200);
    // A retry with the same key is stored once; the same key with other content is refused.
    const retry = await as('enterprise.demo').post(`/api/v1/deals/${dealId}/installments`, body).expect(200);
    expect(retry.body.installments).toHaveLength(1);
    expect(first.body.installments[0].id).toBe(retry.body.installments[0].id);
    await as('enterprise.demo')
      .post(`/api/v1/deals/${dealId}/installments`, { ...body, amountYuan: '10000000.01' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('IDEMPOTENCY_KEY_REUSED'));
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM funding_installment WHERE deal_id = $1`, [dealId]);
    expect(n).toBe(1);
    // Only the poster records payments; the taker is refused.
    await as('institute.demo')
      .post(`/api/v1/deals/${dealId}/installments`, { ...body, idempotencyKey: randomUUID() })
      .expect(403);
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: randomUUID() })
      .expect(422)
      .expect((r) =>
        expect(r.body).toMatchObject({ code: 'SUBSIDY_NOT_PAYABLE', rule: expect.stringContaining('004 §12') }),
      );

    const inst = first.body.installments[0];
    const confirmed = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/installments/${inst.id}/review`, { decision: 'confirm' })
      .expect(200);
    expect(confirmed.body.receivedFen).toBe('1000000000');
    expect(confirmed.body.payability.payable).toBe(true);

    // staff.admin proposes; the same person may not approve.
    const proposeKey = randomUUID();
    const proposed = await as('staff.admin')
      .post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: proposeKey })
      .expect(200);
    await as('staff.admin').post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: proposeKey }).expect(200);
    expect(proposed.body.subsidies).toHaveLength(1);
    const s = proposed.body.subsidies[0];
    expect(s).toMatchObject({
      mode: 'pre',
      baseFen: '4000000000',
      subsidyFen: '1000000000',
      capApplied: true,
      status: 'proposed',
    });
    expect(s.steps[1].expression).toBe('40,000,000.00 元 × 30% = 12,000,000.00 元');
    expect(s.evidence[0]).toMatchObject({ amountFen: '4000000000', ref: 'RW-2026-001' });
    await as('staff.admin')
      .post(`/api/v1/deals/${dealId}/subsidy/${s.id}/approve`)
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('SAME_APPROVER'));
    // A broker is not an approver at all.
    await as('staff.broker').post(`/api/v1/deals/${dealId}/subsidy/${s.id}/approve`).expect(403);
    const approved = await as('staff.approver').post(`/api/v1/deals/${dealId}/subsidy/${s.id}/approve`).expect(200);
    expect(approved.body.subsidies[0]).toMatchObject({ status: 'approved', subsidyFen: '1000000000' });
    const disburse = { idempotencyKey: randomUUID(), disbursedOn: '2026-11-21', reference: 'GK-2026-0001' };
    await as('staff.approver').post(`/api/v1/deals/${dealId}/subsidy/${s.id}/disburse`, disburse).expect(200);
    const again = await as('staff.approver')
      .post(`/api/v1/deals/${dealId}/subsidy/${s.id}/disburse`, disburse)
      .expect(200);
    expect(again.body.subsidies[0]).toMatchObject({ status: 'disbursed', disbursementRef: 'GK-2026-0001' });
    const events: { action: string }[] = await db.query(
      `SELECT action FROM audit_log WHERE entity_type = 'deal' AND entity_id = $1 AND action = 'subsidy_disbursed'`,
      [dealId],
    );
    expect(events).toHaveLength(1);
    // A second live subsidy is refused.
    await as('staff.broker').post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: randomUUID() }).expect(409);

    // Termination by both parties and staff: the disbursed state money not spent is recovered (004 §15).
    const req = await as('institute.demo')
      .post(`/api/v1/deals/${dealId}/changes`, {
        kind: 'termination',
        reason: '不可抗力:关键设备供应中断,无法继续实施',
      })
      .expect(200);
    const change = req.body.changes[0];
    await as('staff.approver')
      .post(`/api/v1/deals/${dealId}/changes/${change.id}/decide`, {
        decision: 'approve',
        note: '同意',
        auditedSpentYuan: '1',
      })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('CHANGE_NOT_AGREED'));
    await as('institute.demo').post(`/api/v1/deals/${dealId}/changes/${change.id}/agree`).expect(403);
    await as('enterprise.demo').post(`/api/v1/deals/${dealId}/changes/${change.id}/agree`).expect(200);
    const ended = await as('staff.approver')
      .post(`/api/v1/deals/${dealId}/changes/${change.id}/decide`, {
        decision: 'approve',
        note: '经专项审计,同意终止',
        auditedSpentYuan: '3500000.50',
      })
      .expect(200);
    expect(ended.body).toMatchObject({ status: 'terminated', recoveryFen: '649999950' });
  });

  it('achievement → post-subsidy: objection freezes and releases, refused before acceptance and benefit, racing approvals → one wins', async () => {
    const { dealId } = await makeDeal(app, {
      kind: 'achievement',
      title: '成果转化:稀土抛光粉',
      posterName: INSTITUTE,
      takerName: STEEL,
      posterToken: t['institute.demo'],
      takerToken: t['enterprise.demo'],
      amountYuan: '20000000',
    });
    const opened = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/notice`, { reviewNote: '协议审查通过', workingDays: 5 })
      .expect(200);
    expect(opened.body.status).toBe('on_notice');
    expect(opened.body.notice.workingDays).toBe(5);
    const notices = await request(app.getHttpServer()).get('/api/v1/notices').expect(200);
    expect(notices.body.map((n: { id: string }) => n.id)).toContain(dealId);

    // Anyone logged in may object, with evidence; the deal freezes and cannot be signed.
    const evidence = await upload('expert.demo', dealId, 'objection_evidence');
    const objected = await as('expert.demo')
      .post(`/api/v1/deals/${dealId}/objections`, {
        reasons: '该成果的专利权属存在争议,请核实',
        evidenceAttachmentIds: [evidence],
      })
      .expect(201);
    expect(objected.body.status).toBe('frozen');
    await elapseNotice(app, dealId); // the period runs out while frozen
    const agreement = await upload('staff.broker', dealId, 'agreement');
    const taskBook = await upload('staff.broker', dealId, 'task_book');
    const signBody = {
      contractRegistrationNo: '1502002026000456',
      taskBookNo: 'RW-2026-002',
      signedOn: '2026-11-20',
      agreementAttachmentId: agreement,
      taskBookAttachmentId: taskBook,
    };
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/sign`, signBody)
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('NOTICE_NOT_OVER'));
    const objectionId = objected.body.objections[0].id;
    await as('enterprise.demo')
      .post(`/api/v1/deals/${dealId}/objections/${objectionId}/resolve`, { decision: 'dismiss', resolution: 'x' })
      .expect(403);
    const dismissed = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/objections/${objectionId}/resolve`, {
        decision: 'dismiss',
        resolution: '经核实专利权属清晰',
      })
      .expect(200);
    expect(dismissed.body.status).toBe('awaiting_signing');
    const signed = await as('staff.broker').post(`/api/v1/deals/${dealId}/sign`, signBody).expect(200);
    expect(signed.body.status).toBe('in_progress');

    // The demand side pays (004 §10): here the enterprise taking up the achievement; the IP owner is refused.
    await as('institute.demo')
      .post(`/api/v1/deals/${dealId}/installments`, {
        idempotencyKey: randomUUID(),
        amountYuan: '1.00',
        paidOn: '2026-11-20',
        voucherAttachmentId: randomUUID(),
      })
      .expect(403);
    for (const amountYuan of ['8000000.00', '12000000.00']) {
      const voucher = await upload('enterprise.demo', dealId, 'voucher');
      const r = await as('enterprise.demo')
        .post(`/api/v1/deals/${dealId}/installments`, {
          idempotencyKey: randomUUID(),
          amountYuan,
          paidOn: '2026-11-20',
          voucherAttachmentId: voucher,
        })
        .expect(200);
      const inst = r.body.installments.find((i: { status: string }) => i.status === 'recorded');
      await as('staff.broker')
        .post(`/api/v1/deals/${dealId}/installments/${inst.id}/review`, { decision: 'confirm' })
        .expect(200);
    }
    // Refused before acceptance.
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: randomUUID() })
      .expect(422)
      .expect((r) =>
        expect(r.body).toMatchObject({ code: 'SUBSIDY_NOT_PAYABLE', message: expect.stringContaining('验收') }),
      );

    // Milestones: evidence and sign-off; acceptance needs all of them and an expert opinion.
    const d = await deal(dealId);
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/acceptance/opinions`, {
        expertName: '王专家',
        conclusion: 'pass',
        opinion: '达到预期',
      })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('MILESTONES_OPEN'));
    for (const m of d.milestones) {
      const ev = await upload('enterprise.demo', dealId, 'milestone_evidence');
      await as('enterprise.demo')
        .post(`/api/v1/deals/${dealId}/milestones/${m.id}/submit`, {
          report: '已完成中试线建设',
          evidenceAttachmentId: ev,
        })
        .expect(200);
      await as('staff.broker')
        .post(`/api/v1/deals/${dealId}/milestones/${m.id}/review`, { decision: 'approve' })
        .expect(200);
    }
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/acceptance/conclude`, { result: 'passed', note: '通过' })
      .expect(422)
      .expect((r) => expect(r.body.code).toBe('ACCEPTANCE_OPINIONS_REQUIRED'));
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/acceptance/opinions`, {
        expertName: '王专家',
        conclusion: 'pass',
        opinion: '技术指标全部达到任务书要求',
      })
      .expect(200);
    const accepted = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/acceptance/conclude`, { result: 'passed', note: '专家组一致同意通过验收' })
      .expect(200);
    expect(accepted.body.status).toBe('accepted');
    // Still refused until staff confirm the expected economic benefit (004 §12).
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: randomUUID() })
      .expect(422)
      .expect((r) => expect(r.body.message).toContain('经济效益'));
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/benefit`, { note: '新增产值 1.2 亿元,达到任务书预期' })
      .expect(200);

    const proposed = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: randomUUID() })
      .expect(200);
    const s = proposed.body.subsidies[0];
    expect(s).toMatchObject({ mode: 'post', baseFen: '2000000000', subsidyFen: '500000000', capApplied: true });
    expect(s.evidence.map((e: { amountFen: string }) => e.amountFen)).toEqual(['800000000', '1200000000']);

    // Two approvers at once: exactly one succeeds.
    const results = await Promise.all(
      ['staff.approver', 'staff.admin'].map((u) => as(u).post(`/api/v1/deals/${dealId}/subsidy/${s.id}/approve`)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('SUBSIDY_NOT_PROPOSED');
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'subsidy_approved'`,
      [dealId],
    );
    expect(n).toBe(1);
    const done = await as('staff.approver')
      .post(`/api/v1/deals/${dealId}/subsidy/${s.id}/disburse`, {
        idempotencyKey: randomUUID(),
        disbursedOn: '2026-11-21',
        reference: 'GK-2026-0002',
      })
      .expect(200);
    expect(done.body.status).toBe('completed');

    // The parties' timeline and the auditors' export.
    const timeline = await as('enterprise.demo').get(`/api/v1/deals/${dealId}/timeline`).expect(200);
    const actions = timeline.body.map((e: { action: string }) => e.action);
    for (const a of [
      'agreement_drafted',
      'deal_opened',
      'notice_opened',
      'objection_lodged',
      'objection_dismissed',
      'signed',
      'installment_confirmed',
      'acceptance_passed',
      'benefit_confirmed',
      'subsidy_proposed',
      'subsidy_approved',
      'subsidy_disbursed',
    ])
      expect(actions).toContain(a);
    await as('enterprise.demo').get(`/api/v1/deals/${dealId}/history.csv`).expect(403);
    const csv = await as('staff.broker').get(`/api/v1/deals/${dealId}/history.csv`).expect(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.text).toContain('审计链校验通过');
    expect(csv.text).toContain('subsidy_disbursed');
    const xlsx = await as('staff.approver')
      .get(`/api/v1/deals/${dealId}/history.xlsx`)
      .buffer(true)
      .parse(bufferBody)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const rows = wb.getWorksheet('全过程记录')!.getSheetValues().filter(Boolean).length;
    expect(rows).toBe(timeline.body.length + 2);
  });

  it('an upheld objection sends the deal back to negotiation; the next agreement makes a new deal', async () => {
    const { dealId, applicationId, negotiationId } = await makeDeal(app, {
      kind: 'challenge',
      title: '技术攻关:氢冶金',
      posterName: STEEL,
      takerName: INSTITUTE,
      posterToken: t['enterprise.demo'],
      takerToken: t['institute.demo'],
      amountYuan: '6000000',
    });
    await as('staff.broker').post(`/api/v1/deals/${dealId}/notice`, { reviewNote: '审查通过' }).expect(200);
    const o = await as('expert.demo')
      .post(`/api/v1/deals/${dealId}/objections`, { reasons: '报价明显偏离市场价格,存在利益输送嫌疑' })
      .expect(201);
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/objections/${o.body.objections[0].id}/resolve`, {
        decision: 'uphold',
        resolution: '价格需重新协商',
      })
      .expect(400)
      .expect((r) => expect(r.body.code).toBe('OUTCOME_REQUIRED'));
    const upheld = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/objections/${o.body.objections[0].id}/resolve`, {
        decision: 'uphold',
        outcome: 'renegotiate',
        resolution: '价格需重新协商',
      })
      .expect(200);
    expect(upheld.body.status).toBe('returned');
    const [a] = await db.query(`SELECT status FROM application WHERE id = $1`, [applicationId]);
    const [n] = await db.query(`SELECT status FROM negotiation WHERE id = $1`, [negotiationId]);
    expect([a.status, n.status]).toEqual(['recommended', 'open']);
    const next = await agree(
      app,
      negotiationId,
      await userOf(app, t['enterprise.demo']),
      await userOf(app, t['institute.demo']),
      dealTerms('5000000', 'challenge'),
    );
    expect(next).not.toBe(dealId);
    expect((await deal(next)).status).toBe('agreement_review');
    // Staff reviewing the new draft may also send it back, with a reason; a third agreement opens a third deal.
    await as('staff.broker').post(`/api/v1/deals/${next}/return`, { reason: '知识产权归属约定不明确' }).expect(200);
    expect((await deal(next)).status).toBe('returned');
    const third = await agree(
      app,
      negotiationId,
      await userOf(app, t['enterprise.demo']),
      await userOf(app, t['institute.demo']),
      dealTerms('5000000', 'challenge'),
    );
    expect((await deal(third)).status).toBe('agreement_review');
    // Objections are closed once the notice is over: a party is told so, an outsider no longer sees the deal.
    await as('enterprise.demo')
      .post(`/api/v1/deals/${dealId}/objections`, { reasons: '再次提出异议,请核实情况' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('NOTICE_CLOSED'));
    await as('expert.demo')
      .post(`/api/v1/deals/${dealId}/objections`, { reasons: '再次提出异议,请核实情况' })
      .expect(404);
  });

  it('a 一事一议 cap needs a reason and takes effect only with the second approver', async () => {
    const { dealId } = await makeDeal(app, {
      kind: 'challenge',
      title: '技术攻关:特别重大储能项目',
      posterName: STEEL,
      takerName: INSTITUTE,
      posterToken: t['enterprise.demo'],
      takerToken: t['institute.demo'],
      amountYuan: '30000000',
    });
    await throughSigning(dealId, '50000000.00');
    await payAndConfirm(dealId, '10000000.00');
    await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/subsidy`, {
        idempotencyKey: randomUUID(),
        caseByCase: { capYuan: '12000000.00', reason: '短' },
      })
      .expect(400);
    const proposed = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/subsidy`, {
        idempotencyKey: randomUUID(),
        caseByCase: { capYuan: '12000000.00', reason: '自治区重大专项,经厅务会研究一事一议确定' },
      })
      .expect(200);
    const s = proposed.body.subsidies[0];
    // Until a second person approves, the ordinary cap applies.
    expect(s).toMatchObject({
      subsidyFen: '1000000000',
      capFen: '1000000000',
      caseByCase: { capFen: '1200000000', approvedBy: null },
    });
    const approved = await as('staff.approver').post(`/api/v1/deals/${dealId}/subsidy/${s.id}/approve`).expect(200);
    expect(approved.body.subsidies[0]).toMatchObject({
      subsidyFen: '1200000000',
      capFen: '1200000000',
      capApplied: true,
      rule: expect.stringContaining('一事一议'),
    });
    expect(approved.body.subsidies[0].steps[2].label).toContain('一事一议');
  });

  it('a blacklisted party blocks the approval (004 §14)', async () => {
    const { dealId } = await makeDeal(app, {
      kind: 'challenge',
      title: '技术攻关:稀土功能材料',
      posterName: STEEL,
      takerName: INSTITUTE,
      posterToken: t['enterprise.demo'],
      takerToken: t['institute.demo'],
      amountYuan: '3000000',
    });
    await throughSigning(dealId);
    await payAndConfirm(dealId, '1000000.00');
    const proposed = await as('staff.broker')
      .post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: randomUUID() })
      .expect(200);
    const s = proposed.body.subsidies[0];
    expect(s.subsidyFen).toBe('90000000'); // 30 % of 3,000,000.00 yuan
    const [taker] = await db.query(`SELECT id FROM organization WHERE name = $1`, [INSTITUTE]);
    await db.query(
      `INSERT INTO credit_record (org_id, kind, reason, valid_from, source) VALUES ($1, 'joint_punishment', '测试:列入联合惩戒名单', current_date - 1, 'test')`,
      [taker.id],
    );
    await as('staff.approver')
      .post(`/api/v1/deals/${dealId}/subsidy/${s.id}/approve`)
      .expect(422)
      .expect((r) => expect(r.body).toMatchObject({ code: 'CREDIT_BLACKLISTED', rule: '004 §14' }));
    const [row] = await db.query(`SELECT status FROM subsidy WHERE id = $1`, [s.id]);
    expect(row.status).toBe('proposed');
  });

  it('detects a tampered money event in the audit chain', async () => {
    const ok = await as('staff.admin').get('/api/v1/audit/verify').expect(200);
    expect(ok.body.ok).toBe(true);
    const [victim] = await db.query(
      `SELECT seq FROM audit_log WHERE action = 'installment_confirmed' ORDER BY seq LIMIT 1`,
    );
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER tr_audit_log_append_only`);
    await db.query(`UPDATE audit_log SET data = jsonb_set(data, '{amountFen}', '"1"') WHERE seq = $1`, [victim.seq]);
    await db.query(`ALTER TABLE audit_log ENABLE TRIGGER tr_audit_log_append_only`);
    const broken = await as('staff.admin').get('/api/v1/audit/verify').expect(200);
    expect(broken.body).toMatchObject({ ok: false, brokenAtSeq: String(victim.seq) });
    // The trigger is back: nobody updates the log.
    await expect(db.query(`UPDATE audit_log SET reason = 'x' WHERE seq = $1`, [victim.seq])).rejects.toThrow();
  });
});
