import { DealStatus } from '@jiebang/contracts';
import { milestonesOf, noticeNotOver, plannedEndOf } from './deal-signing.service';

describe('signing (004 §9(七), §13, §15)', () => {
  it('refuses to sign before the notice is over or while an objection is open', () => {
    expect(noticeNotOver({ status: DealStatus.OnNotice, noticeLastDay: '2026-03-16' })).toBe(
      '公示期至 2026-03-16 24:00 方满,不能提前签约',
    );
    expect(noticeNotOver({ status: DealStatus.Frozen, noticeLastDay: '2026-03-16' })).toBe(
      '公示期内有未处理的异议,不能签约',
    );
    expect(noticeNotOver({ status: DealStatus.AwaitingSigning, noticeLastDay: '2026-03-16' })).toBeNull();
  });

  it('makes one milestone per installment of the agreed schedule, amounts in fen', () => {
    expect(
      milestonesOf([
        { dueDate: '2026-06-30', amountYuan: '100000' },
        { dueDate: '2026-12-31', amountYuan: '50000.5' },
      ]),
    ).toEqual([
      { seq: 1, title: '第 1 期节点(协议约定 2026-06-30 前)', dueOn: '2026-06-30', amountFen: '10000000' },
      { seq: 2, title: '第 2 期节点(协议约定 2026-12-31 前)', dueOn: '2026-12-31', amountFen: '5000050' },
    ]);
    expect(milestonesOf(undefined)).toEqual([]);
  });

  it('ends the plan the agreed months after signing (month ends clamp)', () => {
    expect(plannedEndOf('2026-03-15', 36)).toBe('2029-03-15');
    expect(plannedEndOf('2026-01-31', 1)).toBe('2026-02-28');
  });
});
