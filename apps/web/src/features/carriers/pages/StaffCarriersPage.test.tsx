import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { StaffCarriersPage } from './StaffCarriersPage';

const staff = (roles: StaffRole[], over: Partial<CurrentUser> = {}): CurrentUser => ({
  id: 'u1',
  username: 'someone',
  displayName: '某人',
  role: Role.Staff,
  staffRoles: roles,
  orgId: null,
  ...over,
});
const recommender = staff([StaffRole.Recommender], { authority: '150200', displayName: '包头市科技局' });
const broker = staff([StaffRole.Broker]);

const ID = '00000000-0000-4000-8000-0000000000d1';
const submitted = {
  id: ID,
  roundId: '00000000-0000-4000-8000-0000000000e1',
  roundTitle: '2026 年度中试基地备案',
  orgId: '00000000-0000-4000-8000-0000000000a1',
  orgName: '包头稀土研究院',
  regionCode: '150200',
  kind: 'pilot_base',
  intlBaseType: null,
  platformName: '稀土功能材料中试基地',
  form: { evidence: { sitePhotos: '场地照片 12 张' } },
  status: 'submitted',
  authority: '150200',
  direct: false,
  nationalLevel: false,
  integrityPledgeAt: '2026-11-01T02:00:00.000Z',
  submittedAt: '2026-11-01T02:00:00.000Z',
  recommendation: null,
  formalReview: null,
  siteVisit: null,
  decision: null,
  noticeFirstDay: null,
  noticeLastDay: null,
  noticeEndsAt: null,
  carrierId: null,
  thresholds: [
    {
      key: 'spaceM2',
      label: '中试服务场地及配套设施面积',
      required: '≥ 1000 m²',
      declared: 1200,
      met: true,
      anyOf: null,
      groupMet: null,
      evidence: '场地实景图片',
      rule: '001 §9(三)',
    },
  ],
  experts: [],
  updatedAt: '2026-11-01T02:00:00.000Z',
};
const page = (items: unknown[]) => json(200, { items, total: items.length, page: 1, pageSize: 20 });

describe('StaffCarriersPage (推荐 queue and review console, issue 15 §3–§4)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a recommender starts on 待推荐, opens an application with its thresholds and recommends it with site and credit checks', async () => {
    const sent = serveApi({
      'GET /api/v1/carriers/applications': () => page([submitted]),
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, submitted),
      [`GET /api/v1/carriers/applications/${ID}/history`]: () => json(200, []),
      [`POST /api/v1/carriers/applications/${ID}/recommend`]: () => json(200, { ...submitted, status: 'recommended' }),
    });
    renderWithProviders(<StaffCarriersPage />, { route: '/staff/carriers', user: recommender });
    fireEvent.click(await screen.findByTestId('staff-carrier-row'));
    expect(new URLSearchParams(sent[0].search).get('status')).toBe('submitted');
    const review = await screen.findByTestId('carrier-review');
    expect(within(review).getByTestId('threshold-spaceM2').getAttribute('data-met')).toBe('true');
    expect(within(review).getByTestId('review-evidence').textContent).toContain('场地照片 12 张');
    // a recommender may recommend or return, but not review formally
    expect(within(review).queryByTestId('step-formal-review')).toBeNull();
    fireEvent.click(within(review).getByTestId('step-recommend'));
    fireEvent.change(await screen.findByTestId('step-site-check'), { target: { value: '已实地核查,场地与申报一致' } });
    fireEvent.change(screen.getByTestId('step-credit-check'), { target: { value: '无失信记录' } });
    fireEvent.change(screen.getByTestId('step-opinion'), { target: { value: '同意推荐' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('step-confirm'));
    });
    await waitFor(() => expect(sent.some((s) => s.path.endsWith('/recommend'))).toBe(true));
    expect(sent.find((s) => s.path.endsWith('/recommend'))?.body).toEqual({
      siteCheck: '已实地核查,场地与申报一致',
      creditCheck: '无失信记录',
      opinion: '同意推荐',
    });
  });

  it('staff see every status and, for a recommended application, only the formal review; a step without its note is not sent', async () => {
    const recommended = { ...submitted, status: 'recommended' };
    const sent = serveApi({
      'GET /api/v1/carriers/applications': () => page([recommended]),
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, recommended),
      [`GET /api/v1/carriers/applications/${ID}/history`]: () => json(200, []),
    });
    renderWithProviders(<StaffCarriersPage />, { route: '/staff/carriers', user: broker });
    fireEvent.click(await screen.findByTestId('staff-carrier-row'));
    expect(new URLSearchParams(sent[0].search).get('status')).toBeNull();
    const review = await screen.findByTestId('carrier-review');
    expect(within(review).queryByTestId('step-recommend')).toBeNull();
    fireEvent.click(within(review).getByTestId('step-formal-review'));
    await act(async () => {
      fireEvent.click(await screen.findByTestId('step-confirm'));
    });
    expect(await screen.findByText('请填写形式审查意见')).toBeTruthy();
    expect(sent.some((s) => s.path.endsWith('/formal-review'))).toBe(false);
  });

  it('opens the workbench link of 公示期满待发文公布 (?status=on_notice&open=<id>) filtered, with the review and 发文公布', async () => {
    const ended = {
      ...submitted,
      status: 'on_notice',
      noticeFirstDay: '2026-11-02',
      noticeLastDay: '2026-11-06',
      noticeEndsAt: '2026-11-06T16:00:00.000Z',
    };
    const sent = serveApi({
      'GET /api/v1/carriers/applications': () => page([ended]),
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, ended),
      [`GET /api/v1/carriers/applications/${ID}/history`]: () => json(200, []),
    });
    renderWithProviders(<StaffCarriersPage />, {
      route: `/staff/carriers?status=on_notice&open=${ID}`,
      user: broker,
    });
    const review = await screen.findByTestId('carrier-review');
    expect(within(review).getByText(/公示至 2026-11-06/)).toBeTruthy();
    expect(within(review).getByTestId('step-publish')).toBeTruthy();
    const list = sent.find((s) => s.path === '/api/v1/carriers/applications');
    expect(new URLSearchParams(list!.search).get('status')).toBe('on_notice');
  });

  it('ignores an unknown ?status= and keeps the recommender on 待推荐', async () => {
    const sent = serveApi({ 'GET /api/v1/carriers/applications': () => page([]) });
    renderWithProviders(<StaffCarriersPage />, { route: '/staff/carriers?status=nosuch', user: recommender });
    expect(await screen.findByTestId('staff-carriers-empty')).toBeTruthy();
    expect(new URLSearchParams(sent[0].search).get('status')).toBe('submitted');
    expect(screen.queryByTestId('carrier-review')).toBeNull();
  });
});
