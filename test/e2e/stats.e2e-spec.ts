import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CarrierMoneyRowDto, StatsCountDto, StatsOverviewDto } from '@jiebang/contracts';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { registeredCarrier } from '../helpers/carriers';
import { acceptedAchievementDeal, elapseNotice, makeDeal, uploadDealFile } from '../helpers/deals';

const STEEL = '包头钢铁(集团)有限责任公司'; // enterprise.demo, 150200
const INSTITUTE = '包头稀土研究院'; // institute.demo

/**
 * The statistics dashboard and the money ledger (issue 14 item 3) against real PostgreSQL: every figure of
 * `GET /stats/overview` equals a fresh count or sum written independently here (other tables where there are
 * two records of the same fact: the deal's own `recovery_fen`, the policy's rate and cap applied in the test),
 * after each money event — signing (forecast), a confirmed installment, an approval, a disbursement, a
 * termination; the drill-down lists the deals behind a figure; refusals: non-staff 403, bad year 400,
 * a recommender asking for another authority 403. Carrier support money (issue 15 §7) — proposed, approved,
 * disbursed, a rejected proposal and one reduced by 就高不重复 (`001 §14`) — equals fresh SQL per year and
 * authority, adds into one total of public money, and drills down to its support records.
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

  /** Signs in 包头市科技局's recommender (`t['stats.baotou']`), created once, so any case may run alone. */
  async function baotouRecommender(): Promise<void> {
    await recommender('stats.baotou', '包头市科技局', '150200');
  }

  /** Creates (once) and signs in a recommender of `authority` as `t[username]`. */
  async function recommender(username: string, displayName: string, authority: string): Promise<void> {
    if (t[username]) return;
    const admin = t['staff.admin'];
    const created = await http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username, displayName, role: 'staff', staffRoles: ['recommender'], authority })
      .expect(201);
    const first = await http()
      .post('/api/v1/auth/login')
      .send({ username, password: created.body.oneTimePassword })
      .expect(200);
    t[username] = (
      await http()
        .post('/api/v1/auth/change-password')
        .set('Authorization', `Bearer ${first.body.accessToken}`)
        .send({ currentPassword: created.body.oneTimePassword, newPassword: '一条足够长的新口令 2026' })
        .expect(200)
    ).body.accessToken;
  }

  it('a recommender sees its own authority only; asking for another is 403', async () => {
    await baotouRecommender();

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

  it('carrier support money (issue 15 §7): granted amounts by the Beijing year of each event, scoped by authority, in the public total', async () => {
    const post = (u: string, p: string, body: object = {}) => as(u).post(`/api/v1/carriers${p}`, body);
    await baotouRecommender();
    const institute = await orgId(app, INSTITUTE); // 包头
    const jiutai = await orgId(app, '久泰集团'); // 鄂尔多斯 150600
    const pilot = await registeredCarrier(db, {
      kind: 'pilot_base',
      hostOrgId: institute,
      name: '统计稀土中试基地',
      regionCode: '150203',
    });
    const cv = await registeredCarrier(db, {
      kind: 'concept_validation',
      hostOrgId: institute,
      name: '统计稀土概念验证中心',
      regionCode: '150203',
    });
    // No region of its own: it lies where its host is (鄂尔多斯).
    const ordos = await registeredCarrier(db, {
      kind: 'pilot_platform',
      hostOrgId: jiutai,
      name: '统计煤化工中试公共服务平台',
      regionCode: null,
    });
    const propose = async (carrier: string, kind: string, y: number, baseYuan: string) =>
      (await post('staff.admin', `/${carrier}/support`, { kind, year: y, baseYuan }).expect(201)).body as {
        id: string;
        computedFen: string;
        grantedFen: string;
      };

    // 1. Operation support of the pilot base: 20 % of 3,000,000 yuan = 600,000 yuan, approved and disbursed.
    const a = await propose(pilot, 'operation', year, '3000000.00');
    expect(a.grantedFen).toBe('60000000');
    await post('staff.approver', `/support/${a.id}/approve`).expect(200);
    await post('staff.approver', `/support/${a.id}/disburse`, { voucherNo: 'TJ-ZT-001' }).expect(200);
    // Decided at 23:30 Beijing on 31 December of last year, paid out at 00:30 Beijing on 1 January of this year.
    await db.query(
      `UPDATE carrier_support SET decided_at = $2::timestamptz, disbursed_at = $3::timestamptz WHERE id = $1`,
      [a.id, `${year - 1}-12-31T15:30:00Z`, `${year - 1}-12-31T16:30:00Z`],
    );
    // 2. The same organisation's concept-validation centre, same year: 800,000 yuan computed, granted only the
    //    200,000 yuan that lifts the year to the highest (就高不重复, 001 §14); approved.
    const b = await propose(cv, 'operation', year, '4000000.00');
    expect([b.computedFen, b.grantedFen]).toEqual(['80000000', '20000000']);
    await post('staff.approver', `/support/${b.id}/approve`).expect(200);
    // 3. Construction support in 鄂尔多斯, floored to the fen (20 % of 5,000,000.57 = 1,000,000.114): proposed only.
    const c = await propose(ordos, 'construction', year, '5000000.57');
    expect(c.grantedFen).toBe('100000011');
    // 4. Operation support for last year, rejected: counts nowhere.
    const d = await propose(ordos, 'operation', year - 1, '1000000.00');
    await post('staff.approver', `/support/${d.id}/reject`, { note: '服务收入证明不足' }).expect(200);

    /** The carrier figures of one scope and year from fresh SQL written apart from the API's statement. */
    async function freshCarrier(prefix: string | null, y: number | null) {
      const rows: { y: number; ck: string; sk: string; m: string; s: string }[] = await db.query(
        `WITH ev AS (
           SELECT s.granted_fen, c.kind AS ck, s.kind AS sk, 'proposedFen' AS m, s.proposed_at AS at, s.carrier_id, s.org_id
             FROM carrier_support s JOIN carrier c ON c.id = s.carrier_id WHERE s.status = 'proposed'
           UNION ALL
           SELECT s.granted_fen, c.kind, s.kind, 'committedFen', s.decided_at, s.carrier_id, s.org_id
             FROM carrier_support s JOIN carrier c ON c.id = s.carrier_id
             WHERE s.decided_by IS NOT NULL AND s.status <> 'rejected'
           UNION ALL
           SELECT s.granted_fen, c.kind, s.kind, 'disbursedFen', s.disbursed_at, s.carrier_id, s.org_id
             FROM carrier_support s JOIN carrier c ON c.id = s.carrier_id WHERE s.voucher_no IS NOT NULL
         )
         SELECT date_part('year', timezone('Asia/Shanghai', at))::int AS y, ck, sk, m, sum(granted_fen)::text AS s
         FROM ev
         WHERE ($1::text IS NULL OR substr(COALESCE((SELECT region_code FROM carrier WHERE id = ev.carrier_id),
                 (SELECT region_code FROM organization WHERE id = ev.org_id)), 1, 4) = $1::text)
         GROUP BY 1, 2, 3, 4`,
        [prefix],
      );
      const inYear = rows.filter((r) => y === null || r.y === y);
      const total = (m: string) =>
        inYear
          .filter((r) => r.m === m)
          .reduce((t, r) => t + BigInt(r.s), 0n)
          .toString();
      const byRow = new Map<string, CarrierMoneyRowDto>();
      for (const r of inYear) {
        const key = `${r.y}|${r.ck}|${r.sk}`;
        const row = byRow.get(key) ?? {
          year: r.y,
          carrierKind: r.ck,
          supportKind: r.sk,
          proposedFen: '0',
          committedFen: '0',
          disbursedFen: '0',
        };
        row[r.m as 'proposedFen' | 'committedFen' | 'disbursedFen'] = r.s;
        byRow.set(key, row);
      }
      const key = (x: CarrierMoneyRowDto) => `${x.year}|${x.carrierKind}|${x.supportKind}`;
      return {
        rows: [...byRow.values()].sort((p, q) => key(p).localeCompare(key(q))),
        totals: {
          proposedFen: total('proposedFen'),
          committedFen: total('committedFen'),
          disbursedFen: total('disbursedFen'),
        },
      };
    }
    const rowKey = (x: CarrierMoneyRowDto) => `${x.year}|${x.carrierKind}|${x.supportKind}`;
    const check = async (o: StatsOverviewDto, prefix: string | null, y: number | null) => {
      const fresh = await freshCarrier(prefix, y);
      expect(o.carrierMoneyTotals).toEqual(fresh.totals);
      expect([...o.carrierMoney].sort((p, q) => rowKey(p).localeCompare(rowKey(q)))).toEqual(fresh.rows);
      expect(o.publicMoneyTotals).toEqual({
        committedFen: (BigInt(o.moneyTotals.committedFen) + BigInt(fresh.totals.committedFen)).toString(),
        disbursedFen: (BigInt(o.moneyTotals.disbursedFen) + BigInt(fresh.totals.disbursedFen)).toString(),
      });
    };

    // The whole region, every year: 1,000,000.11 yuan awaiting approval, 800,000 committed, 600,000 disbursed.
    const all = await overview();
    await check(all, null, null);
    expect(all.carrierMoneyTotals).toEqual({
      proposedFen: '100000011',
      committedFen: '80000000',
      disbursedFen: '60000000',
    });
    // The deals' figures still equal their own fresh SQL: carrier support is not mixed into them.
    await expectFresh();
    // One total of public money: the deals' subsidies plus the carriers'.
    expect(all.publicMoneyTotals).toEqual({
      committedFen: (BigInt(all.moneyTotals.committedFen) + 80000000n).toString(),
      disbursedFen: (BigInt(all.moneyTotals.disbursedFen) + 60000000n).toString(),
    });
    expect(all.carrierMoney).toContainEqual({
      year: year - 1,
      carrierKind: 'pilot_base',
      supportKind: 'operation',
      proposedFen: '0',
      committedFen: '60000000',
      disbursedFen: '0',
    });
    // By year: the approval falls in last year (Beijing), the disbursement in this one.
    const thisYear = await overview({ year });
    await check(thisYear, null, year);
    expect(thisYear.carrierMoneyTotals).toEqual({
      proposedFen: '100000011',
      committedFen: '20000000',
      disbursedFen: '60000000',
    });
    const lastYear = await overview({ year: year - 1 });
    await check(lastYear, null, year - 1);
    expect(lastYear.carrierMoneyTotals).toEqual({ proposedFen: '0', committedFen: '60000000', disbursedFen: '0' });
    expect((await overview({ year: year + 1 })).carrierMoney).toEqual([]);

    // By authority: 鄂尔多斯 has the proposal of the carrier without a region; the 包头 recommender the rest.
    const ordosAll = await overview({ authority: '150600' });
    await check(ordosAll, '1506', null);
    expect(ordosAll.carrierMoneyTotals).toEqual({ proposedFen: '100000011', committedFen: '0', disbursedFen: '0' });
    const baotou = await overview({}, 'stats.baotou');
    await check(baotou, '1502', null);
    expect(baotou.carrierMoneyTotals).toEqual({ proposedFen: '0', committedFen: '80000000', disbursedFen: '60000000' });

    // The drill-down lists the records behind a figure, largest first; the 就高不重复 one shows what it computed.
    const drill = (query: object, u = 'staff.admin') => as(u).get('/api/v1/stats/money/carriers', query);
    const committed = (await drill({ measure: 'committed' }).expect(200)).body;
    expect(committed.totalFen).toBe(all.carrierMoneyTotals.committedFen);
    expect(committed.items).toEqual([
      expect.objectContaining({
        supportId: a.id,
        carrierId: pilot,
        plateName: '内蒙古自治区统计稀土中试基地',
        carrierKind: 'pilot_base',
        hostOrgName: INSTITUTE,
        supportKind: 'operation',
        supportYear: year,
        year: year - 1,
        status: 'disbursed',
        amountFen: '60000000',
      }),
      expect.objectContaining({ supportId: b.id, year, computedFen: '80000000', amountFen: '20000000' }),
    ]);
    const committedThisYear = (await drill({ measure: 'committed', year }).expect(200)).body;
    expect([committedThisYear.totalFen, committedThisYear.items.length]).toEqual([
      thisYear.carrierMoneyTotals.committedFen,
      1,
    ]);
    const proposed = (
      await drill({ measure: 'proposed', carrierKind: 'pilot_platform', kind: 'construction' }).expect(200)
    ).body;
    expect(proposed).toMatchObject({ measure: 'proposed', totalFen: '100000011', items: [{ supportId: c.id }] });
    expect((await drill({ measure: 'proposed', kind: 'operation' }).expect(200)).body).toEqual({
      measure: 'proposed',
      totalFen: '0',
      items: [],
    });
    // The rejected proposal is behind no figure.
    for (const measure of ['proposed', 'committed', 'disbursed']) {
      const ids = (await drill({ measure }).expect(200)).body.items.map((i: { supportId: string }) => i.supportId);
      expect(ids).not.toContain(d.id);
    }
    const own = (await drill({ measure: 'proposed' }, 'stats.baotou').expect(200)).body;
    expect(own).toEqual({ measure: 'proposed', totalFen: '0', items: [] });

    // Refusals: another authority (403), unknown measure / class / carrier kind (400), non-staff (403).
    const foreign = await drill({ measure: 'committed', authority: '150600' }, 'stats.baotou').expect(403);
    expect(foreign.body.code).toBe('AUTHORITY_NOT_OWN');
    for (const query of [
      { measure: 'received' },
      { measure: 'committed', kind: 'gift' },
      { measure: 'committed', carrierKind: 'x' },
    ]) {
      const bad = await drill(query).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    await drill({ measure: 'committed' }, 'enterprise.demo').expect(403);
  });
  it('carrier support money follows the application’s 归口管理部门 first (issue 15 §3): a 自治区部门 sees its own carrier, a 盟市 not a department’s', async () => {
    await baotouRecommender();
    await recommender('stats.industry', '自治区工业和信息化厅', 'dept.industry');
    const institute = await orgId(app, INSTITUTE); // 包头
    const adminId = (await db.query(`SELECT id FROM app_user WHERE username = 'staff.admin'`))[0].id;
    const [{ id: roundId }] = await db.query(
      `INSERT INTO carrier_round (programme_id, title, document_no, kinds, opens_on, closes_on, recommend_deadline,
         rule_set_id, status, created_by)
       VALUES ('platform_filing', '统计部门推荐批次', '内科发〔2026〕781号', '{pilot_base,concept_validation}',
         '2026-01-01', '2026-02-01', '2026-03-01', 'yn-kegui-2025-11@1', 'closed', $1) RETURNING id`,
      [adminId],
    );
    /** A carrier in 包头 registered by an application that names `authority`. */
    const carrierOf = async (kind: string, name: string, authority: string) => {
      const carrier = await registeredCarrier(db, { kind, hostOrgId: institute, name, regionCode: '150203' });
      const [{ id }] = await db.query(
        `INSERT INTO carrier_application (round_id, org_id, kind, platform_name, status, authority, carrier_id,
           created_by)
         VALUES ($1, $2, $3, $4, 'published', $5, $6, $7) RETURNING id`,
        [roundId, institute, kind, name, authority, carrier, adminId],
      );
      await db.query(`UPDATE carrier SET application_id = $2 WHERE id = $1`, [carrier, id]);
      return carrier;
    };
    const industry = await carrierOf('pilot_base', '统计工信厅推荐中试基地', 'dept.industry');
    const energy = await carrierOf('concept_validation', '统计能源局推荐概念验证中心', 'dept.energy');
    // Support years no other case uses, so the host's 就高不重复 (001 §14) leaves the full amounts.
    const propose = async (carrier: string, baseYuan: string, supportYear: number) =>
      (
        await as('staff.admin')
          .post(`/api/v1/carriers/${carrier}/support`, { kind: 'construction', year: supportYear, baseYuan })
          .expect(201)
      ).body as { id: string; grantedFen: string };
    const a = await propose(industry, '1000000.00', year - 3);
    const b = await propose(energy, '2000000.00', year - 4);
    expect([a.grantedFen, b.grantedFen]).toEqual(['20000000', '40000000']);

    /** Proposed support of `authority` from fresh SQL: the application's authority, else the region (prefix). */
    const freshProposed = async (authority: string, prefix: string | null) =>
      String(
        (
          await db.query(
            `SELECT COALESCE(sum(s.granted_fen), 0)::text AS s FROM carrier_support s
             JOIN carrier c ON c.id = s.carrier_id JOIN organization o ON o.id = s.org_id
             WHERE s.status = 'proposed' AND CASE
               WHEN (SELECT authority FROM carrier_application WHERE id = c.application_id) IS NOT NULL
                 THEN (SELECT authority FROM carrier_application WHERE id = c.application_id) = $1
               ELSE $2::text IS NOT NULL AND substr(COALESCE(c.region_code, o.region_code), 1, 4) = $2::text END`,
            [authority, prefix],
          )
        )[0].s,
      );
    const drill = (query: object, u = 'staff.admin') => as(u).get('/api/v1/stats/money/carriers', query);
    const ids = (body: { items: { supportId: string }[] }) => body.items.map((i) => i.supportId);

    // The department's recommender sees its own carrier's support, not another department's.
    const dept = await overview({}, 'stats.industry');
    expect(dept.authority).toBe('dept.industry');
    expect(dept.carrierMoneyTotals).toEqual({ proposedFen: '20000000', committedFen: '0', disbursedFen: '0' });
    expect(dept.carrierMoneyTotals.proposedFen).toBe(await freshProposed('dept.industry', null));
    expect(dept.carrierMoney).toEqual([
      {
        year,
        carrierKind: 'pilot_base',
        supportKind: 'construction',
        proposedFen: '20000000',
        committedFen: '0',
        disbursedFen: '0',
      },
    ]);
    const deptDrill = (await drill({ measure: 'proposed' }, 'stats.industry').expect(200)).body;
    expect([deptDrill.totalFen, ids(deptDrill)]).toEqual(['20000000', [a.id]]);
    // Deals, listings and applications stay region-scoped: a department has none of them.
    expect([dept.listingsByStatus, dept.applicationsByStatus, dept.dealsByStatus]).toEqual([[], [], []]);
    expect(dept.moneyTotals.receivedFen).toBe('0');
    expect(dept.publicMoneyTotals).toEqual({ committedFen: '0', disbursedFen: '0' });
    // Staff naming the department get the same figures; naming the other department, the other carrier's.
    expect(await overview({ authority: 'dept.industry' })).toEqual(dept);
    const energyDrill = (await drill({ measure: 'proposed', authority: 'dept.energy' }).expect(200)).body;
    expect([energyDrill.totalFen, ids(energyDrill)]).toEqual(['40000000', [b.id]]);
    const refused = await drill({ measure: 'proposed', authority: 'dept.energy' }, 'stats.industry').expect(403);
    expect(refused.body.code).toBe('AUTHORITY_NOT_OWN');

    // 包头 does not count carriers in its region whose application names a department — the recommender and
    // staff asking for 包头 alike; the whole region counts both.
    const baotou = await overview({}, 'stats.baotou');
    expect(baotou.carrierMoneyTotals.proposedFen).toBe(await freshProposed('150200', '1502'));
    expect((await overview({ authority: '150200' })).carrierMoneyTotals).toEqual(baotou.carrierMoneyTotals);
    const baotouDrill = (await drill({ measure: 'proposed' }, 'stats.baotou').expect(200)).body;
    expect(ids(baotouDrill)).not.toContain(a.id);
    expect(ids(baotouDrill)).not.toContain(b.id);
    expect(ids((await drill({ measure: 'proposed' }).expect(200)).body)).toEqual(expect.arrayContaining([a.id, b.id]));
  });
});
