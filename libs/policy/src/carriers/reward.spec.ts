import { CarrierSupportKind, EvaluationGrade } from '@jiebang/contracts';
import { CarrierPolicyError } from './errors';
import { carrierReward, carrierRewardEligibility } from './reward';
import { RULE_SET_NM_INNOVATION_CENTER, RULE_SET_NM_INTL_COOP, RULE_SET_YN_2025_11 } from './rule-sets';
import { carrierSupport } from './support';
import { carrierSupportOptions } from './support-options';

const excellent = { id: 'e1', year: 2025, grade: EvaluationGrade.Excellent };
const qualified = { id: 'e2', year: 2025, grade: EvaluationGrade.Qualified };
const reason = '2025 年度考核评估优秀;2026 年第 3 次厅务会研究确定';

function refusal(f: () => unknown): { code: string; rule: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof CarrierPolicyError) return { code: e.code, rule: e.rule, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('国合基地 奖励性后补助 decided by staff (002 §16; issue 15 §7)', () => {
  it('grants the decided amount exactly, in fen, with no rate and no cap, resting on the 优秀 evaluation', () => {
    const r = carrierReward({
      ruleSet: RULE_SET_NM_INTL_COOP,
      latestEvaluation: excellent,
      amountYuan: ' 150000.05 ',
      reason: `  ${reason} `,
    });
    expect(r).toMatchObject({
      kind: CarrierSupportKind.Reward,
      baseFen: 15_000_005n,
      subsidyFen: 15_000_005n,
      rateBp: null,
      capFen: null,
      capApplied: false,
      rule: '002 §16',
      evaluationId: 'e1',
      reason,
    });
    expect(r.steps).toHaveLength(2);
    expect(r.steps[0]).toMatchObject({ expression: '150,000.05 元', resultFen: 15_000_005n, rule: '002 §16' });
    expect(r.steps[0].label).toContain('2025 年度考核评估为“优秀”');
    expect(r.steps[0].label).toContain('厅务会');
    expect(r.steps[1].label).toContain('不参与“就高不重复”');
    // large amounts stay exact (no floating point): 13 integer digits
    expect(
      carrierReward({
        ruleSet: RULE_SET_NM_INTL_COOP,
        latestEvaluation: excellent,
        amountYuan: '9999999999999.99',
        reason,
      }).subsidyFen,
    ).toBe(999_999_999_999_999n);
  });

  it('refuses rule sets without a staff-decided reward (001 Yunnan platforms, 003 centres), naming the rule set', () => {
    for (const ruleSet of [RULE_SET_YN_2025_11, RULE_SET_NM_INNOVATION_CENTER]) {
      const r = refusal(() => carrierReward({ ruleSet, latestEvaluation: excellent, amountYuan: '1000', reason }));
      expect(r.code).toBe('CARRIER_REWARD_NOT_IN_RULES');
      expect(r.rule).toBe(ruleSet.source.documentNo);
      expect(r.message).toContain('国际科技合作基地');
    }
  });

  it('refuses a base whose latest evaluation is not 优秀, or that has none (002 §16 对优秀的国合基地)', () => {
    for (const latestEvaluation of [qualified, { id: 'e3', year: 2025, grade: EvaluationGrade.Unqualified }, null]) {
      const r = refusal(() =>
        carrierReward({ ruleSet: RULE_SET_NM_INTL_COOP, latestEvaluation, amountYuan: '1000', reason }),
      );
      expect(r).toMatchObject({ code: 'CARRIER_REWARD_NOT_EXCELLENT', rule: '002 §16' });
    }
    expect(refusal(() => carrierRewardEligibility(RULE_SET_NM_INTL_COOP, qualified)).message).toContain('“合格”');
  });

  it('refuses an amount that is zero, negative, not yuan with ≤ 2 decimals, and a blank reason', () => {
    for (const amountYuan of ['0', '0.00', '-5', '1.234', '1e6', 'abc', '', '12345678901234'])
      expect(
        refusal(() =>
          carrierReward({ ruleSet: RULE_SET_NM_INTL_COOP, latestEvaluation: excellent, amountYuan, reason }),
        ).code,
      ).toBe('CARRIER_REWARD_AMOUNT_INVALID');
    expect(
      carrierReward({ ruleSet: RULE_SET_NM_INTL_COOP, latestEvaluation: excellent, amountYuan: '0.01', reason })
        .subsidyFen,
    ).toBe(1n);
    for (const r of ['', '   ', '优'])
      expect(
        refusal(() =>
          carrierReward({ ruleSet: RULE_SET_NM_INTL_COOP, latestEvaluation: excellent, amountYuan: '1', reason: r }),
        ).code,
      ).toBe('CARRIER_REWARD_REASON_REQUIRED');
  });

  it('has no formula: carrierSupport refuses kind reward (the public preview answers 422)', () => {
    for (const ruleSet of [RULE_SET_YN_2025_11, RULE_SET_NM_INTL_COOP])
      expect(
        refusal(() => carrierSupport({ kind: CarrierSupportKind.Reward as never, baseFen: 100n, ruleSet })),
      ).toMatchObject({ code: 'CARRIER_REWARD_NO_FORMULA' });
  });
});

describe('carrierSupportOptions: the classes a carrier’s rule set offers the staff form', () => {
  it('a 国合基地 (002) is offered the reward only, available after an 优秀 evaluation', () => {
    const ok = carrierSupportOptions(RULE_SET_NM_INTL_COOP, { latestEvaluation: excellent });
    expect(ok).toEqual([expect.objectContaining({ kind: 'reward', rule: '002 §16', available: true, refusal: null })]);
    const not = carrierSupportOptions(RULE_SET_NM_INTL_COOP, { latestEvaluation: qualified });
    expect(not[0]).toMatchObject({
      kind: 'reward',
      available: false,
      refusal: { code: 'CARRIER_REWARD_NOT_EXCELLENT' },
    });
  });

  it('a 001 platform is offered operation and construction (not the reward); 加挂 refuses construction (001 §17)', () => {
    const all = carrierSupportOptions(RULE_SET_YN_2025_11, { latestEvaluation: excellent });
    expect(all.map((o) => [o.kind, o.available])).toEqual([
      ['operation', true],
      ['construction', true],
    ]);
    expect(all[0].label).toBe('运营补助(年度服务性收入的 20%,每年最高 1,000,000.00 元)');
    const attached = carrierSupportOptions(RULE_SET_YN_2025_11, { attached: true, latestEvaluation: null });
    expect(attached[1]).toMatchObject({
      kind: 'construction',
      available: false,
      refusal: { code: 'CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED' },
    });
    const again = carrierSupportOptions(RULE_SET_YN_2025_11, {
      constructionGrantedBefore: true,
      latestEvaluation: null,
    });
    expect(again[1].refusal?.code).toBe('CARRIER_CONSTRUCTION_ALREADY_GRANTED');
  });

  it('a 技术创新中心 (003) is offered nothing', () => {
    expect(carrierSupportOptions(RULE_SET_NM_INNOVATION_CENTER, { latestEvaluation: excellent })).toEqual([]);
  });
});
