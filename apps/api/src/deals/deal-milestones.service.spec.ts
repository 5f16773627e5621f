import { DealStatus } from '@jiebang/contracts';
import { dealActivityAllowed, findDealTransition } from '@jiebang/policy';
import { milestoneOpen } from './deal-milestones.service';

describe('milestones and acceptance (004 §12–§13)', () => {
  it('takes a milestone report when pending or sent back, not twice nor after sign-off', () => {
    expect(milestoneOpen('pending')).toBe(true);
    expect(milestoneOpen('rejected')).toBe(true);
    expect(milestoneOpen('submitted')).toBe(false);
    expect(milestoneOpen('approved')).toBe(false);
  });

  it('concludes the acceptance of a running deal only, either way', () => {
    expect(findDealTransition('passAcceptance', DealStatus.InProgress)?.to).toBe(DealStatus.Accepted);
    expect(findDealTransition('failAcceptance', DealStatus.InProgress)?.to).toBe(DealStatus.AcceptanceFailed);
    expect(findDealTransition('passAcceptance', DealStatus.AcceptanceFailed)).toBeNull();
    expect(dealActivityAllowed('addOpinion', DealStatus.Accepted)).toBe(false);
  });

  it('confirms the economic benefit while the deal runs or after it passed', () => {
    expect(dealActivityAllowed('confirmBenefit', DealStatus.InProgress)).toBe(true);
    expect(dealActivityAllowed('confirmBenefit', DealStatus.Accepted)).toBe(true);
    expect(dealActivityAllowed('confirmBenefit', DealStatus.AcceptanceFailed)).toBe(false);
  });
});
