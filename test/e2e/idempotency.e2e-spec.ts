import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { NegotiationsService } from '../../apps/api/src/negotiations/negotiations.service';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { acceptedAchievementDeal, dealTerms, elapseNotice, makeDeal, uploadDealFile, userOf } from '../helpers/deals';

/**
 * Idempotency wherever money moves (issue 11 item 4), over the API against real PostgreSQL: on every keyed money
 * write — an installment, a subsidy proposal, a disbursement, an offer in the negotiation — a replay with the same
 * content returns the original result and writes nothing twice; the same key with any different content (amount
 * in fen, date, ids, text, the acting user) is 409 `IDEMPOTENCY_KEY_REUSED` with a Chinese message and writes
 * nothing; requests racing with one key write once and answer the replay or 409, never 500.
 */
describe('idempotency of money writes', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  const post = (u: string, path: string, body: object) =>
    request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${t[u]}`).send(body);
  /** Rows of `table` for the deal, and the deal's audit records with `action`. */
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;
  const audits = (dealId: string, action: string) =>
    count(`audit_log WHERE entity_type = 'deal' AND entity_id = $1 AND action = $2`, [dealId, action]);
  const reused = (r: request.Response) => {
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(r.body.message).toMatch(/幂等键/);
  };

  beforeAll(async () => {
    app = await bootApp('idem');
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of ['staff.admin', 'staff.broker', 'staff.approver', 'enterprise.demo', 'institute.demo'])
      t[u] = await tokenFor(app, u);
  });
  afterAll(() => app?.close());

  it('installments: replay → the original; other amount, date, voucher or note → 409, nothing written', async () => {
    const { dealId } = await makeDeal(app, {
      kind: 'achievement',
      title: '幂等测试:稀土抛光粉成果转化',
      posterName: '包头稀土研究院',
      takerName: '包头钢铁(集团)有限责任公司',
      posterToken: t['institute.demo'],
      takerToken: t['enterprise.demo'],
      amountYuan: '12000000',
    });
    const base = `/api/v1/deals/${dealId}`;
    await post('staff.broker', `${base}/notice`, { reviewNote: '协议要素齐全' }).expect(200);
    await elapseNotice(app, dealId);
    await post('staff.broker', `${base}/sign`, {
      contractRegistrationNo: '1502002026000555',
      taskBookNo: 'RW-2026-055',
      signedOn: '2026-11-20',
      agreementAttachmentId: await uploadDealFile(app, t['staff.broker'], dealId, 'agreement'),
      taskBookAttachmentId: await uploadDealFile(app, t['staff.broker'], dealId, 'task_book'),
    }).expect(200);
    const voucher = await uploadDealFile(app, t['enterprise.demo'], dealId, 'voucher');
    const other = await uploadDealFile(app, t['enterprise.demo'], dealId, 'voucher');
    const body = {
      idempotencyKey: randomUUID(),
      amountYuan: '1000000.00',
      paidOn: '2026-11-20',
      voucherAttachmentId: voucher,
      note: '首笔',
    };
    const first = await post('enterprise.demo', `${base}/installments`, body).expect(200);
    // The same content, written differently (yuan without decimals, padded note), is the same request.
    const replay = await post('enterprise.demo', `${base}/installments`, {
      ...body,
      amountYuan: '1000000',
      note: ' 首笔 ',
    }).expect(200);
    expect(replay.body.installments.map((i: { id: string }) => i.id)).toEqual(
      first.body.installments.map((i: { id: string }) => i.id),
    );
    for (const change of [
      { amountYuan: '1000000.01' },
      { paidOn: '2026-11-21' },
      { voucherAttachmentId: other },
      { note: '第二笔' },
    ])
      reused(await post('enterprise.demo', `${base}/installments`, { ...body, ...change }));
    expect(await count(`funding_installment WHERE deal_id = $1`, [dealId])).toBe(1);
    expect(await audits(dealId, 'installment_recorded')).toBe(1);

    // Racing with one key: one row, every answer the replay (200); racing with one key and different amounts:
    // one row, the others 409 — never a 500.
    const same = { ...body, idempotencyKey: randomUUID(), amountYuan: '2000000.00' };
    const raced = await Promise.all([1, 2, 3, 4].map(() => post('enterprise.demo', `${base}/installments`, same)));
    expect(raced.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const key = randomUUID();
    const mixed = await Promise.all(
      ['300000.00', '300000.01', '300000.02', '300000.03'].map((amountYuan) =>
        post('enterprise.demo', `${base}/installments`, { ...body, idempotencyKey: key, amountYuan }),
      ),
    );
    expect(mixed.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of mixed.filter((x) => x.status !== 200)) reused(r);
    expect(await count(`funding_installment WHERE deal_id = $1`, [dealId])).toBe(3);
    expect(await audits(dealId, 'installment_recorded')).toBe(3);
  });

  it('subsidy proposal and disbursement: replay → the original; other content or person → 409, nothing written', async () => {
    const dealId = await acceptedAchievementDeal(app, t, '幂等测试:稀土永磁材料成果转化');
    const base = `/api/v1/deals/${dealId}`;
    const propose = { idempotencyKey: randomUUID(), note: '按后补助核定' };
    const proposed = await post('staff.broker', `${base}/subsidy`, propose).expect(200);
    const s = proposed.body.subsidies[0];
    const replay = await post('staff.broker', `${base}/subsidy`, { ...propose, note: '按后补助核定 ' }).expect(200);
    expect(replay.body.subsidies).toEqual(proposed.body.subsidies);
    for (const [u, change] of [
      ['staff.broker', { note: '另一方案' }],
      ['staff.broker', { caseByCase: { capYuan: '6000000', reason: '一事一议:该成果对全区产业带动作用显著' } }],
      ['staff.admin', {}],
    ] as const)
      reused(await post(u, `${base}/subsidy`, { ...propose, ...change }));
    expect(await count(`subsidy WHERE deal_id = $1`, [dealId])).toBe(1);
    expect(await audits(dealId, 'subsidy_proposed')).toBe(1);

    await post('staff.approver', `${base}/subsidy/${s.id}/approve`, {}).expect(200);
    const disburse = { idempotencyKey: randomUUID(), disbursedOn: '2026-11-21', reference: 'GK-2026-0101' };
    // Racing: the deal lock serialises them; one disbursement, every answer the replay.
    const raced = await Promise.all(
      [1, 2, 3].map(() => post('staff.approver', `${base}/subsidy/${s.id}/disburse`, disburse)),
    );
    expect(raced.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of raced)
      expect(r.body.subsidies[0]).toMatchObject({ status: 'disbursed', disbursedOn: '2026-11-21' });
    for (const [u, change] of [
      ['staff.approver', { reference: 'GK-2026-0102' }],
      ['staff.approver', { disbursedOn: '2026-11-22' }],
      ['staff.admin', {}],
    ] as const)
      reused(await post(u, `${base}/subsidy/${s.id}/disburse`, { ...disburse, ...change }));
    const [row] = await db.query(
      `SELECT disbursed_on::text AS on, disbursement_ref AS ref FROM subsidy WHERE id = $1`,
      [s.id],
    );
    expect(row).toEqual({ on: '2026-11-21', ref: 'GK-2026-0101' });
    expect(await audits(dealId, 'subsidy_disbursed')).toBe(1);
    // A new key on the disbursed subsidy is a new request: refused by state, not replayed.
    await post('staff.approver', `${base}/subsidy/${s.id}/disburse`, { ...disburse, idempotencyKey: randomUUID() })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('SUBSIDY_NOT_APPROVED'));
  });

  it('offers: the same terms under a key → the stored offer; other terms → 409, nothing written', async () => {
    const [listing] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
       VALUES ('achievement', 'rare_earth', '幂等测试:报价', 'published', $1, '包头稀土研究院', now()) RETURNING id`,
      [await orgId(app, '包头稀土研究院')],
    );
    const taker = await userOf(app, t['enterprise.demo']);
    const [application] = await db.query(
      `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
       VALUES ($1, $2, 'recommended', '实施方案', '团队', 100000000, $3) RETURNING id`,
      [listing.id, await orgId(app, '包头钢铁(集团)有限责任公司'), taker.id],
    );
    const [n] = await db.query(`INSERT INTO negotiation (application_id) VALUES ($1) RETURNING id`, [application.id]);
    const negotiations = app.get(NegotiationsService);
    const poster = await userOf(app, t['institute.demo']);
    const terms = dealTerms('3000000', 'achievement');
    const key = randomUUID();
    const first = await negotiations.propose(poster, n.id, key, terms);
    // Written differently, the same terms: yuan with decimals, padded text.
    const replay = await negotiations.propose(poster, n.id, key, {
      ...terms,
      amountYuan: '3000000.00',
      ipOwnership: ` ${terms.ipOwnership} `,
    });
    expect(replay.id).toBe(first.id);
    for (const change of [{ amountYuan: '3000001' }, { durationMonths: terms.durationMonths + 1 }]) {
      await expect(negotiations.propose(poster, n.id, key, { ...terms, ...change })).rejects.toMatchObject({
        status: 409,
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
    }
    expect(await count(`offer WHERE negotiation_id = $1`, [n.id])).toBe(1);
  });
});
