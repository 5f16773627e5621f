import fc from 'fast-check';
import {
  computeSubsidy,
  PolicyError,
  SUBSIDY_CAP_FEN,
  terminationRecoveryFen,
  validateCaseByCase,
  type CaseByCaseDecision,
  type DealKind,
} from './subsidy';

const WAN = 1_000_000n; // fen per 万元
const kinds: DealKind[] = ['challenge', 'achievement'];
const base = fc.bigInt({ min: 0n, max: 10n ** 13n }); // up to 1000 亿元

describe('computeSubsidy (004 §11, RULEBOOK §5)', () => {
  it('challenge → pre-subsidy capped at 1000 万元; achievement → post-subsidy capped at 500 万元', () => {
    const pre = computeSubsidy('challenge', 10_000n * WAN);
    expect(pre).toMatchObject({
      mode: 'pre',
      rateBp: 3000,
      capFen: 1000n * WAN,
      subsidyFen: 1000n * WAN,
      capApplied: true,
    });
    const post = computeSubsidy('achievement', 10_000n * WAN);
    expect(post).toMatchObject({ mode: 'post', capFen: 500n * WAN, subsidyFen: 500n * WAN, capApplied: true });
  });

  it('the 30 % boundary: a base whose 30 % is exactly the cap gets the cap without cutting; one fen more is cut', () => {
    // post: 30 % of 16,666,666.66 yuan = 4,999,999.998 yuan → floored to 4,999,999.99, under the 500 万元 cap
    const exact = computeSubsidy('achievement', (500n * WAN * 10n) / 3n); // 16,666,666.66 yuan
    expect(exact.subsidyFen).toBe(499_999_999n);
    expect(exact.capApplied).toBe(false);
    const atCap = computeSubsidy('challenge', (1000n * WAN * 10n) / 3n + 1n); // 30 % = 1000 万元 + 0.2 fen → floored to exactly the cap
    expect(atCap.subsidyFen).toBe(1_000_000_000n);
    expect(atCap.capApplied).toBe(false);
    const over = computeSubsidy('challenge', (1000n * WAN * 10n) / 3n + 4n);
    expect(over.subsidyFen).toBe(1_000_000_000n);
    expect(over.capApplied).toBe(true);
  });

  it('floors to the fen: 30 % of 3 fen is 0 fen, of 4 fen is 1 fen', () => {
    expect(computeSubsidy('achievement', 3n).subsidyFen).toBe(0n);
    expect(computeSubsidy('achievement', 4n).subsidyFen).toBe(1n);
    expect(computeSubsidy('challenge', 123_456_789n).subsidyFen).toBe(37_037_036n);
  });

  it('explains every step with the rule, ending in the result', () => {
    const c = computeSubsidy('achievement', 2_000_000_000n);
    expect(c.steps).toHaveLength(4);
    expect(c.steps[1].expression).toBe('20,000,000.00 元 × 30% = 6,000,000.00 元');
    expect(c.steps[3].resultFen).toBe(c.subsidyFen);
    expect(c.steps.every((s) => s.rule.startsWith('004 §11'))).toBe(true);
  });

  it('refuses a negative base', () => {
    expect(() => computeSubsidy('challenge', -1n)).toThrow(PolicyError);
  });

  it('property: never above 30 % of the base, never above the cap without a decision', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), base, (kind, b) => {
        const c = computeSubsidy(kind, b);
        expect(c.subsidyFen * 10_000n).toBeLessThanOrEqual(b * 3000n);
        expect(c.subsidyFen).toBeLessThanOrEqual(SUBSIDY_CAP_FEN[c.mode]);
        expect(c.subsidyFen).toBeGreaterThanOrEqual(0n);
        // the floor: one more fen would exceed 30 % or the cap
        expect((c.subsidyFen + 1n) * 10_000n > b * 3000n || c.subsidyFen === c.capFen).toBe(true);
      }),
    );
  });

  it('property: monotone in the base', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), base, base, (kind, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(computeSubsidy(kind, lo).subsidyFen).toBeLessThanOrEqual(computeSubsidy(kind, hi).subsidyFen);
      }),
    );
  });

  it('property: a 一事一议 cap applies only once a second person approved it, and never changes the rate', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        base,
        fc.bigInt({ min: 1n, max: 10n ** 11n }),
        fc.boolean(),
        (kind, b, cap, approved) => {
          const d: CaseByCaseDecision = {
            capFen: cap,
            reason: '特别重大项目',
            decidedByUserId: 'u1',
            approvedByUserId: approved ? 'u2' : null,
          };
          const c = computeSubsidy(kind, b, d);
          expect(c.subsidyFen * 10_000n).toBeLessThanOrEqual(b * 3000n);
          expect(c.subsidyFen).toBeLessThanOrEqual(approved ? cap : SUBSIDY_CAP_FEN[c.mode]);
          expect(c.caseByCase).toBe(approved);
        },
      ),
    );
  });

  it('refuses a 一事一议 without a reason, or approved by the person who decided it', () => {
    const d: CaseByCaseDecision = { capFen: 1n, reason: ' ', decidedByUserId: 'u1', approvedByUserId: 'u2' };
    expect(() => validateCaseByCase(d)).toThrow(expect.objectContaining({ code: 'CASE_BY_CASE_INCOMPLETE' }));
    expect(() => computeSubsidy('challenge', 1n, { ...d, reason: '重大', approvedByUserId: 'u1' })).toThrow(
      expect.objectContaining({ code: 'SAME_APPROVER' }),
    );
  });
});

describe('terminationRecoveryFen (004 §15)', () => {
  it('recovers the disbursed state money not spent, never a negative amount', () => {
    expect(terminationRecoveryFen(1_000_000n, 400_000n)).toBe(600_000n);
    expect(terminationRecoveryFen(1_000_000n, 1_200_000n)).toBe(0n);
    expect(() => terminationRecoveryFen(-1n, 0n)).toThrow(PolicyError);
  });
});
