import { ApplicationStatus, ListingStatus } from '@jiebang/contracts';
import { APPLICATION_TRANSITIONS, findTransition, LISTING_TRANSITIONS } from './transitions';

describe('pipeline transitions (004 §9)', () => {
  it('lets the poster submit a draft and staff screen, pass and publish it', () => {
    const path: [string, ListingStatus, 'poster' | 'staff', ListingStatus][] = [
      ['submit', ListingStatus.Draft, 'poster', ListingStatus.Submitted],
      ['startScreening', ListingStatus.Submitted, 'staff', ListingStatus.Screening],
      ['pass', ListingStatus.Screening, 'staff', ListingStatus.Passed],
      ['publish', ListingStatus.Passed, 'staff', ListingStatus.Published],
    ];
    for (const [action, from, actor, to] of path) {
      const t = findTransition(LISTING_TRANSITIONS, action as never, from, [actor]);
      expect(t).toMatchObject({ ok: true, to });
    }
  });

  it('refuses a move from the wrong state with ILLEGAL_TRANSITION and its article', () => {
    expect(findTransition(LISTING_TRANSITIONS, 'publish', ListingStatus.Submitted, ['staff'])).toMatchObject({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      rule: '004 §9(三)',
    });
    expect(findTransition(LISTING_TRANSITIONS, 'submit', ListingStatus.Published, ['poster'])).toMatchObject({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
    });
  });

  it('refuses the right move by the wrong role', () => {
    expect(findTransition(LISTING_TRANSITIONS, 'pass', ListingStatus.Screening, ['poster'])).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED_FOR_ROLE',
    });
    expect(
      findTransition(APPLICATION_TRANSITIONS, 'recommend', ApplicationStatus.UnderReview, ['applicant']),
    ).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED_FOR_ROLE',
    });
  });

  it('requires a reason for every refusal-like move', () => {
    for (const t of [...LISTING_TRANSITIONS, ...APPLICATION_TRANSITIONS]) {
      if (['reject', 'withdraw', 'close', 'decline', 'recommend'].includes(t.action))
        expect(t.reasonRequired).toBe(true);
    }
  });

  it('never leaves a closed listing or a final application', () => {
    expect(LISTING_TRANSITIONS.some((t) => t.from.includes(ListingStatus.Closed))).toBe(false);
    for (const s of [ApplicationStatus.Declined, ApplicationStatus.Withdrawn]) {
      expect(APPLICATION_TRANSITIONS.some((t) => t.from.includes(s))).toBe(false);
    }
  });
});
