import { DealStatus } from '@jiebang/contracts';
import { afterLastDismissal, objectionWindowOpen } from './deal-notice.service';

const now = new Date('2026-03-10T08:00:00Z');
const later = new Date('2026-03-12T16:00:00Z');
const earlier = new Date('2026-03-09T16:00:00Z');

describe('notice and objections (004 §9(七))', () => {
  it('takes objections while the notice runs, frozen or not', () => {
    expect(objectionWindowOpen({ status: DealStatus.OnNotice, noticeEndsAt: later }, now)).toBe(true);
    expect(objectionWindowOpen({ status: DealStatus.Frozen, noticeEndsAt: later }, now)).toBe(true);
  });

  it('refuses them once the period is over or outside the notice', () => {
    expect(objectionWindowOpen({ status: DealStatus.OnNotice, noticeEndsAt: earlier }, now)).toBe(false);
    expect(objectionWindowOpen({ status: DealStatus.OnNotice, noticeEndsAt: now }, now)).toBe(false);
    expect(objectionWindowOpen({ status: DealStatus.AwaitingSigning, noticeEndsAt: later }, now)).toBe(false);
    expect(objectionWindowOpen({ status: DealStatus.AgreementReview, noticeEndsAt: null }, now)).toBe(false);
  });

  it('resumes the notice after the last dismissal, or awaits signing when the period is over', () => {
    expect(afterLastDismissal({ noticeEndsAt: later }, now)).toBe('dismissObjection');
    expect(afterLastDismissal({ noticeEndsAt: earlier }, now)).toBe('dismissObjectionAfterNotice');
    expect(afterLastDismissal({ noticeEndsAt: now }, now)).toBe('dismissObjectionAfterNotice');
  });
});
