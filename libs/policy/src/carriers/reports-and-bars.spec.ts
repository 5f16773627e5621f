import { EvaluationGrade } from '@jiebang/contracts';
import {
  addYears,
  annualReportDueOn,
  missedAnnualReportsGrade,
  nextEvaluationDueOn,
  preparingEndsOn,
  reapplyBarred,
  reapplyBarUntil,
} from './lifecycle';
import { RULE_SET_NM_INNOVATION_CENTER, RULE_SET_NM_INTL_COOP, RULE_SET_YN_2025_11 } from './rule-sets';

describe('annual reports, evaluations and the bar on reapplying', () => {
  it('a 技术创新中心 reports on 2026 by 31 January 2027 (003 §29); 001 and 002 set no date', () => {
    expect(annualReportDueOn(2026, RULE_SET_NM_INNOVATION_CENTER)).toBe('2027-01-31');
    expect(annualReportDueOn(2026, RULE_SET_YN_2025_11)).toBeNull();
    expect(RULE_SET_YN_2025_11.articles.annualReportDue).toContain('未规定 (configuration)');
    expect(annualReportDueOn(2026, RULE_SET_NM_INTL_COOP)).toBeNull();
  });

  it('evaluations every 2 years (001 §16), every 3 for a 技术创新中心 (003 §32); 筹建 lasts 2 years (003 §20)', () => {
    expect(nextEvaluationDueOn('2026-03-01', RULE_SET_YN_2025_11)).toBe('2028-03-01');
    expect(nextEvaluationDueOn('2026-03-01', RULE_SET_NM_INNOVATION_CENTER)).toBe('2029-03-01');
    expect(preparingEndsOn('2026-03-01', RULE_SET_NM_INNOVATION_CENTER)).toBe('2028-03-01');
    expect(preparingEndsOn('2026-03-01', RULE_SET_YN_2025_11)).toBeNull();
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('no report without reason counts 不合格 under 001 §15; an excused year does not', () => {
    const r = missedAnnualReportsGrade(RULE_SET_YN_2025_11, [2025, 2026], [2025]);
    expect(r).toMatchObject({
      grade: EvaluationGrade.Unqualified,
      missingYears: [2026],
      consecutiveMissed: 1,
      revoke: false,
    });
    expect(missedAnnualReportsGrade(RULE_SET_YN_2025_11, [2025, 2026], [2025], [2026]).grade).toBeNull();
  });

  it('a 国合基地 missing two years of reports in a row is revoked (002 §12(四)); one year is not enough', () => {
    const two = missedAnnualReportsGrade(RULE_SET_NM_INTL_COOP, [2024, 2025, 2026], [2024]);
    expect(two).toMatchObject({ missingYears: [2025, 2026], consecutiveMissed: 2, revoke: true });
    expect(two.rule).toContain('002 §12(四)');
    expect(missedAnnualReportsGrade(RULE_SET_NM_INTL_COOP, [2024, 2025, 2026], [2024, 2026]).revoke).toBe(false);
  });

  it('revoked 国合基地: barred for 3 years (002 §12); 001 platforms for 2 years (001 §18); 003 sets no bar', () => {
    expect(reapplyBarUntil('2026-05-10', RULE_SET_NM_INTL_COOP)).toBe('2029-05-10');
    expect(reapplyBarred('2026-05-10', '2029-05-09', RULE_SET_NM_INTL_COOP)).toMatchObject({
      barred: true,
      until: '2029-05-10',
    });
    expect(reapplyBarred('2026-05-10', '2029-05-10', RULE_SET_NM_INTL_COOP).barred).toBe(false);
    expect(reapplyBarred('2026-05-10', '2028-05-09', RULE_SET_YN_2025_11)).toMatchObject({
      barred: true,
      until: '2028-05-10',
      rule: '001 §18',
    });
    expect(reapplyBarred('2026-05-10', '2026-06-01', RULE_SET_NM_INNOVATION_CENTER)).toMatchObject({
      barred: false,
      until: null,
    });
  });
});
