import { computeSubsidy } from '@jiebang/policy';
import { subsidyFor, subsidySnapshot } from './deal-subsidy.service';

describe('the capped subsidy (004 §12)', () => {
  it('stores the computation with its amounts as fen strings', () => {
    const snap = subsidySnapshot(computeSubsidy('challenge', 10_000_000n));
    expect(snap.mode).toBe('pre');
    expect(snap.baseFen).toBe('10000000');
    expect(typeof snap.subsidyFen).toBe('string');
    expect(BigInt(snap.subsidyFen)).toBeLessThanOrEqual(BigInt(snap.capFen));
    for (const s of snap.steps) expect(s.resultFen).toMatch(/^\d+$/);
  });

  it('computes the same as the policy and turns its refusals into 422 with their code', () => {
    expect(subsidyFor('achievement', 500_000n, null).subsidyFen).toBe(
      computeSubsidy('achievement', 500_000n, null).subsidyFen,
    );
    expect(() => subsidyFor('challenge', -1n, null)).toThrow(
      expect.objectContaining({ code: 'NEGATIVE_AMOUNT', status: 422 }),
    );
  });
});
