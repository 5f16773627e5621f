import { CarrierKind } from '@jiebang/contracts';
import { RULE_SET_YN_2025_11 } from './rule-sets';
import { carrierThresholdsMet, checkCarrierThresholds } from './thresholds';

const WAN = 1_000_000;
const meets = {
  legalPerson: true,
  constructionPlan: true,
  spaceM2: 200,
  operatingStaff: 6,
  directors: 1,
  techBrokers: 2,
  advisers: 5,
  projectPool: 10,
  spinoffs: 1,
  integrityPledge: true,
  integrityClear: true,
};

describe('concept-validation thresholds at their exact minimums (001 §8)', () => {
  it('200 m², 6 staff, 2 brokers, 5 advisers, 10 projects and one spin-off meet every condition', () => {
    expect(
      carrierThresholdsMet(checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.ConceptValidation, meets)),
    ).toBe(true);
  });

  it('one below each minimum misses; service revenue of 49.9999 万元 does not replace the spin-off', () => {
    for (const [key, value] of [
      ['spaceM2', 199],
      ['operatingStaff', 5],
      ['techBrokers', 1],
      ['advisers', 4],
      ['projectPool', 9],
    ] as const) {
      const checks = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.ConceptValidation, {
        ...meets,
        [key]: value,
      });
      expect(checks.find((c) => c.key === key)?.met).toBe(false);
      expect(carrierThresholdsMet(checks)).toBe(false);
    }
    const checks = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.ConceptValidation, {
      ...meets,
      spinoffs: 0,
      serviceRevenueFen: 50 * WAN - 100,
    });
    expect(carrierThresholdsMet(checks)).toBe(false);
    const ok = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.ConceptValidation, {
      ...meets,
      spinoffs: 0,
      serviceRevenueFen: 50 * WAN,
    });
    expect(carrierThresholdsMet(ok)).toBe(true);
  });

  it('non-numeric declarations are misses, not crashes', () => {
    const checks = checkCarrierThresholds(RULE_SET_YN_2025_11, CarrierKind.ConceptValidation, {
      ...meets,
      spaceM2: 'abc',
      advisers: -5,
    });
    expect(checks.find((c) => c.key === 'spaceM2')).toMatchObject({ met: false, declared: null });
    expect(checks.find((c) => c.key === 'advisers')).toMatchObject({ met: false });
  });
});
