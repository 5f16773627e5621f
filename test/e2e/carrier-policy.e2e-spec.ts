import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bootApp } from '../helpers/app';

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
    const kind = (await preview({ kind: 'reward', baseYuan: '100' }).expect(400)).body;
    expect(kind.code).toBe('INVALID_VALUE');
    expect(kind.message).toContain('construction');
    for (const baseYuan of ['-1', '1.234', '1e6', 'abc', ''])
      expect((await preview({ kind: 'operation', baseYuan }).expect(400)).body.code).toBe('INVALID_AMOUNT');
    expect((await preview({ kind: 'operation' }).expect(400)).body.code).toBe('INVALID_AMOUNT');
    expect((await preview({ kind: 'operation', baseYuan: '1', extra: 'x' }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });
});
