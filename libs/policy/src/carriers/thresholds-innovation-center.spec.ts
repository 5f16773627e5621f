import { CarrierKind, IntlCoopBaseType } from '@jiebang/contracts';
import { RULE_SET_NM_INNOVATION_CENTER, RULE_SET_NM_INTL_COOP } from './rule-sets';
import { carrierThresholdsMet, checkCarrierThresholds } from './thresholds';

const WAN = 1_000_000;
const centre = {
  legalPerson: true,
  runningFundsFenPerYear: 500 * WAN,
  rdSpaceM2: 3000,
  equipmentValueFen: 2000 * WAN,
  fulltimeResearchers: 30,
  branches: 3,
  directorFulltimeNoOtherPlatform: true,
  ownPayrollStaff: 20,
  fulltimeStaff: 40,
  committeeInsiders: 3,
  committeeMembers: 9,
  committeeChairExternal: true,
  integrityClear: true,
};

describe('技术创新中心 conditions (003 §10, §15–§17, §19) and 国合基地 types (002 §5–§7)', () => {
  it('at the bounds: half on own payroll (≥ 1/2) and a third of insiders (≤ 1/3) are met exactly', () => {
    const checks = checkCarrierThresholds(RULE_SET_NM_INNOVATION_CENTER, CarrierKind.InnovationCenter, centre);
    expect(carrierThresholdsMet(checks)).toBe(true);
    expect(checks.find((c) => c.key === 'committeeInsiderShare')).toMatchObject({
      declared: '3/9',
      required: '≤ 1/3',
      met: true,
    });
  });

  it('4 branches, 19 of 40 on own payroll and 4 of 11 insiders are missed', () => {
    const checks = checkCarrierThresholds(RULE_SET_NM_INNOVATION_CENTER, CarrierKind.InnovationCenter, {
      ...centre,
      branches: 4,
      ownPayrollStaff: 19,
      committeeInsiders: 4,
      committeeMembers: 11,
    });
    const missed = checks.filter((c) => !c.met).map((c) => c.key);
    expect(missed).toEqual(['branches', 'ownPayrollShare', 'committeeInsiderShare']);
  });

  it('a 国际技术转移中心 needs one year of registration; a 示范型基地 is not asked for it', () => {
    const ttc = checkCarrierThresholds(
      RULE_SET_NM_INTL_COOP,
      CarrierKind.IntlCoopBase,
      { registeredYears: 0 },
      {
        intlCoopType: IntlCoopBaseType.TechTransferCenter,
      },
    );
    expect(ttc.find((c) => c.key === 'registeredYears')).toMatchObject({ met: false, rule: '002 §6(一)1' });
    const demo = checkCarrierThresholds(
      RULE_SET_NM_INTL_COOP,
      CarrierKind.IntlCoopBase,
      {},
      {
        intlCoopType: IntlCoopBaseType.DemonstrationBase,
      },
    );
    expect(demo.some((c) => c.key === 'registeredYears')).toBe(false);
    expect(demo.some((c) => c.key === 'intlProjectsUndertaken')).toBe(true);
    expect(demo.find((c) => c.key === 'integrityClear')?.rule).toBe('002 §4');
  });
});
