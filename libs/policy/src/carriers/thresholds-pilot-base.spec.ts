import { CarrierKind } from '@jiebang/contracts';
import { RULE_SET_YN_2025_11 } from './rule-sets';
import { carrierThresholdsMet, checkCarrierThresholds, missedThresholdReasons } from './thresholds';

const WAN = 1_000_000;
/** A pilot base that meets every condition of 001 §9 through option 3 (技术合同成交额). */
const meets = {
  legalPerson: true,
  constructionPlan: true,
  spaceM2: 1200,
  equipmentValueFen: 620 * WAN,
  operatingStaff: 12,
  directors: 1,
  pilotEngineers: 3,
  advisers: 6,
  projectPool: 24,
  techContractTurnoverFen: String(260 * WAN),
  integrityPledge: true,
  integrityClear: true,
};

describe('pilot-base thresholds met and missed (001 §9)', () => {
  it('all met: each threshold shows the requirement, the declared figure and its article', () => {
    const checks = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.PilotBase, meets);
    expect(carrierThresholdsMet(checks)).toBe(true);
    expect(checks.find((c) => c.key === 'spaceM2')).toMatchObject({
      required: '≥ 1000 m²',
      declared: 1200,
      met: true,
      rule: '001 §9(三)',
      evidence: '场地实景图片',
    });
    expect(checks.find((c) => c.key === 'equipmentValueFen')?.required).toBe('≥ 5,000,000.00 元');
    // concept-validation thresholds do not apply to a pilot base
    expect(checks.some((c) => c.key === 'techBrokers')).toBe(false);
    expect(missedThresholdReasons(checks)).toEqual([]);
  });

  it('missed: 999.5 m², 4.99 million of equipment and no declared advisers are three reasons with articles', () => {
    const checks = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.PilotBase, {
      ...meets,
      spaceM2: '999.5',
      equipmentValueFen: 500 * WAN - 1,
      advisers: undefined,
    });
    expect(carrierThresholdsMet(checks)).toBe(false);
    const reasons = missedThresholdReasons(checks);
    expect(reasons.map((r) => r.key)).toEqual(['spaceM2', 'equipmentValueFen', 'advisers']);
    expect(reasons[2].message).toContain('未填报');
    expect(reasons[0].rule).toBe('001 §9(三)');
  });

  it('the one-of group: option 1 needs 3 pilots AND 3 productised; 3 pilots with 2 productised misses the group', () => {
    const base = { ...meets, techContractTurnoverFen: 0 };
    const half = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.PilotPlatform, {
      ...base,
      pilotProjectsDone: 3,
      productised: 2,
    });
    expect(carrierThresholdsMet(half)).toBe(false);
    expect(half.find((c) => c.key === 'pilotProjectsDone')).toMatchObject({ met: true, groupMet: false });
    expect(missedThresholdReasons(half)).toEqual([
      expect.objectContaining({ key: 'performance', message: expect.stringContaining('至少符合一项') }),
    ]);
    const both = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.PilotPlatform, {
      ...base,
      pilotProjectsDone: 3,
      productised: 3,
    });
    expect(carrierThresholdsMet(both)).toBe(true);
  });

  it('a yes/no condition must be declared true: a pilot base without 独立法人 misses 001 §9(一)', () => {
    const checks = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.PilotBase, { ...meets, legalPerson: false });
    expect(checks.find((c) => c.key === 'legalPerson')).toMatchObject({
      met: false,
      declared: false,
      rule: '001 §9(一)',
    });
  });
});
