import { replayOf } from '../common/idempotency';
import { installmentContent, installmentExcess } from './deal-funding.service';

describe('funding in place (004 §10)', () => {
  it('lets installments reach the agreed amount, never exceed it', () => {
    expect(installmentExcess(0n, 10_000_000n, 10_000_000n)).toBeNull();
    expect(installmentExcess(6_000_000n, 4_000_000n, 10_000_000n)).toBeNull();
    expect(installmentExcess(6_000_000n, 4_000_001n, 10_000_000n)).toBe(
      '已登记 60000.00 元,本次 40000.01 元,合计超过协议金额 100000.00 元',
    );
  });

  it('treats a retry with the same content as a replay and other content under the key as a conflict', () => {
    const stored = installmentContent('u1', 100n, '2026-03-01', 'v1', '首笔 ');
    expect(replayOf(stored, installmentContent('u1', 100n, '2026-03-01', 'v1', '首笔'), '拨付记录')).toBe(true);
    expect(() => replayOf(stored, installmentContent('u1', 101n, '2026-03-01', 'v1', '首笔'), '拨付记录')).toThrow(
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' }),
    );
    expect(replayOf(null, installmentContent('u1', 100n, '2026-03-01', 'v1', null), '拨付记录')).toBe(false);
  });
});
