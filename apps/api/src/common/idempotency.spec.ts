import { DomainError } from './domain-error';
import { normalText, replayOf } from './idempotency';

describe('replayOf (the idempotency rule of money writes)', () => {
  const stored = { by: 'u1', amountFen: '100000', paidOn: '2026-11-20', note: null, nested: { a: '1', b: null } };

  it('no earlier write under the key → false: the caller writes', () => {
    expect(replayOf(null, stored, '拨付记录')).toBe(false);
  });

  it('the same normalised content, keys in any order → true: a replay', () => {
    expect(
      replayOf(
        stored,
        { nested: { b: null, a: '1' }, note: null, paidOn: '2026-11-20', amountFen: '100000', by: 'u1' },
        'x',
      ),
    ).toBe(true);
  });

  it('other content → 409 IDEMPOTENCY_KEY_REUSED naming the differing fields, in Chinese', () => {
    let err: unknown;
    try {
      replayOf(stored, { ...stored, amountFen: '100001', nested: { a: '2', b: null }, extra: true }, '拨付记录');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({
      status: 409,
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { fields: ['amountFen', 'extra', 'nested'] },
    });
    expect((err as Error).message).toContain('拨付记录');
  });

  it('normalText trims and turns empty text into null', () => {
    expect([normalText('  备注 '), normalText('   '), normalText(undefined), normalText(null)]).toEqual([
      '备注',
      null,
      null,
      null,
    ]);
  });
});
