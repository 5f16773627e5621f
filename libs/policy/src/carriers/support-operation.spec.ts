import { CarrierSupportKind } from '@jiebang/contracts';
import { RULE_SET_NM_INNOVATION_CENTER, RULE_SET_NM_INTL_COOP, RULE_SET_YN_2025_11 } from './rule-sets';
import { carrierSupport, formatRateBp } from './support';

const WAN = 1_000_000n;
const ruleSet = RULE_SET_YN_2025_11;

describe('operation support: 20 % of the year’s service revenue, ≤ 100 万元 a year (001 §13(二))', () => {
  it('320 万元 of service revenue → 64 万元, under the cap', () => {
    const r = carrierSupport({ kind: CarrierSupportKind.Operation, baseFen: 320n * WAN, ruleSet });
    expect(r).toMatchObject({
      kind: 'operation',
      rateBp: 2000,
      capFen: 100n * WAN,
      subsidyFen: 64n * WAN,
      capApplied: false,
    });
    expect(r.rule).toBe('001 §13(二)');
    expect(r.steps[0].label).toContain('年度服务性收入');
  });

  it('800 万元 of service revenue → 160 万元 at 20 %, cut to the 100 万元 cap', () => {
    const r = carrierSupport({ kind: 'operation', baseFen: 800n * WAN, ruleSet });
    expect(r).toMatchObject({ subsidyFen: 100n * WAN, capApplied: true });
  });

  it('a 加挂 platform gets operation support like any other (001 §17)', () => {
    const r = carrierSupport({ kind: 'operation', baseFen: 100n * WAN, ruleSet, attached: true });
    expect(r.subsidyFen).toBe(20n * WAN);
  });

  it('002 and 003 grant no construction or operation support: refused with the source document', () => {
    for (const rs of [RULE_SET_NM_INTL_COOP, RULE_SET_NM_INNOVATION_CENTER])
      for (const kind of ['construction', 'operation'] as const)
        expect(() => carrierSupport({ kind, baseFen: WAN, ruleSet: rs })).toThrow(
          expect.objectContaining({ code: 'CARRIER_SUPPORT_NOT_GRANTED', rule: rs.source.documentNo }),
        );
  });

  it('a loaded rule set with another rate and cap is applied as data (12.5 %, ≤ 50 万元)', () => {
    const other = {
      ...ruleSet,
      support: { ...ruleSet.support, operation: { rateBp: 1250, capFen: String(50n * WAN), rule: 'X §1' } },
    };
    const r = carrierSupport({ kind: 'operation', baseFen: 100n * WAN, ruleSet: other });
    expect(r).toMatchObject({ rateBp: 1250, subsidyFen: 12n * WAN + 500_000n, rule: 'X §1' });
    expect(formatRateBp(1250)).toBe('12.5%');
    expect(formatRateBp(2000)).toBe('20%');
    expect(formatRateBp(5)).toBe('0.05%');
  });
});
