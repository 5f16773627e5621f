import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { addYears, beijingDate } from '@jiebang/policy';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

/**
 * The public preview of carrier support money (issue 15 §7; seed `001 §13`, RULEBOOK §7 Money) over HTTP against
 * the real application: the 20 % rate, both caps at and around their boundary, exact fen, the steps and the
 * rule set named; refusals of a bad kind or amount with their codes.
 */
describe('carrier policy: GET /api/v1/policy/carrier-support', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await bootApp('carrier_policy');
  }, 120_000);
  afterAll(() => app?.close());

  const preview = (query: Record<string, string>) =>
    request(app.getHttpServer()).get('/api/v1/policy/carrier-support').query(query);

  it('operation support: 20 % of the year’s service revenue, capped at 100 万元 (001 §13(二)), without signing in', async () => {
    const under = (await preview({ kind: 'operation', baseYuan: '3200000' }).expect(200)).body;
    expect(under).toEqual({
      kind: 'operation',
      baseFen: '320000000',
      subsidyFen: '64000000',
      capFen: '100000000',
      rateBp: 2000,
      capApplied: false,
      rule: '001 §13(二)',
      steps: expect.any(Array),
      ruleSetId: 'yn-kegui-2025-11',
      source: expect.stringContaining('云科规〔2025〕11号'),
    });
    expect(under.steps).toHaveLength(4);
    expect(under.steps[1]).toMatchObject({
      expression: '3,200,000.00 元 × 20% = 640,000.00 元',
      resultFen: '64000000',
    });
    // exactly at the cap (5,000,000.00 → 1,000,000.00) is not cut; one fen over the boundary of 20 % is
    expect((await preview({ kind: 'operation', baseYuan: '5000000.00' }).expect(200)).body).toMatchObject({
      subsidyFen: '100000000',
      capApplied: false,
    });
    expect((await preview({ kind: 'operation', baseYuan: '5000000.05' }).expect(200)).body).toMatchObject({
      subsidyFen: '100000000',
      capApplied: true,
    });
  });

  it('construction support: 20 % of three years’ eligible investment, capped at 200 万元 (001 §13(一)), floored to the fen', async () => {
    const capped = (await preview({ kind: 'construction', baseYuan: '20000000' }).expect(200)).body;
    expect(capped).toMatchObject({
      subsidyFen: '200000000',
      capFen: '200000000',
      capApplied: true,
      rule: '001 §13(一)',
    });
    expect(capped.steps[3].label).toContain('取上限');
    expect((await preview({ kind: 'construction', baseYuan: '12345.67' }).expect(200)).body).toMatchObject({
      subsidyFen: '246913',
      capApplied: false,
    });
  });

  it('refuses a bad kind with INVALID_VALUE and a bad amount with INVALID_AMOUNT (400, never 500)', async () => {
    const kind = (await preview({ kind: 'bonus', baseYuan: '100' }).expect(400)).body;
    expect(kind.code).toBe('INVALID_VALUE');
    expect(kind.message).toContain('construction');
    for (const baseYuan of ['-1', '1.234', '1e6', 'abc', ''])
      expect((await preview({ kind: 'operation', baseYuan }).expect(400)).body.code).toBe('INVALID_AMOUNT');
    expect((await preview({ kind: 'operation' }).expect(400)).body.code).toBe('INVALID_AMOUNT');
    expect((await preview({ kind: 'operation', baseYuan: '1', extra: 'x' }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('the 国合基地 reward has no formula: kind=reward is 422 CARRIER_REWARD_NO_FORMULA naming 002 §16, not 500', async () => {
    const reward = (await preview({ kind: 'reward', baseYuan: '100' }).expect(422)).body;
    expect(reward).toMatchObject({ code: 'CARRIER_REWARD_NO_FORMULA', rule: '002 §16' });
    expect(reward.message).toContain('奖励性后补助没有计算公式');
  });
});

/**
 * 国合基地 奖励性后补助 decided by staff (issue 15 §7; seed `002 §16`, RULEBOOK §7 Money) against the real
 * services: a base whose latest evaluation is 优秀 gets the amount staff decided, with its reason, proposed by one
 * staff member and approved by another (the proposer refused 409 `SAME_APPROVER`), then disbursed; once per
 * evaluation and year; outside 就高不重复 (`001 §14`): the host's pilot-base operation support of the same year is
 * granted in full. Refused: a 合格 base (422 `CARRIER_REWARD_NOT_EXCELLENT`), a pilot base under `001` (422
 * `CARRIER_REWARD_NOT_IN_RULES`), fields of the wrong class (400), a zero amount (422).
 */
describe('carrier support: the 国合基地 reward decided by staff (002 §16)', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const tokens: Record<string, string> = {};
  const auth = (username: string) => ({ Authorization: `Bearer ${tokens[username]}` });
  const post = (username: string, path: string, body: object = {}) =>
    http().post(`/api/v1${path}`).set(auth(username)).send(body);
  const get = (username: string, path: string) => http().get(`/api/v1${path}`).set(auth(username));
  const thisYear = Number(beijingDate().slice(0, 4));
  const lastYear = thisYear - 1;
  const reason = `${lastYear} 年度考核评估优秀;${thisYear} 年第 3 次厅务会研究确定奖励 15 万元`;
  let hostOrg: string;

  async function registered(name: string, kind: string, ruleSetId: string): Promise<string> {
    const [c] = await db.query(
      `INSERT INTO carrier (kind, intl_base_type, host_org_id, name, plate_name, document_no, published_on, status,
         region_code, fields, rule_set_id)
       VALUES ($1, $2, $3, $4, '内蒙古自治区' || $4, '内科合字〔2022〕9号', $5, 'operating', '150203', '{rare_earth}', $6)
       RETURNING id`,
      [
        kind,
        kind === 'intl_coop_base' ? 'tech_transfer_center' : null,
        hostOrg,
        name,
        addYears(beijingDate(), -2),
        ruleSetId,
      ],
    );
    return c.id as string;
  }
  const evaluate = async (id: string, grade: string) =>
    (await post('staff.broker', `/carriers/${id}/evaluations`, { year: lastYear, grade }).expect(200)).body
      .evaluations as { id: string; grade: string }[];

  beforeAll(async () => {
    app = await bootApp('carrier_reward');
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    hostOrg = await orgId(app, '包头稀土研究院');
    for (const username of ['staff.admin', 'staff.broker', 'staff.approver', 'institute.demo'])
      tokens[username] = await tokenFor(app, username);
  }, 300_000);
  afterAll(() => app?.close());

  it('an 优秀 base: proposed by one, approved by another (not the proposer), disbursed; once per evaluation', async () => {
    const base = await registered('稀土国际技术转移中心', 'intl_coop_base', 'nm-kefahe-2019-1@1');
    // before any evaluation the reward is offered but not available
    const before = (await get('staff.admin', `/carriers/${base}/support-options`).expect(200)).body;
    expect(before).toMatchObject({
      ruleSetId: 'nm-kefahe-2019-1@1',
      latestEvaluation: null,
      items: [{ kind: 'reward', available: false, refusal: { code: 'CARRIER_REWARD_NOT_EXCELLENT' } }],
    });
    const [evaluation] = await evaluate(base, 'excellent');
    const options = (await get('staff.approver', `/carriers/${base}/support-options`).expect(200)).body;
    expect(options.items).toEqual([
      expect.objectContaining({ kind: 'reward', rule: '002 §16', available: true, refusal: null }),
    ]);
    expect(options.latestEvaluation).toMatchObject({ id: evaluation.id, grade: 'excellent', year: lastYear });

    // the fields must match the class (400), the amount must be > 0 (422); nothing is written
    const path = `/carriers/${base}/support`;
    for (const body of [
      { kind: 'reward', year: thisYear, reason },
      { kind: 'reward', year: thisYear, amountYuan: '150000', reason, baseYuan: '150000' },
      { kind: 'reward', year: thisYear, amountYuan: '150000', reason: ' ' },
      { kind: 'reward', year: thisYear, amountYuan: '1.234', reason },
    ]) {
      const res = await post('staff.admin', path, body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const zero = await post('staff.admin', path, { kind: 'reward', year: thisYear, amountYuan: '0.00', reason });
    expect([zero.status, zero.body.code, zero.body.rule]).toEqual([422, 'CARRIER_REWARD_AMOUNT_INVALID', '002 §16']);
    expect((await db.query(`SELECT count(*)::int AS n FROM carrier_support WHERE carrier_id = $1`, [base]))[0].n).toBe(
      0,
    );

    const proposed = await post('staff.admin', path, {
      kind: 'reward',
      year: thisYear,
      amountYuan: '150000.50',
      reason,
    }).expect(201);
    expect(proposed.body).toMatchObject({
      kind: 'reward',
      year: thisYear,
      baseFen: '15000050',
      computedFen: '15000050',
      grantedFen: '15000050',
      capFen: null,
      rateBp: null,
      capApplied: false,
      highestNotSum: null,
      evaluationId: evaluation.id,
      reason,
      status: 'proposed',
    });
    expect(proposed.body.steps).toHaveLength(2);
    expect(proposed.body.steps[0]).toMatchObject({
      expression: '150,000.50 元',
      resultFen: '15000050',
      rule: '002 §16',
    });

    const self = await post('staff.admin', `/carriers/support/${proposed.body.id}/approve`);
    expect([self.status, self.body.code]).toEqual([409, 'SAME_APPROVER']);
    await post('staff.approver', `/carriers/support/${proposed.body.id}/approve`).expect(200);
    const paid = await post('staff.approver', `/carriers/support/${proposed.body.id}/disburse`, {
      voucherNo: 'GH-2026-007',
    }).expect(200);
    expect(paid.body).toMatchObject({ status: 'disbursed', voucherNo: 'GH-2026-007', grantedFen: '15000050' });
    const [audit] = await db.query(
      `SELECT rule, reason FROM audit_log WHERE entity_id = $1 AND action = 'carrier_support_proposed'`,
      [proposed.body.id],
    );
    expect(audit).toEqual({ rule: '002 §16', reason });

    // once per year and kind, and once per evaluation (another year, the same 优秀 evaluation)
    const again = await post('staff.admin', path, { kind: 'reward', year: thisYear, amountYuan: '1000', reason });
    expect([again.status, again.body.code]).toEqual([409, 'CARRIER_SUPPORT_EXISTS']);
    const nextYear = await post('staff.admin', path, {
      kind: 'reward',
      year: thisYear + 1,
      amountYuan: '1000',
      reason,
    });
    expect([nextYear.status, nextYear.body.code, nextYear.body.rule]).toEqual([
      409,
      'CARRIER_REWARD_EXISTS',
      '002 §16',
    ]);
    const taken = (await get('staff.admin', `/carriers/${base}/support-options`).expect(200)).body;
    expect(taken.items[0]).toMatchObject({ available: false, refusal: { code: 'CARRIER_REWARD_EXISTS' } });

    // 就高不重复 (001 §14) is 001's rule for platform support: the host's pilot base is granted its operation
    // support of the same year in full, the reward is no candidate
    const pilot = await registered('稀土功能材料中试基地', 'pilot_base', 'yn-kegui-2025-11@1');
    const operation = await post('staff.admin', `/carriers/${pilot}/support`, {
      kind: 'operation',
      year: thisYear,
      baseYuan: '2000000',
    }).expect(201);
    expect(operation.body).toMatchObject({
      computedFen: '40000000',
      grantedFen: '40000000',
      capFen: '100000000',
      rateBp: 2000,
      highestNotSum: null,
      evaluationId: null,
      reason: null,
    });

    // a later evaluation graded 合格 ends the ground: no new reward
    await evaluate(base, 'qualified');
    const after = await post('staff.admin', path, { kind: 'reward', year: thisYear + 1, amountYuan: '1000', reason });
    expect([after.status, after.body.code]).toEqual([422, 'CARRIER_REWARD_NOT_EXCELLENT']);
  });

  it('refuses a 合格 base (002 §16 对优秀的国合基地), also at approval, and a pilot base under 001 (no reward in its rules)', async () => {
    const qualified = await registered('稀土示范型国际科技合作基地', 'intl_coop_base', 'nm-kefahe-2019-1@1');
    await evaluate(qualified, 'excellent');
    const body = { kind: 'reward', year: thisYear, amountYuan: '50000', reason };
    const early = await post('staff.admin', `/carriers/${qualified}/support`, body).expect(201);
    // graded 合格 before the second person approved: the ground is gone, approval refused, nothing changes
    await evaluate(qualified, 'qualified');
    const approval = await post('staff.approver', `/carriers/support/${early.body.id}/approve`);
    expect([approval.status, approval.body.code, approval.body.rule]).toEqual([
      422,
      'CARRIER_REWARD_NOT_EXCELLENT',
      '002 §16',
    ]);
    const [row] = await db.query(`SELECT status, decided_by FROM carrier_support WHERE id = $1`, [early.body.id]);
    expect(row).toEqual({ status: 'proposed', decided_by: null });
    await post('staff.approver', `/carriers/support/${early.body.id}/reject`, { note: '评估结果已变更' }).expect(200);

    const refused = await post('staff.admin', `/carriers/${qualified}/support`, { ...body, year: thisYear + 1 });
    expect([refused.status, refused.body.code, refused.body.rule]).toEqual([
      422,
      'CARRIER_REWARD_NOT_EXCELLENT',
      '002 §16',
    ]);
    expect(refused.body.message).toContain('“合格”');

    const pilot = await registered('稀土概念验证中试平台', 'pilot_base', 'yn-kegui-2025-11@1');
    await evaluate(pilot, 'excellent');
    const notInRules = await post('staff.admin', `/carriers/${pilot}/support`, body);
    expect([notInRules.status, notInRules.body.code, notInRules.body.rule]).toEqual([
      422,
      'CARRIER_REWARD_NOT_IN_RULES',
      '云科规〔2025〕11号',
    ]);
    const options = (await get('staff.admin', `/carriers/${pilot}/support-options`).expect(200)).body;
    expect(options.items.map((o: { kind: string }) => o.kind)).toEqual(['operation', 'construction']);
    // the other classes keep refusing reward-only fields
    const mixed = await post('staff.admin', `/carriers/${pilot}/support`, {
      kind: 'construction',
      year: thisYear,
      baseYuan: '100000',
      amountYuan: '100',
    });
    expect([mixed.status, mixed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(
      await db.query(`SELECT carrier_id, status FROM carrier_support WHERE carrier_id IN ($1, $2)`, [qualified, pilot]),
    ).toEqual([{ carrier_id: qualified, status: 'rejected' }]);
    // the host's users do not see the options
    expect((await get('institute.demo', `/carriers/${pilot}/support-options`)).status).toBe(403);
  });

  it('support proposed before a revocation is not approved after it: 409 CARRIER_NOT_IN_FORCE (001 §18), nothing changes', async () => {
    const pilot = await registered('稀土永磁中试基地', 'pilot_base', 'yn-kegui-2025-11@1');
    const proposed = await post('staff.admin', `/carriers/${pilot}/support`, {
      kind: 'operation',
      year: lastYear - 1,
      baseYuan: '1000000',
    }).expect(201);
    await db.query(`UPDATE carrier SET status = 'revoked' WHERE id = $1`, [pilot]);
    const approval = await post('staff.approver', `/carriers/support/${proposed.body.id}/approve`);
    expect([approval.status, approval.body.code]).toEqual([409, 'CARRIER_NOT_IN_FORCE']);
    const [row] = await db.query(`SELECT status, decided_by FROM carrier_support WHERE id = $1`, [proposed.body.id]);
    expect(row).toEqual({ status: 'proposed', decided_by: null });
    // rejecting it stays possible, so the proposal does not wait for ever
    await post('staff.approver', `/carriers/support/${proposed.body.id}/reject`, { note: '载体已撤销' }).expect(200);
  });
});
