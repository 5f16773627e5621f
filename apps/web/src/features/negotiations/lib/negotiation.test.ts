import { describe, expect, it } from 'vitest';
import { maxDurationMonths, refusalStatus, refusalText, sumYuan, yuanFen } from './negotiation';

describe('negotiation helpers', () => {
  it('reads amounts with the contract pattern: at most 13 integer digits and two decimals', () => {
    expect(yuanFen('1.5')).toBe(150n);
    expect(yuanFen(' 1200000.00 ')).toBe(120000000n);
    expect(yuanFen('1234567890123')).toBe(123456789012300n);
    expect(yuanFen('12345678901234')).toBeNull();
    expect(yuanFen('1.234')).toBeNull();
    expect(yuanFen('-1')).toBeNull();
    expect(sumYuan(['1.10', '2.20', 'x'])).toEqual({ fen: 330n, invalid: 1 });
  });

  it('takes the longest durations from the policy', () => {
    expect(maxDurationMonths('challenge')).toBe(36);
    expect(maxDurationMonths('achievement')).toBe(24);
  });

  it('explains a refusal in Chinese, without its code or seed number', () => {
    expect(refusalText('OFFER_DURATION_EXCEEDED', 'duration too long', '004 §15')).toBe(
      '实施期限超过上限(依据《内蒙古自治区科技计划"揭榜挂帅"实施办法（试行）》第十五条)',
    );
    expect(refusalText('NOT_A_MEMBER', undefined)).toBe('您不是该洽谈的参与方');
    expect(refusalText('TIMEOUT', undefined)).toBe('服务器未及时响应，请重试');
    expect(refusalText('SOMETHING_NEW', 'Internal')).toBe('操作失败，请稍后重试');
    expect(refusalText('OFFER_INVALID', '金额格式不正确(依据 RULEBOOK §5)')).toBe('金额格式不正确');
    expect(refusalStatus('NOT_A_MEMBER')).toBe(403);
    expect(refusalStatus('OFFER_SCHEDULE_MISMATCH')).toBe(422);
  });
});
