import { CarrierKind } from '@jiebang/contracts';
import { RULE_SET_YN_2025_11 } from '@jiebang/policy';
import { missingItems, plateName, regionAuthority, thresholdResults } from './carrier-common';

describe('carrier-common', () => {
  it('names the plate 内蒙古自治区 + platform name + the kind once (issue 15 §4)', () => {
    expect(plateName('稀土功能材料', CarrierKind.PilotBase)).toBe('内蒙古自治区稀土功能材料中试基地');
    expect(plateName('稀土功能材料中试基地', CarrierKind.PilotBase)).toBe('内蒙古自治区稀土功能材料中试基地');
    expect(plateName('内蒙古自治区稀土概念验证中心', CarrierKind.ConceptValidation)).toBe(
      '内蒙古自治区稀土概念验证中心',
    );
  });

  it('finds the 归口管理部门 of a region: 包头 for 1502xx, 满洲里 its own, none outside Inner Mongolia', () => {
    expect(regionAuthority('150203')).toBe('150200');
    expect(regionAuthority('150781')).toBe('150781');
    expect(regionAuthority('150702')).toBe('150700');
    expect(regionAuthority('110101')).toBeNull();
    expect(regionAuthority(null)).toBeNull();
  });

  it('lists what a pilot-base submission lacks: figures, one of the alternatives, evidence, fields, the pledge', () => {
    const missing = missingItems(
      RULE_SET_YN_2025_11,
      { kind: CarrierKind.PilotBase, intlBaseType: null, form: {} },
      false,
    );
    const keys = missing.map((m) => m.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'spaceM2',
        'equipmentValueFen',
        'performance',
        'evidence.sitePhotos',
        'fields',
        'integrityPledge',
      ]),
    );
    // concept-validation conditions do not apply to a pilot base
    expect(keys).not.toContain('techBrokers');
    expect(keys).not.toContain('evidence.integrityPledge');
  });

  it('shows each threshold met or missed with the declared figure; the pledge counts from the signature', () => {
    const results = thresholdResults(RULE_SET_YN_2025_11, {
      kind: CarrierKind.PilotBase,
      intlBaseType: null,
      form: { spaceM2: 999, operatingStaff: 10 },
      integrityPledgeAt: new Date(),
    });
    expect(results.find((r) => r.key === 'spaceM2')).toMatchObject({ declared: 999, met: false, rule: '001 §9(三)' });
    expect(results.find((r) => r.key === 'operatingStaff')).toMatchObject({ declared: 10, met: true });
    expect(results.find((r) => r.key === 'integrityPledge')).toMatchObject({ met: true });
  });
});
