import { ApplicationStatus, OrgType, type ApplicationDto } from '@jiebang/contracts';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { PosterOpinionText, PosterReviewPanel } from './PosterReviewPanel';

const LISTING = '00000000-0000-4000-8000-000000000001';

/** An application of 内蒙古科技大学 in `status`. */
function application(status: ApplicationStatus, extra: Partial<ApplicationDto> = {}): ApplicationDto {
  return {
    id: 'a-1',
    listingId: LISTING,
    listingTitle: '富氢冶金攻关',
    applicantOrgId: 'org-u',
    applicantName: '内蒙古科技大学',
    members: [],
    status,
    plan: '分三阶段完成工艺研究与示范',
    team: '冶金团队 12 人',
    budgetFen: '800000000',
    timetable: [{ milestone: '完成工艺包', dueDate: '2027-06-30' }],
    decision: null,
    createdAt: '2026-11-01T02:00:00.000Z',
    posterOpinion: null,
    applicantProfile: {
      type: OrgType.University,
      verified: true,
      uscc: '12150000460029525X',
      regionCode: '150200',
      independentLegalPerson: true,
      mainBusiness: '高等教育',
      registeredCapitalFen: null,
    },
    ...extra,
  };
}

describe('PosterReviewPanel (发榜方意见, issue 16 item 4)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the applicant’s qualifications and records the poster’s opinion on an application under review', async () => {
    const sent = serveApi({
      [`GET /api/v1/listings/${LISTING}/applications`]: () => json(200, [application(ApplicationStatus.UnderReview)]),
      'PUT /api/v1/applications/a-1/poster-opinion': (s) =>
        json(200, {
          ...application(ApplicationStatus.UnderReview),
          posterOpinion: { ...(s.body as object), authorName: '张三', updatedAt: '2026-11-02T02:00:00.000Z' },
        }),
    });
    const ue = userEvent.setup();
    renderWithProviders(<PosterReviewPanel listingId={LISTING} />);
    const card = await screen.findByTestId('poster-application');
    const profile = within(card).getByTestId('applicant-profile');
    expect(profile.textContent).toContain('高校');
    expect(profile.textContent).toContain('已认证');
    expect(profile.textContent).toContain('内蒙古自治区包头市');

    // Saving without a choice or a reason is refused on the page.
    await ue.click(within(card).getByTestId('poster-opinion-save'));
    expect(await within(card).findByText('请选择是否推荐')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(0);

    await ue.click(within(card).getByLabelText('推荐'));
    await ue.type(within(card).getByRole('textbox'), '方案与我方高炉条件契合,建议推荐');
    await ue.click(within(card).getByTestId('poster-opinion-save'));
    await waitFor(() => expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(1));
    expect(sent.find((s) => s.method === 'PUT')?.body).toEqual({
      recommend: true,
      opinion: '方案与我方高炉条件契合,建议推荐',
    });
  });

  it('tells the refusal in words when the review has meanwhile closed (409)', async () => {
    serveApi({
      [`GET /api/v1/listings/${LISTING}/applications`]: () => json(200, [application(ApplicationStatus.UnderReview)]),
      'PUT /api/v1/applications/a-1/poster-opinion': () =>
        json(409, {
          statusCode: 409,
          code: 'REVIEW_NOT_OPEN',
          message: '该申报不在评审阶段,不能填写发榜方意见(评审开始后、结果确定前可以填写)',
          rule: '004 §9(五)',
        }),
    });
    const ue = userEvent.setup();
    renderWithProviders(<PosterReviewPanel listingId={LISTING} />);
    const card = await screen.findByTestId('poster-application');
    await ue.click(within(card).getByLabelText('不推荐'));
    await ue.type(within(card).getByRole('textbox'), '预算偏高,建议不推荐');
    await ue.click(within(card).getByTestId('poster-opinion-save'));
    const error = await within(card).findByTestId('poster-opinion-error');
    expect(error.textContent).toContain('该申报不在评审阶段');
    expect(error.textContent).not.toContain('REVIEW_NOT_OPEN');
  });

  it('offers no form before the review starts or after it is decided, only the recorded opinion', async () => {
    serveApi({
      [`GET /api/v1/listings/${LISTING}/applications`]: () =>
        json(200, [
          application(ApplicationStatus.Declined, {
            posterOpinion: {
              recommend: false,
              opinion: '预算偏高',
              authorName: '张三',
              updatedAt: '2026-11-02T02:00:00.000Z',
            },
          }),
        ]),
    });
    renderWithProviders(<PosterReviewPanel listingId={LISTING} />);
    const card = await screen.findByTestId('poster-application');
    expect(within(card).queryByTestId('poster-opinion-form')).toBeNull();
    expect(within(card).getByTestId('poster-opinion').textContent).toContain('发榜方不推荐');
    expect(within(card).getByTestId('poster-opinion-closed').textContent).toBe('评审已结束,意见不能再修改。');
  });

  it('PosterOpinionText (staff review board) says when the poster has not given one', () => {
    render(<PosterOpinionText opinion={null} />);
    expect(screen.getByTestId('poster-opinion-none').textContent).toBe('发榜方尚未填写意见');
  });
});
