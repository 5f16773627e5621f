import { ApplicationStatus, ListingStatus } from '@jiebang/contracts';
import { DURATIONS } from './durations';

/**
 * The pipeline of seed `004 §9` as transition tables: who may move a listing or an application from which
 * state to which, and the article that gives the step. Anything not listed is illegal (HTTP 409
 * `ILLEGAL_TRANSITION`).
 */

/** Who acts: the poster's users, the applicant's (lead) users, a consortium member's users, staff, an expert. */
export type Actor = 'poster' | 'applicant' | 'member' | 'staff' | 'expert';

/** One allowed move. `reasonRequired`: the actor must say why (the other party sees it). */
export interface Transition<S extends string, A extends string> {
  readonly action: A;
  readonly from: readonly S[];
  readonly to: S;
  readonly actors: readonly Actor[];
  readonly rule: string;
  readonly reasonRequired: boolean;
}

export type ListingAction =
  'submit' | 'startScreening' | 'pass' | 'reject' | 'revise' | 'publish' | 'withdraw' | 'close';

/** Listing moves (需求征集 → 需求论证 → 发布榜单, seed `004 §9(一)–(三)`). */
export const LISTING_TRANSITIONS: readonly Transition<ListingStatus, ListingAction>[] = [
  {
    action: 'submit',
    from: [ListingStatus.Draft],
    to: ListingStatus.Submitted,
    actors: ['poster'],
    rule: '004 §9(一)',
    reasonRequired: false,
  },
  {
    action: 'startScreening',
    from: [ListingStatus.Submitted],
    to: ListingStatus.Screening,
    actors: ['staff'],
    rule: '004 §9(二)',
    reasonRequired: false,
  },
  {
    action: 'pass',
    from: [ListingStatus.Screening],
    to: ListingStatus.Passed,
    actors: ['staff'],
    rule: '004 §9(二)',
    reasonRequired: false,
  },
  {
    action: 'reject',
    from: [ListingStatus.Screening],
    to: ListingStatus.Rejected,
    actors: ['staff'],
    rule: '004 §9(二)',
    reasonRequired: true,
  },
  {
    action: 'revise',
    from: [ListingStatus.Rejected],
    to: ListingStatus.Draft,
    actors: ['poster'],
    rule: '004 §9(一)',
    reasonRequired: false,
  },
  {
    action: 'publish',
    from: [ListingStatus.Passed],
    to: ListingStatus.Published,
    actors: ['staff'],
    rule: '004 §9(三)',
    reasonRequired: false,
  },
  {
    action: 'withdraw',
    from: [
      ListingStatus.Draft,
      ListingStatus.Submitted,
      ListingStatus.Screening,
      ListingStatus.Passed,
      ListingStatus.Rejected,
      ListingStatus.Published,
    ],
    to: ListingStatus.Closed,
    actors: ['poster'],
    rule: '004 §9',
    reasonRequired: true,
  },
  {
    action: 'close',
    from: [ListingStatus.Published],
    to: ListingStatus.Closed,
    actors: ['staff'],
    rule: '004 §9(三)',
    reasonRequired: true,
  },
];

/** States in which the listing's form may still be edited, and by whom (final text fixed after screening). */
export const LISTING_EDITABLE: Readonly<Partial<Record<ListingStatus, readonly Actor[]>>> = {
  [ListingStatus.Draft]: ['poster'],
  [ListingStatus.Rejected]: ['poster'],
  [ListingStatus.Passed]: ['poster', 'staff'],
};

export type ApplicationAction = 'consent' | 'startReview' | 'recommend' | 'decline' | 'withdraw';

/** Application moves (揭榜申报 → 评审推荐, seed `004 §9(四)–(五)`). */
export const APPLICATION_TRANSITIONS: readonly Transition<ApplicationStatus, ApplicationAction>[] = [
  {
    action: 'consent',
    from: [ApplicationStatus.PendingConsent],
    to: ApplicationStatus.Submitted,
    actors: ['member'],
    rule: '004 §9(四)',
    reasonRequired: false,
  },
  {
    action: 'startReview',
    from: [ApplicationStatus.Submitted],
    to: ApplicationStatus.UnderReview,
    actors: ['staff'],
    rule: '004 §9(五)',
    reasonRequired: false,
  },
  {
    action: 'recommend',
    from: [ApplicationStatus.UnderReview],
    to: ApplicationStatus.Recommended,
    actors: ['staff'],
    rule: '004 §9(五)',
    reasonRequired: true,
  },
  {
    action: 'decline',
    from: [ApplicationStatus.UnderReview],
    to: ApplicationStatus.Declined,
    actors: ['staff'],
    rule: '004 §9(五)',
    reasonRequired: true,
  },
  {
    action: 'withdraw',
    from: [ApplicationStatus.PendingConsent, ApplicationStatus.Submitted, ApplicationStatus.UnderReview],
    to: ApplicationStatus.Withdrawn,
    actors: ['applicant'],
    rule: '004 §9(四)',
    reasonRequired: true,
  },
];

/** Application states that count as open: one open application per applicant per listing (issue 4 §4). */
export const OPEN_APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.PendingConsent,
  ApplicationStatus.Submitted,
  ApplicationStatus.UnderReview,
  ApplicationStatus.Recommended,
  ApplicationStatus.AgreementDrafted,
];

/** Why a move is refused. */
export type TransitionRefusal = {
  ok: false;
  code: 'ILLEGAL_TRANSITION' | 'NOT_ALLOWED_FOR_ROLE';
  message: string;
  rule: string;
};

/**
 * Finds the move `action` from `from` for one of `actors`.
 * @returns the transition, or a refusal: `ILLEGAL_TRANSITION` (no such move from this state) or
 *   `NOT_ALLOWED_FOR_ROLE` (the move exists but none of the caller's capacities may make it).
 */
export function findTransition<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  action: A,
  from: S,
  actors: readonly Actor[],
): ({ ok: true } & Transition<S, A>) | TransitionRefusal {
  const byAction = table.filter((t) => t.action === action);
  const t = byAction.find((x) => x.from.includes(from));
  if (!t) {
    return {
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: `当前状态(${from})不能执行该操作(${action})`,
      rule: byAction[0]?.rule ?? '004 §9',
    };
  }
  if (!t.actors.some((a) => actors.includes(a))) {
    return {
      ok: false,
      code: 'NOT_ALLOWED_FOR_ROLE',
      message: `该操作只能由 ${t.actors.join('、')} 执行`,
      rule: t.rule,
    };
  }
  return { ok: true, ...t };
}

/** Longest implementation period of a deal, in months (seed `004 §15`: 3 years challenges, 2 years achievements). */
export const MAX_DURATION_MONTHS = {
  challenge: DURATIONS.challengeImplementation.months,
  achievement: DURATIONS.achievementImplementation.months,
} as const;
