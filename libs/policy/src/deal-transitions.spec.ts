import { DealStatus } from '@jiebang/contracts';
import {
  DEAL_ACTIVITIES,
  DEAL_RULES,
  DEAL_TRANSITIONS,
  dealActivityAllowed,
  FINAL_DEAL_STATUSES,
  findDealTransition,
} from './deal-transitions';

describe('deal transitions (004 §9(七)–§16)', () => {
  it('walks the happy path: review → notice → signing → implementation → acceptance → completed', () => {
    const path: [Parameters<typeof findDealTransition>[0], DealStatus, DealStatus][] = [
      ['openNotice', DealStatus.AgreementReview, DealStatus.OnNotice],
      ['closeNotice', DealStatus.OnNotice, DealStatus.AwaitingSigning],
      ['sign', DealStatus.AwaitingSigning, DealStatus.InProgress],
      ['passAcceptance', DealStatus.InProgress, DealStatus.Accepted],
      ['complete', DealStatus.Accepted, DealStatus.Completed],
    ];
    for (const [action, from, to] of path) expect(findDealTransition(action, from)).toMatchObject({ to });
  });

  it('freezes on an objection and resumes or ends by the decision on it', () => {
    expect(findDealTransition('lodgeObjection', DealStatus.OnNotice)?.to).toBe(DealStatus.Frozen);
    expect(findDealTransition('dismissObjection', DealStatus.Frozen)?.to).toBe(DealStatus.OnNotice);
    expect(findDealTransition('dismissObjectionAfterNotice', DealStatus.Frozen)?.to).toBe(DealStatus.AwaitingSigning);
    expect(findDealTransition('upholdObjectionRenegotiate', DealStatus.Frozen)?.to).toBe(DealStatus.Returned);
    expect(findDealTransition('upholdObjectionTerminate', DealStatus.Frozen)?.to).toBe(DealStatus.Terminated);
  });

  it('refuses moves from the wrong state (no signing before the notice is over, no notice twice)', () => {
    expect(findDealTransition('sign', DealStatus.OnNotice)).toBeNull();
    expect(findDealTransition('sign', DealStatus.Frozen)).toBeNull();
    expect(findDealTransition('openNotice', DealStatus.OnNotice)).toBeNull();
    expect(findDealTransition('returnAgreement', DealStatus.OnNotice)).toBeNull();
    expect(findDealTransition('passAcceptance', DealStatus.AwaitingSigning)).toBeNull();
    expect(findDealTransition('complete', DealStatus.InProgress)).toBeNull();
    expect(findDealTransition('closeNotice', DealStatus.Frozen)).toBeNull();
  });

  it('never leaves a final state', () => {
    for (const s of FINAL_DEAL_STATUSES) expect(DEAL_TRANSITIONS.some((t) => t.from.includes(s))).toBe(false);
    for (const s of FINAL_DEAL_STATUSES)
      expect(Object.values(DEAL_ACTIVITIES).some((a) => a.in.includes(s))).toBe(false);
  });

  it('leaves the staff every decision and the calendar only the end of the notice', () => {
    for (const t of DEAL_TRANSITIONS) {
      if (t.action === 'closeNotice') expect(t.actors).toEqual(['system']);
      else if (t.action === 'lodgeObjection') expect(t.actors).toEqual(['public']);
      else expect(t.actors).toEqual(['staff']);
    }
  });

  it('requires a written reason for every refusal-like or concluding move', () => {
    for (const t of DEAL_TRANSITIONS) {
      if (/return|Objection|Acceptance|terminate|openNotice/.test(t.action)) expect(t.reasonRequired).toBe(true);
    }
  });

  it('cites an article on every move and activity', () => {
    for (const t of DEAL_TRANSITIONS) expect(t.rule).toMatch(/^(004|000|RULEBOOK)/);
    for (const a of Object.values(DEAL_ACTIVITIES)) expect(a.rule).toMatch(/^(004|000|RULEBOOK)/);
    expect(findDealTransition('terminate', DealStatus.InProgress)?.rule).toBe(DEAL_RULES.change);
  });

  it('allows implementation work only while the deal runs', () => {
    expect(dealActivityAllowed('submitMilestone', DealStatus.InProgress)).toBe(true);
    expect(dealActivityAllowed('submitMilestone', DealStatus.Accepted)).toBe(false);
    expect(dealActivityAllowed('recordInstallment', DealStatus.Accepted)).toBe(true);
    expect(dealActivityAllowed('recordInstallment', DealStatus.AwaitingSigning)).toBe(false);
    expect(dealActivityAllowed('requestChange', DealStatus.AcceptanceFailed)).toBe(false);
    expect(dealActivityAllowed('lodgeObjection', DealStatus.Frozen)).toBe(true);
    expect(dealActivityAllowed('lodgeObjection', DealStatus.AwaitingSigning)).toBe(false);
    expect(dealActivityAllowed('proposePreSubsidy', DealStatus.InProgress)).toBe(true);
    expect(dealActivityAllowed('proposePostSubsidy', DealStatus.InProgress)).toBe(false);
  });
});
