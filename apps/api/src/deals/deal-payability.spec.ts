import { DealStatus } from '@jiebang/contracts';
import { DEAL_RULES, PAYABILITY_RULE } from '@jiebang/policy';
import { payabilityOf } from './deal-payability';

const facts = (over: Partial<Parameters<typeof payabilityOf>[1]> = {}) => ({
  blacklisted: [],
  confirmedInstallments: 1,
  ...over,
});
const pre = (status: DealStatus) => ({
  kind: 'challenge' as const,
  status,
  acceptanceStatus: 'pending' as const,
  benefitConfirmedAt: null,
});
const post = (status: DealStatus, passed: boolean, benefit: boolean) => ({
  kind: 'achievement' as const,
  status,
  acceptanceStatus: passed ? ('passed' as const) : ('pending' as const),
  benefitConfirmedAt: benefit ? new Date() : null,
});

describe('payability of the subsidy (004 §12, §14)', () => {
  it('never pays while an organisation of the deal is blacklisted', () => {
    expect(payabilityOf(pre(DealStatus.InProgress), facts({ blacklisted: ['甲公司', '乙大学'] }))).toEqual({
      payable: false,
      code: 'CREDIT_BLACKLISTED',
      message: '甲公司、乙大学 在联合惩戒/失信名单有效期内,不得给予补助',
      rule: DEAL_RULES.credit,
    });
  });

  it('pays the pre-subsidy of a running deal after the first confirmed installment', () => {
    expect(payabilityOf(pre(DealStatus.InProgress), facts())).toMatchObject({
      payable: true,
      rule: PAYABILITY_RULE.pre,
    });
    expect(payabilityOf(pre(DealStatus.InProgress), facts({ confirmedInstallments: 0 }))).toMatchObject({
      code: 'SUBSIDY_NOT_PAYABLE',
    });
    expect(payabilityOf(pre(DealStatus.AwaitingSigning), facts())).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('pays the post-subsidy after acceptance passed and the benefit confirmed', () => {
    expect(payabilityOf(post(DealStatus.Accepted, true, true), facts())).toMatchObject({ payable: true });
    expect(payabilityOf(post(DealStatus.Accepted, true, false), facts())).toMatchObject({
      code: 'SUBSIDY_NOT_PAYABLE',
      message: '后补助须待科技厅认定达到任务书预期经济效益后方可申请',
    });
    expect(payabilityOf(post(DealStatus.InProgress, false, true), facts())).toMatchObject({
      code: 'SUBSIDY_NOT_PAYABLE',
      message: '后补助须待项目通过验收后方可申请',
    });
  });
});
