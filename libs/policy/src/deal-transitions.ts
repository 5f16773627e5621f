import { DealStatus } from '@jiebang/contracts';
import { NOTICE_RULE } from './notice';
import { PAYABILITY_RULE } from './subsidy';

/**
 * The deal lifecycle of seed `004 §9(七)–(八)`, `§10–§16` and RULEBOOK §4–§5 as a transition table, beside the
 * listing and application tables (`transitions.ts`): who may move a deal from which state to which, and the
 * article that gives the step; and the things done on a deal without moving it (recording an installment, a
 * milestone's report …), with the states they are allowed in. Anything not listed is illegal (the API answers
 * HTTP 409 `ILLEGAL_TRANSITION`, or the step's own code where the contract has one: `NOTICE_CLOSED`,
 * `NOTICE_NOT_OVER`, `SUBSIDY_NOT_PAYABLE`).
 */

/** The articles the deal lifecycle cites (audit records and refusals carry them as `rule`). */
export const DEAL_RULES = {
  notice: NOTICE_RULE,
  objection: '004 §9(七) (公示无异议方可签约)',
  signing: '004 §9(七) (签订揭榜协议及任务书)',
  funding: '004 §10 (需求方资金到位); RULEBOOK §5 (凭证核验)',
  milestone: '004 §13 (项目实施管理)',
  acceptance: '004 §12, §13 (验收)',
  benefit: '004 §12 (经济效益认定)',
  change: '004 §15 (延期或终止须双方一致并经科技厅同意)',
  credit: '004 §14',
  fourEyes: 'RULEBOOK §1 (科技厅审批财政资金:提出与批准分属两人)',
} as const;

/**
 * Who acts on a deal: the poster's users, the taker's users, the side that pays under the agreement
 * (`payerOf`: the demand side, 004 §10), staff, anyone logged in while the deal is on public notice, or the
 * calendar (`system`: the notice period running out).
 */
export type DealActor = 'poster' | 'taker' | 'payer' | 'staff' | 'public' | 'system';

/** A move of the deal's status. `reasonRequired`: the actor must write why (it is audited and shown). */
export interface DealTransition {
  readonly action: DealAction;
  readonly from: readonly DealStatus[];
  readonly to: DealStatus;
  readonly actors: readonly DealActor[];
  readonly rule: string;
  readonly reasonRequired: boolean;
}

export type DealAction =
  | 'openNotice'
  | 'returnAgreement'
  | 'closeNotice'
  | 'lodgeObjection'
  | 'dismissObjection'
  | 'dismissObjectionAfterNotice'
  | 'upholdObjectionRenegotiate'
  | 'upholdObjectionTerminate'
  | 'sign'
  | 'passAcceptance'
  | 'failAcceptance'
  | 'terminate'
  | 'complete';

const ON_NOTICE = [DealStatus.OnNotice, DealStatus.Frozen] as const;

