import { highestNotSum } from './highest';
import { RULE_SET_YN_2025_11 } from './rule-sets';
import { carrierSupport } from './support';

const WAN = 1_000_000n;

describe('就高不重复: two platforms of one organisation in one year get the higher amount, not the sum (001 §14)', () => {
  it('a pilot base (operation 100 万元, capped) and a concept-validation centre (operation 36 万元) → 100 万元', () => {
    const pilot = carrierSupport({ kind: 'operation', baseFen: 600n * WAN, ruleSet: RULE_SET_YN_2025_11 });
    const cv = carrierSupport({ kind: 'operation', baseFen: 180n * WAN, ruleSet: RULE_SET_YN_2025_11 });
    const r = highestNotSum([
      { id: 'cv', label: '概念验证中心 运营补助', subsidyFen: cv.subsidyFen },
      { id: 'pilot', label: '中试基地 运营补助', subsidyFen: pilot.subsidyFen },
    ]);
    expect(r.chosen?.id).toBe('pilot');
    expect(r.subsidyFen).toBe(100n * WAN);
    expect(r.sumFen).toBe(136n * WAN);
    expect(r.excluded.map((e) => e.id)).toEqual(['cv']);
    expect(r.rule).toBe('001 §14 (就高不重复)');
    expect(r.reason).toContain('不予叠加');
  });

  it('a tie keeps the first candidate; a single candidate is paid as is; none grants nothing', () => {
    const tie = highestNotSum([
      { id: 'a', label: 'A', subsidyFen: 5n },
      { id: 'b', label: 'B', subsidyFen: 5n },
    ]);
    expect(tie.chosen?.id).toBe('a');
    expect(highestNotSum([{ id: 'x', label: 'X', subsidyFen: 7n }])).toMatchObject({ subsidyFen: 7n, excluded: [] });
    expect(highestNotSum([])).toMatchObject({ chosen: null, subsidyFen: 0n });
  });
});
