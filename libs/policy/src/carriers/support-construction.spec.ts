import { CarrierSupportKind } from '@jiebang/contracts';
import { CarrierPolicyError } from './errors';
import { RULE_SET_YN_2025_11 } from './rule-sets';
import { carrierSupport } from './support';

const WAN = 1_000_000n; // fen per 万元
const ruleSet = RULE_SET_YN_2025_11;

describe('construction support: 20 % of three years of eligible investment, ≤ 200 万元, once (001 §13(一))', () => {
  it('under the cap: 500 万元 invested → 100 万元, cap not applied, four explained steps', () => {
    const r = carrierSupport({ kind: CarrierSupportKind.Construction, baseFen: 500n * WAN, ruleSet });
    expect(r).toMatchObject({
      rateBp: 2000,
      capFen: 200n * WAN,
      subsidyFen: 100n * WAN,
      capApplied: false,
      rule: '001 §13(一)',
    });
    expect(r.steps.map((s) => s.resultFen)).toEqual([500n * WAN, 100n * WAN, 200n * WAN, 100n * WAN]);
    expect(r.steps[1].expression).toBe('5,000,000.00 元 × 20% = 1,000,000.00 元');
  });

  it('over the cap: 2000 万元 invested → 20 % is 400 万元, cut to the 200 万元 cap', () => {
    const r = carrierSupport({ kind: 'construction', baseFen: 2000n * WAN, ruleSet });
    expect(r.subsidyFen).toBe(200n * WAN);
    expect(r.capApplied).toBe(true);
    expect(r.steps[3].label).toContain('取上限');
  });

  it('the boundary: exactly 1000 万元 gives exactly the cap without cutting; one fen more... still the cap, now cut', () => {
    const at = carrierSupport({ kind: 'construction', baseFen: 1000n * WAN, ruleSet });
    expect(at).toMatchObject({ subsidyFen: 200n * WAN, capApplied: false });
    const over = carrierSupport({ kind: 'construction', baseFen: 1000n * WAN + 5n, ruleSet });
    expect(over).toMatchObject({ subsidyFen: 200n * WAN, capApplied: true });
  });

  it('floors to the fen: 0.04 元 × 20 % = 0.008 元 → 0 fen; 12,345.67 元 → 2,469.13 元', () => {
    expect(carrierSupport({ kind: 'construction', baseFen: 4n, ruleSet }).subsidyFen).toBe(0n);
    expect(carrierSupport({ kind: 'construction', baseFen: 1_234_567n, ruleSet }).subsidyFen).toBe(246_913n);
  });

  it('refuses a second construction subsidy (once), one for a 加挂 platform (001 §17), and a negative base', () => {
    const once = () => carrierSupport({ kind: 'construction', baseFen: WAN, ruleSet, constructionGrantedBefore: true });
    expect(once).toThrow(CarrierPolicyError);
    expect(once).toThrow(
      expect.objectContaining({ code: 'CARRIER_CONSTRUCTION_ALREADY_GRANTED', rule: '001 §13(一)' }),
    );
    const attached = () => carrierSupport({ kind: 'construction', baseFen: WAN, ruleSet, attached: true });
    expect(attached).toThrow(
      expect.objectContaining({ code: 'CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED', rule: '001 §17' }),
    );
    expect(() => carrierSupport({ kind: 'construction', baseFen: -1n, ruleSet })).toThrow(
      expect.objectContaining({ code: 'NEGATIVE_AMOUNT' }),
    );
  });
});
