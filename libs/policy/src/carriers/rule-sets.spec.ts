import { CarrierKind } from '@jiebang/contracts';
import { parseCarrierRuleSet } from './rule-set-schema';
import { CARRIER_RULE_SETS, defaultCarrierRuleSet, RULE_SET_YN_2025_11 } from './rule-sets';

describe('the shipped rule sets are data with their sources (issue 15 §1; RULEBOOK §7)', () => {
  it('each shipped set passes the loader’s validation, and every threshold cites an article of its seed', () => {
    for (const rs of CARRIER_RULE_SETS) {
      expect(parseCarrierRuleSet(JSON.parse(JSON.stringify(rs)))).toEqual({ ok: true, ruleSet: rs });
      for (const t of rs.thresholds) expect(t.rule).toMatch(/^00[0-3] /);
    }
  });

  it('001 is marked as Yunnan’s, with its validity, and covers the three 000 kinds', () => {
    expect(RULE_SET_YN_2025_11.source).toMatchObject({ documentNo: '云科规〔2025〕11号', issuer: '云南省科学技术厅' });
    expect(RULE_SET_YN_2025_11.source.region).toContain('云南省');
    expect([RULE_SET_YN_2025_11.validFrom, RULE_SET_YN_2025_11.validUntil]).toEqual(['2025-12-06', '2028-12-05']);
    expect(defaultCarrierRuleSet(CarrierKind.PilotPlatform)).toBe(RULE_SET_YN_2025_11);
    expect(defaultCarrierRuleSet(CarrierKind.IntlCoopBase).reapplyBarYears).toBe(3);
  });

  it('refuses a broken rule set with every problem listed: float money, unknown kind, missing article, typo field', () => {
    const bad = JSON.parse(JSON.stringify(RULE_SET_YN_2025_11));
    bad.support.operation.capFen = '1000000.5';
    bad.kinds = ['pilot_bse'];
    bad.thresholds[0].rule = ' ';
    bad.noticeWorkingDay = 5;
    bad.annualReportDueMonthDay = '13-01';
    const r = parseCarrierRuleSet(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(
      expect.arrayContaining([
        'noticeWorkingDay: 未知字段',
        expect.stringContaining('kinds:'),
        'thresholds[0].rule: 须写明依据条款',
        expect.stringContaining('support.operation.capFen'),
        'annualReportDueMonthDay: 应为 MM-DD 或 null',
      ]),
    );
    expect(parseCarrierRuleSet(null)).toEqual({ ok: false, problems: ['规则集应为一个 JSON 对象'] });
  });
});