/** Every move of a deal's status. */
export const DEAL_TRANSITIONS: readonly DealTransition[] = [
  {
    action: 'openNotice',
    from: [DealStatus.AgreementReview],
    to: DealStatus.OnNotice,
    actors: ['staff'],
    rule: DEAL_RULES.notice,
    reasonRequired: true,
  },
  {
    action: 'returnAgreement',
    from: [DealStatus.AgreementReview],
    to: DealStatus.Returned,
    actors: ['staff'],
    rule: DEAL_RULES.notice,
    reasonRequired: true,
  },
  {
    action: 'closeNotice',
    from: [DealStatus.OnNotice],
    to: DealStatus.AwaitingSigning,
    actors: ['system'],
    rule: DEAL_RULES.notice,
    reasonRequired: false,
  },
  {
    action: 'lodgeObjection',
    from: [DealStatus.OnNotice],
    to: DealStatus.Frozen,
    actors: ['public'],
    rule: DEAL_RULES.objection,
    reasonRequired: true,
  },
  {
    action: 'dismissObjection',
    from: [DealStatus.Frozen],
    to: DealStatus.OnNotice,
    actors: ['staff'],
    rule: DEAL_RULES.objection,
    reasonRequired: true,
  },
  {
    action: 'dismissObjectionAfterNotice',
    from: [DealStatus.Frozen],
    to: DealStatus.AwaitingSigning,
    actors: ['staff'],
    rule: DEAL_RULES.objection,
    reasonRequired: true,
  },
  {
    action: 'upholdObjectionRenegotiate',
    from: ON_NOTICE,
    to: DealStatus.Returned,
    actors: ['staff'],
    rule: DEAL_RULES.objection,
    reasonRequired: true,
  },
  {
    action: 'upholdObjectionTerminate',
    from: ON_NOTICE,
    to: DealStatus.Terminated,
    actors: ['staff'],
    rule: DEAL_RULES.objection,
    reasonRequired: true,
  },
  {
    action: 'sign',
    from: [DealStatus.AwaitingSigning],
    to: DealStatus.InProgress,
    actors: ['staff'],
    rule: DEAL_RULES.signing,
    reasonRequired: false,
  },
  {
    action: 'passAcceptance',
    from: [DealStatus.InProgress],
    to: DealStatus.Accepted,
    actors: ['staff'],
    rule: DEAL_RULES.acceptance,
    reasonRequired: true,
  },
  {
    action: 'failAcceptance',
    from: [DealStatus.InProgress],
    to: DealStatus.AcceptanceFailed,
    actors: ['staff'],
    rule: DEAL_RULES.acceptance,
    reasonRequired: true,
  },
  {
    // Staff approve a termination both parties agreed to. It is requested while `in_progress`; the decision
    // may come after the acceptance was concluded (and even after the subsidy completed the deal).
    action: 'terminate',
    from: [DealStatus.InProgress, DealStatus.Accepted, DealStatus.AcceptanceFailed, DealStatus.Completed],
    to: DealStatus.Terminated,
    actors: ['staff'],
    rule: DEAL_RULES.change,
    reasonRequired: true,
  },
  {
    action: 'complete',
    from: [DealStatus.Accepted],
    to: DealStatus.Completed,
    actors: ['staff'],
    rule: PAYABILITY_RULE.post,
    reasonRequired: false,
  },
];

/** Things done on a deal that do not move its status. */
export type DealActivity =
  | 'lodgeObjection'
  | 'recordInstallment'
  | 'submitMilestone'
  | 'addOpinion'
  | 'confirmBenefit'
  | 'requestChange'
  | 'proposePreSubsidy'
  | 'proposePostSubsidy';

/** One activity: the states it is allowed in, who does it, its article. */
export interface DealActivityRule {
  readonly in: readonly DealStatus[];
  readonly actors: readonly DealActor[];
  readonly rule: string;
}

/** The states each activity is allowed in (anything else: 409 `ILLEGAL_TRANSITION` or the step's own code). */
export const DEAL_ACTIVITIES: { readonly [A in DealActivity]: DealActivityRule } = {
  lodgeObjection: { in: ON_NOTICE, actors: ['public'], rule: DEAL_RULES.objection },
  recordInstallment: {
    in: [DealStatus.InProgress, DealStatus.Accepted],
    actors: ['payer'],
    rule: DEAL_RULES.funding,
  },
  submitMilestone: { in: [DealStatus.InProgress], actors: ['taker'], rule: DEAL_RULES.milestone },
  addOpinion: { in: [DealStatus.InProgress], actors: ['staff'], rule: DEAL_RULES.acceptance },
  confirmBenefit: { in: [DealStatus.InProgress, DealStatus.Accepted], actors: ['staff'], rule: DEAL_RULES.benefit },
  requestChange: { in: [DealStatus.InProgress], actors: ['poster', 'taker'], rule: DEAL_RULES.change },
  proposePreSubsidy: {
    in: [DealStatus.InProgress, DealStatus.Accepted],
    actors: ['staff'],
    rule: PAYABILITY_RULE.pre,
  },
  proposePostSubsidy: { in: [DealStatus.Accepted], actors: ['staff'], rule: PAYABILITY_RULE.post },
};

/** Deal states no move leaves. */
export const FINAL_DEAL_STATUSES: readonly DealStatus[] = [DealStatus.Returned, DealStatus.Terminated];

/**
 * The move `action` from `from`.
 * @returns the transition, or `null` when the table has no such move from that state (HTTP 409).
 */
export function findDealTransition(action: DealAction, from: DealStatus): DealTransition | null {
  return DEAL_TRANSITIONS.find((t) => t.action === action && t.from.includes(from)) ?? null;
}

/** Whether `activity` is allowed while the deal is in `status` (`DEAL_ACTIVITIES`). */
export function dealActivityAllowed(activity: DealActivity, status: DealStatus): boolean {
  return DEAL_ACTIVITIES[activity].in.includes(status);
}
