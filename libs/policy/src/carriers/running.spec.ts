import { CarrierChangeKind, CarrierKind, CarrierStatus, EvaluationGrade } from '@jiebang/contracts';
import { nextCarrierStatusAfterEvaluation } from './lifecycle';
import { RULE_SET_NM_INNOVATION_CENTER, RULE_SET_NM_INTL_COOP, RULE_SET_YN_2025_11 } from './rule-sets';
import {
  caseByCaseNeeded,
  CARRIER_REPORT_DEFAULT_DUE_MONTH_DAY,
  carrierReportDue,
  changeHandling,
  changeReportLate,
} from './running';

describe('running years: report due dates, major changes, 一事一议, 筹建 考核', () => {
  it('a 技术创新中心 reports by 31 January (003 §29); 001/002 by the configured date, marked configuration', () => {
    expect(carrierReportDue(2025, RULE_SET_NM_INNOVATION_CENTER)).toEqual({
      dueOn: '2026-01-31',
      source: expect.stringContaining('003 §29'),
    });
    const yn = carrierReportDue(2025, RULE_SET_YN_2025_11);
    expect(yn.dueOn).toBe(`2026-${CARRIER_REPORT_DEFAULT_DUE_MONTH_DAY}`);
    expect(yn.source).toMatch(/^configuration \(001 §15/);
    expect(carrierReportDue(2025, RULE_SET_NM_INTL_COOP).source).toMatch(/^configuration/);
  });

  it('a change is reported within 3 months of taking effect (001 §19); a day later is late', () => {
    expect(changeReportLate('2026-03-31', '2026-06-30')).toEqual({ reportBy: '2026-06-30', late: false });
    expect(changeReportLate('2026-03-31', '2026-07-01')).toEqual({ reportBy: '2026-06-30', late: true });
    expect(changeReportLate('2025-11-30', '2026-02-28').late).toBe(false);
  });

  it('lead or co-builders of a 技术创新中心 need approval (003 §30(一)); its director is filed (003 §30(二))', () => {
    expect(changeHandling(CarrierChangeKind.Builders, CarrierKind.InnovationCenter)).toEqual({
      needsApproval: true,
      altersRegistry: false,
      rule: '003 §30(一)',
    });
    expect(changeHandling(CarrierChangeKind.Director, CarrierKind.InnovationCenter)).toMatchObject({
      needsApproval: false,
      rule: '003 §30(二)',
    });
    expect(changeHandling(CarrierChangeKind.Director, CarrierKind.IntlCoopBase).rule).toBe('002 §14');
    expect(changeHandling(CarrierChangeKind.Builders, CarrierKind.PilotBase).needsApproval).toBe(false);
  });

  it('a rename or an address change alters the registry entry (four eyes); a scope change does not', () => {
    expect(changeHandling(CarrierChangeKind.Rename, CarrierKind.PilotBase)).toMatchObject({
      altersRegistry: true,
      rule: '001 §19',
    });
    expect(changeHandling(CarrierChangeKind.Address, CarrierKind.ConceptValidation).altersRegistry).toBe(true);
    expect(changeHandling(CarrierChangeKind.Scope, CarrierKind.PilotBase)).toEqual({
      needsApproval: false,
      altersRegistry: false,
      rule: '001 §19',
    });
  });

  it('一事一议 is needed only for a 技术创新中心 missing a threshold; a met alternative group is no miss', () => {
    const results = [
      { key: 'researchers', met: false, anyOf: null, groupMet: null },
      { key: 'revenue', met: false, anyOf: 'g', groupMet: true },
      { key: 'spaceM2', met: true, anyOf: null, groupMet: null },
    ];
    expect(caseByCaseNeeded(CarrierKind.InnovationCenter, results)).toEqual(['researchers']);
    expect(caseByCaseNeeded(CarrierKind.PilotBase, results)).toEqual([]);
    expect(caseByCaseNeeded(CarrierKind.InnovationCenter, [results[1], results[2]])).toEqual([]);
  });

  it('failing the 筹建期满考核 ends the 筹建 (003 §20–21), it does not go into 整改', () => {
    expect(nextCarrierStatusAfterEvaluation(CarrierStatus.Preparing, EvaluationGrade.Unqualified)).toMatchObject({
      status: CarrierStatus.Revoked,
      revoked: true,
      rule: '003 §20–21',
    });
  });
});
