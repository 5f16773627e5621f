import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StatsCountDto, StatsOverviewDto } from '@jiebang/contracts';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';
import { acceptedAchievementDeal, elapseNotice, makeDeal, uploadDealFile } from '../helpers/deals';

const STEEL = '包头钢铁(集团)有限责任公司'; // enterprise.demo, 150200
const INSTITUTE = '包头稀土研究院'; // institute.demo

/**
 * The statistics dashboard and the money ledger (issue 14 item 3) against real PostgreSQL: every figure of
 * `GET /stats/overview` equals a fresh count or sum written independently here (other tables where there are
 * two records of the same fact: the deal's own `recovery_fen`, the policy's rate and cap applied in the test),
 * after each money event — signing (forecast), a confirmed installment, an approval, a disbursement, a
 * termination; the drill-down lists the deals behind a figure; refusals: non-staff 403, bad year 400,
 * a recommender asking for another authority 403.
 */
describe('stats: overview and money ledger', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const as = (u: string) => ({
    get: (p: string, query: object = {}) => http().get(p).query(query).set('Authorization', `Bearer ${t[u]}`),
    post: (p: string, body: object = {}) => http().post(p).set('Authorization', `Bearer ${t[u]}`).send(body),
  });
  const overview = async (query: object = {}, u = 'staff.admin'): Promise<StatsOverviewDto> =>
    (await as(u).get('/api/v1/stats/overview', query).expect(200)).body;
  const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

  /** `[{ key, count }]` of an independent GROUP BY, sorted like the API's. */
  async function grouped(sql: string, params: unknown[] = []): Promise<StatsCountDto[]> {
    const rows: { key: string; count: number }[] = await db.query(sql, params);
    return rows.map((r) => ({ key: r.key, count: Number(r.count) })).sort((a, b) => a.key.localeCompare(b.key));
  }
  const sorted = (xs: StatsCountDto[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));
  const sum = async (sql: string): Promise<string> => String((await db.query(sql))[0].s ?? '0');

  /** The forecast as the rule reads (004 §11 前资助: min(floor(30 % × R&D investment), 1000 万元)), in the test. */
  async function forecast(): Promise<string> {
    const deals: { base: string }[] = await db.query(
      `SELECT COALESCE(total_rd_investment_fen, amount_fen)::text AS base FROM deal d
       WHERE kind = 'challenge' AND status IN ('in_progress', 'accepted')
         AND (SELECT count(*) FROM subsidy s WHERE s.deal_id = d.id AND s.approved_at IS NOT NULL
              AND s.status <> 'rejected') = 0`,
    );
    const cap = 1_000_000_000n;
    return deals
      .map((d) => (BigInt(d.base) * 3n) / 10n)
      .reduce((a, b) => a + (b > cap ? cap : b), 0n)
      .toString();
  }

  /** Asserts every figure of the whole-region overview against fresh SQL. */
  async function expectFresh(): Promise<StatsOverviewDto> {
    const o = await overview();
    expect(sorted(o.listingsByField)).toEqual(
      await grouped(`SELECT coalesce(field, 'none') AS key, count(*) AS count FROM listing GROUP BY 1`),
    );
    expect(sorted(o.listingsByKind)).toEqual(await grouped(`SELECT kind AS key, count(*) FROM listing GROUP BY 1`));
    expect(sorted(o.listingsByStatus)).toEqual(await grouped(`SELECT status AS key, count(*) FROM listing GROUP BY 1`));
    expect(sorted(o.listingsByRegion)).toEqual(
      await grouped(
        `SELECT CASE WHEN r IS NULL THEN 'unknown' ELSE substr(r, 1, 4) || '00' END AS key, count(*) AS count
         FROM (SELECT (SELECT region_code FROM organization o WHERE o.id = l.poster_org_id) AS org_r, l.region_code AS own_r
               FROM listing l) x, LATERAL (SELECT COALESCE(org_r, own_r) AS r) y GROUP BY 1`,
      ),
    );
    expect(sorted(o.applicationsByStatus)).toEqual(
      await grouped(`SELECT status AS key, count(*) FROM application GROUP BY 1`),
    );
    expect(sorted(o.dealsByStatus)).toEqual(await grouped(`SELECT status AS key, count(*) FROM deal GROUP BY 1`));
    expect(o.moneyTotals).toEqual({
      committedFen: await sum(`SELECT sum(subsidy_fen)::text AS s FROM subsidy WHERE approved_by IS NOT NULL
                                 AND status <> 'rejected'`),
      receivedFen: await sum(`SELECT sum(amount_fen)::text AS s FROM funding_installment WHERE status = 'confirmed'`),
      disbursedFen: await sum(`SELECT sum(subsidy_fen)::text AS s FROM subsidy WHERE disbursed_on IS NOT NULL`),
      recoverableFen: await sum(`SELECT sum(recovery_fen)::text AS s FROM deal WHERE status = 'terminated'`),
      forecastFen: await forecast(),
    });
    // The rows add up to the totals, and received per field equals a fresh grouping by the listing's field.
    for (const k of ['committedFen', 'receivedFen', 'disbursedFen', 'recoverableFen', 'forecastFen'] as const) {
      expect(o.money.reduce((s, r) => s + BigInt(r[k]), 0n).toString()).toBe(o.moneyTotals[k]);
    }
    const perField: { field: string | null; s: string }[] = await db.query(
      `SELECT l.field, sum(f.amount_fen)::text AS s FROM funding_installment f JOIN deal d ON d.id = f.deal_id
       JOIN listing l ON l.id = d.listing_id WHERE f.status = 'confirmed' GROUP BY l.field`,
    );
    for (const r of perField) {
      const got = o.money.filter((m) => m.field === r.field).reduce((s, m) => s + BigInt(m.receivedFen), 0n);
      expect(got.toString()).toBe(r.s);
    }
    // Time per stage: as many completed stays as status changes leaving that stage.
    for (const st of o.stageDurations) {
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity_type = $1 AND from_status = $2
           AND to_status IS NOT NULL AND to_status <> from_status`,
        [st.entity, st.stage],
      );
      expect([st.entity, st.stage, st.count]).toEqual([st.entity, st.stage, n]);
      expect(st.medianDays).toBeGreaterThanOrEqual(0);
      expect(st.averageDays).toBeGreaterThanOrEqual(0);
    }
    return o;
  }

  beforeAll(async () => {
    app = await bootApp('stats', { env: { NOTICE_WORKING_DAYS: '3' } });
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of ['staff.admin', 'staff.broker', 'staff.approver', 'enterprise.demo', 'institute.demo']) {
      t[u] = await tokenFor(app, u);
    }
    // Listings of other fields, kinds and statuses, one without a poster organisation or region.
    const steel = (await db.query(`SELECT id FROM organization WHERE name = $1`, [STEEL]))[0].id;
    await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name) VALUES
         ('challenge', 'hydrogen', '绿氢储运', 'submitted', $1, $2),
         ('achievement', 'graphene', '石墨烯导热膜', 'draft', NULL, '某研究所'),
         ('achievement', NULL, '未分类成果', 'draft', NULL, '某高校')`,
      [steel, STEEL],
    );
  });
  afterAll(() => app?.close());

  it('refuses non-staff (403), a bad year (400), an unknown measure (400)', async () => {
    await as('enterprise.demo').get('/api/v1/stats/overview').expect(403);
    await http().get('/api/v1/stats/overview').expect(401);
    for (const y of ['1999', 'abc', '2026.5']) {
      const r = await as('staff.admin').get('/api/v1/stats/overview', { year: y }).expect(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
    }
    await as('staff.admin').get('/api/v1/stats/money/deals', { measure: 'profit' }).expect(400);
    const unknown = await as('staff.admin').get('/api/v1/stats/overview', { authority: '159900' }).expect(422);
    expect(unknown.body.code).toBe('AUTHORITY_UNKNOWN');
  });

  it('every figure equals a fresh count after signing, a confirmed installment, approval, disbursement, termination', async () => {
    const empty = await expectFresh();
    expect(empty.moneyTotals.receivedFen).toBe('0');

    // A challenge deal: signed with 40,000,000 yuan of R&D investment → a forecast 前资助 of 1000 万元 (the cap).
    const { dealId } = await makeDeal(app, {
      kind: 'challenge',
      title: '统计:稀土钢洁净冶炼',
      posterName: STEEL,
      takerName: INSTITUTE,
      posterToken: t['enterprise.demo'],
      takerToken: t['institute.demo'],
      amountYuan: '30000000',
    });
    const base = `/api/v1/deals/${dealId}`;
    await as('staff.broker').post(`${base}/notice`, { reviewNote: '协议要素齐全' }).expect(200);
    await elapseNotice(app, dealId);
    await as('staff.broker')
      .post(`${base}/sign`, {
        contractRegistrationNo: '1502002026000555',
        taskBookNo: 'RW-2026-055',
        signedOn: `${year}-11-20`,
        agreementAttachmentId: await uploadDealFile(app, t['staff.broker'], dealId, 'agreement'),
        taskBookAttachmentId: await uploadDealFile(app, t['staff.broker'], dealId, 'task_book'),
        totalRdInvestmentYuan: '40000000.00',
      })
      .expect(200);
    let o = await expectFresh();
    expect(o.moneyTotals.forecastFen).toBe('1000000000');
    const forecastDrill = await as('staff.admin')
      .get('/api/v1/stats/money/deals', { measure: 'forecast', year, field: 'rare_earth' })
      .expect(200);
    expect(forecastDrill.body).toMatchObject({
      totalFen: '1000000000',
      items: [{ dealId, amountFen: '1000000000', field: 'rare_earth', year }],
    });

    // A confirmed installment of 10,000,000.00 yuan (an unconfirmed one does not count).
    const voucher = await uploadDealFile(app, t['enterprise.demo'], dealId, 'voucher');
    const paid = await as('enterprise.demo')
      .post(`${base}/installments`, {
        idempotencyKey: randomUUID(),
        amountYuan: '10000000.00',
        paidOn: `${year}-11-20`,
        voucherAttachmentId: voucher,
      })
      .expect(200);
    expect((await expectFresh()).moneyTotals.receivedFen).toBe('0');
    await as('staff.broker')
      .post(`${base}/installments/${paid.body.installments[0].id}/review`, { decision: 'confirm' })
      .expect(200);
    o = await expectFresh();
    expect(o.moneyTotals.receivedFen).toBe('1000000000');

    // Proposed, then approved by a second person: committed; no longer a forecast.
    const proposed = await as('staff.admin').post(`${base}/subsidy`, { idempotencyKey: randomUUID() }).expect(200);
    const s = proposed.body.subsidies[0];
    expect((await expectFresh()).moneyTotals.committedFen).toBe('0');
    await as('staff.approver').post(`${base}/subsidy/${s.id}/approve`).expect(200);
    o = await expectFresh();
    expect(o.moneyTotals).toMatchObject({ committedFen: '1000000000', forecastFen: '0' });

    // Disbursed.
    await as('staff.approver')
      .post(`${base}/subsidy/${s.id}/disburse`, {
        idempotencyKey: randomUUID(),
        disbursedOn: `${year}-11-21`,
        reference: 'GK-STATS-1',
      })
      .expect(200);
    o = await expectFresh();
    expect(o.moneyTotals).toMatchObject({ committedFen: '1000000000', disbursedFen: '1000000000' });

    // Terminated after a special audit: 1000 万元 disbursed − 3,500,000.50 spent = 6,499,999.50 yuan to recover.
    const req = await as('institute.demo')
      .post(`${base}/changes`, { kind: 'termination', reason: '不可抗力:关键设备供应中断' })
      .expect(200);
    const change = req.body.changes[0];
    await as('enterprise.demo').post(`${base}/changes/${change.id}/agree`).expect(200);
    await as('staff.approver')
      .post(`${base}/changes/${change.id}/decide`, {
        decision: 'approve',
        note: '经专项审计,同意终止',
        auditedSpentYuan: '3500000.50',
      })
      .expect(200);
    o = await expectFresh();
    expect(o.moneyTotals.recoverableFen).toBe('649999950');
    expect(o.dealsByStatus).toContainEqual({ key: 'terminated', count: 1 });
    expect(o.stageDurations).toContainEqual(expect.objectContaining({ entity: 'deal', stage: 'on_notice', count: 1 }));

    // An achievement deal accepted with 12,000,000 yuan received.
    const second = await acceptedAchievementDeal(app, t, '统计:稀土抛光粉');
    o = await expectFresh();
    expect(o.moneyTotals.receivedFen).toBe('2200000000');

    // Each money figure drills down to its deals.
    const received = await as('staff.admin').get('/api/v1/stats/money/deals', { measure: 'received' }).expect(200);
    expect(received.body.totalFen).toBe(o.moneyTotals.receivedFen);
    expect(received.body.items.map((i: { dealId: string; amountFen: string }) => [i.dealId, i.amountFen])).toEqual([
      [second, '1200000000'],
      [dealId, '1000000000'],
    ]);
    const recoverable = await as('staff.admin')
      .get('/api/v1/stats/money/deals', { measure: 'recoverable', year })
      .expect(200);
    expect(recoverable.body.items).toEqual([expect.objectContaining({ dealId, amountFen: '649999950' })]);

    // Another year: no money and no records created in it.
    const other = await overview({ year: year + 1 });
    expect(other.money).toEqual([]);
    expect(other.listingsByKind).toEqual([]);
    expect(other.moneyTotals.receivedFen).toBe('0');
    const thisYear = await overview({ year });
    expect(thisYear.moneyTotals).toEqual(o.moneyTotals);
  });

  it('a recommender sees its own authority only; asking for another is 403', async () => {
    const admin = t['staff.admin'];
    const created = await http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        username: 'stats.baotou',
        displayName: '包头市科技局',
        role: 'staff',
        staffRoles: ['recommender'],
        authority: '150200',
      })
      .expect(201);
    const first = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'stats.baotou', password: created.body.oneTimePassword })
      .expect(200);
    t['stats.baotou'] = (
      await http()
        .post('/api/v1/auth/change-password')
        .set('Authorization', `Bearer ${first.body.accessToken}`)
        .send({ currentPassword: created.body.oneTimePassword, newPassword: '一条足够长的新口令 2026' })
        .expect(200)
    ).body.accessToken;

    const refused = await as('stats.baotou').get('/api/v1/stats/overview', { authority: '150600' }).expect(403);
    expect(refused.body.code).toBe('AUTHORITY_NOT_OWN');
    await as('stats.baotou').get('/api/v1/exports/listings').expect(403);

    const own = await overview({}, 'stats.baotou');
    expect(own.authority).toBe('150200');
    expect(await overview({ authority: '150200' })).toEqual(own);
    // Fresh counts of the 包头 region (poster's region, else the listing's own).
    expect(sorted(own.listingsByStatus)).toEqual(
      await grouped(
        `SELECT l.status AS key, count(*) AS count FROM listing l LEFT JOIN organization o ON o.id = l.poster_org_id
         WHERE substr(COALESCE(o.region_code, l.region_code), 1, 4) = '1502' GROUP BY 1`,
      ),
    );
    expect(sorted(own.dealsByStatus)).toEqual(
      await grouped(
        `SELECT d.status AS key, count(*) AS count FROM deal d
         WHERE EXISTS (SELECT 1 FROM organization o WHERE o.id IN (d.poster_org_id, d.taker_org_id)
                       AND o.region_code LIKE '1502%') GROUP BY 1`,
      ),
    );
    // Both demo deals are between 包头 organisations: the money is theirs.
    expect(own.moneyTotals.receivedFen).toBe('2200000000');
    // 鄂尔多斯 has none of it.
    const ordos = await overview({ authority: '150600' });
    expect(ordos.moneyTotals.receivedFen).toBe('0');
  });
});
