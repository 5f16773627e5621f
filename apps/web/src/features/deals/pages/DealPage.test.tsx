import { DealStatus, Role, StaffRole, type CurrentUser, type DealDto } from '@jiebang/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { clearToken, setToken } from '../../../auth/token';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { DealPage } from './DealPage';

const DEAL_ID = '11111111-1111-4111-8111-111111111111';

/** A deal on notice as `myRoles` sees it; `patch` changes any field. */
function dealOf(patch: Partial<DealDto> = {}): DealDto {
  return {
    id: DEAL_ID,
    applicationId: 'a1',
    agreementDraftId: 'g1',
    negotiationId: 'n1',
    listingId: 'l1',
    listingTitle: '稀土永磁材料低成本制备技术',
    kind: 'challenge',
    posterOrgId: 'org-poster',
    posterName: '包头某稀土企业',
    takerOrgId: 'org-taker',
    takerName: '内蒙古某大学',
    status: DealStatus.OnNotice,
    statusLabel: '公示中',
    terms: {
      dealForm: '合作开发',
      amountYuan: '1000000.00',
      schedule: [{ dueDate: '2027-01-31', amountYuan: '1000000.00' }],
      ipOwnership: '双方共有',
      benefitSharing: '按投入比例分配',
      durationMonths: 24,
    },
    amountFen: '100000000',
    notice: {
      workingDays: 5,
      openedAt: '2026-12-01T02:00:00.000Z',
      firstDay: '2026-12-01',
      lastDay: '2026-12-07',
      endsAt: '2026-12-07T16:00:00.000Z',
      provisional: false,
      reviewNote: '条款符合规定',
    },
    contractRegistrationNo: null,
    taskBookNo: null,
    signedOn: null,
    plannedEndOn: null,
    totalRdInvestmentFen: null,
    receivedFen: '0',
    acceptance: { status: 'pending', note: null, opinions: [] },
    benefit: { confirmed: false, note: null, confirmedAt: null },
    recoveryFen: null,
    objections: [],
    installments: [],
    milestones: [],
    changes: [],
    subsidies: [],
    attachments: [],
    payability: { payable: false, code: 'SUBSIDY_NOT_PAYABLE', message: null, rule: '004 §12' },
    myRoles: [],
    createdAt: '2026-11-30T02:00:00.000Z',
    updatedAt: '2026-12-01T02:00:00.000Z',
    ...patch,
  };
}

/** A deal being implemented, ready for acceptance (signed, no open milestone). */
function signedDeal(patch: Partial<DealDto> = {}): DealDto {
  return dealOf({
    status: DealStatus.InProgress,
    statusLabel: '实施中',
    signedOn: '2026-12-10',
    plannedEndOn: '2028-12-10',
    contractRegistrationNo: 'HT-2026-001',
    taskBookNo: 'RW-2026-0042',
    ...patch,
  });
}

/** The signed-in users of the tests. */
const USERS: Record<'outsider' | 'poster' | 'broker', CurrentUser> = {
  outsider: {
    id: 'u-out',
    username: 'other',
    displayName: '他方企业',
    role: Role.Enterprise,
    staffRoles: [],
    orgId: 'org-x',
  },
  poster: {
    id: 'u-p',
    username: 'poster',
    displayName: '发榜方',
    role: Role.Enterprise,
    staffRoles: [],
    orgId: 'org-poster',
  },
  broker: {
    id: 'u-b',
    username: 'broker',
    displayName: '对接专员',
    role: Role.Staff,
    staffRoles: [StaffRole.Broker],
    orgId: null,
  },
};

/** The page at `/deals/:id`, signed in as `user`, sharing the app's query client (so invalidation reaches it). */
function renderDeal(user: CurrentUser) {
  const auth: AuthContextValue = {
    status: 'authenticated',
    user,
    login: vi.fn(),
    startSession: vi.fn(),
    logout: vi.fn(),
  };
  return renderWithProviders(
    <AuthContext.Provider value={auth}>
      <Routes>
        <Route path="/deals/:id" element={<DealPage />} />
      </Routes>
    </AuthContext.Provider>,
    { route: `/deals/${DEAL_ID}`, queryClient },
  );
}

const DEAL_PATH = `/api/v1/deals/${DEAL_ID}`;
const TIMELINE_PATH = `${DEAL_PATH}/timeline`;

/** One history entry. */
const ENTRY = {
  seq: '7',
  at: '2026-12-01T02:00:00.000Z',
  entityType: 'deal',
  entityId: DEAL_ID,
  action: 'deal.notice_opened',
  fromStatus: 'agreement_review',
  toStatus: 'on_notice',
  actorUserId: 'u-b',
  actorName: '对接专员',
  reason: null,
  rule: '004 §9(七)',
  hash: 'abcdef0123456789',
  data: null,
};

describe('DealPage', () => {
  beforeEach(() => {
    queryClient.clear();
    setToken('access-token', 'refresh-token');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
    clearToken();
  });

  it('shows a skeleton while loading, then the deal and its history with the rule in words', async () => {
    // The deal answers only when the test says so, to see the loading state.
    let answer: (r: Response) => void = () => undefined;
    const pending = new Promise<Response>((resolve) => (answer = resolve));
    serveApi({
      [`GET ${DEAL_PATH}`]: () => pending,
      [`GET ${TIMELINE_PATH}`]: () => json(200, [ENTRY]),
    });

    const { container } = renderDeal(USERS.poster);
    expect(container.querySelector('.ant-skeleton')).not.toBeNull();
    expect(screen.queryByTestId('deal-page')).toBeNull();

    answer(json(200, dealOf({ myRoles: ['poster'] })));
    const page = await screen.findByTestId('deal-page');
    expect(within(page).getByTestId('deal-title').textContent).toContain('稀土永磁材料低成本制备技术');
    const entry = await screen.findByTestId('deal-timeline-entry');
    expect(entry.textContent).toContain('协议审查通过，发布公示');
    // The rule is named by the document's title and article, never by its seed number.
    expect(entry.textContent).toContain('第九条第（七）项');
    expect(page.textContent).not.toMatch(/004|§|RULEBOOK|SUBSIDY_NOT_PAYABLE/);
  });

  it('does not ask a non-party for the history (the API would answer 404) and says who may read it', async () => {
    const sent = serveApi({
      [`GET ${DEAL_PATH}`]: () => json(200, dealOf({ myRoles: [] })),
      [`GET ${TIMELINE_PATH}`]: () => json(404, { statusCode: 404, code: 'NOT_FOUND', message: '项目不存在' }),
    });
    renderDeal(USERS.outsider);
    await screen.findByTestId('deal-page');
    expect(await screen.findByTestId('deal-timeline-hidden')).toBeTruthy();
    // Anyone signed in may object while the deal is on notice.
    expect(screen.getByTestId('lodge-objection')).toBeTruthy();
    // Give any stray request a chance to go out.
    await new Promise((r) => setTimeout(r, 50));
    expect(sent.map((s) => s.path)).toEqual([DEAL_PATH]);
    expect(sent.some((s) => s.path === TIMELINE_PATH)).toBe(false);
  });

  it('asks staff for the history', async () => {
    const sent = serveApi({
      [`GET ${DEAL_PATH}`]: () => json(200, dealOf({ myRoles: ['staff'] })),
      [`GET ${TIMELINE_PATH}`]: () => json(200, [ENTRY]),
    });
    renderDeal(USERS.broker);
    await screen.findByTestId('deal-timeline-entry');
    expect(sent.filter((s) => s.path === TIMELINE_PATH)).toHaveLength(1);
    expect(screen.queryByTestId('deal-timeline-hidden')).toBeNull();
  });

  it('records an acceptance opinion, then refetches the deal and its history (no page reload)', async () => {
    const opinion = {
      id: 'op1',
      expertName: '王专家',
      conclusion: 'pass' as const,
      opinion: '各项指标均已达到任务书要求',
      recordedBy: 'u-b',
      createdAt: '2026-12-20T02:00:00.000Z',
    };
    let recorded = false;
    const sent = serveApi({
      [`GET ${DEAL_PATH}`]: () =>
        json(
          200,
          signedDeal({
            myRoles: ['staff'],
            acceptance: { status: 'pending', note: null, opinions: recorded ? [opinion] : [] },
          }),
        ),
      [`GET ${TIMELINE_PATH}`]: () =>
        json(
          200,
          recorded ? [ENTRY, { ...ENTRY, seq: '8', action: 'deal.acceptance_opinion', toStatus: null }] : [ENTRY],
        ),
      [`POST ${DEAL_PATH}/acceptance/opinions`]: () => {
        recorded = true;
        return json(201, signedDeal({ myRoles: ['staff'] }));
      },
    });
    renderDeal(USERS.broker);
    const ue = userEvent.setup({ delay: null });
    await ue.click(await screen.findByTestId('add-acceptance-opinion'));
    await ue.type(await screen.findByTestId('acceptance-expert'), '王专家');
    await ue.type(screen.getByTestId('acceptance-opinion'), '各项指标均已达到任务书要求');
    await ue.click(screen.getByTestId('deal-form-ok'));

    expect(await screen.findByTestId('acceptance-opinion-item')).toBeTruthy();
    expect(screen.getByTestId('acceptance-opinion-item').textContent).toContain('王专家');
    await waitFor(() => expect(screen.getAllByTestId('deal-timeline-entry')).toHaveLength(2));

    const post = sent.find((s) => s.method === 'POST');
    expect(post).toEqual({
      method: 'POST',
      path: `${DEAL_PATH}/acceptance/opinions`,
      search: '',
      body: { expertName: '王专家', conclusion: 'pass', opinion: '各项指标均已达到任务书要求' },
    });
    const after = sent.slice(sent.indexOf(post!) + 1);
    expect(after.filter((s) => s.path === DEAL_PATH)).toHaveLength(1);
    expect(after.filter((s) => s.path === TIMELINE_PATH)).toHaveLength(1);
  });

  it('shows a refusal in plain Chinese with the rule in words, without the code or seed number', async () => {
    serveApi({
      [`GET ${DEAL_PATH}`]: () => json(200, signedDeal({ myRoles: ['staff'] })),
      [`GET ${TIMELINE_PATH}`]: () => json(200, [ENTRY]),
      [`POST ${DEAL_PATH}/acceptance/opinions`]: () =>
        json(409, {
          statusCode: 409,
          code: 'ILLEGAL_TRANSITION',
          message: 'illegal transition',
          rule: '004 §13',
        }),
    });
    renderDeal(USERS.broker);
    // Why no subsidy yet: the reason and the article, not the payability code.
    const subsidy = await screen.findByTestId('deal-subsidy-section');
    expect(subsidy.textContent).toContain('暂不满足补助拨付条件');
    expect(subsidy.textContent).toContain('第十二条');
    expect(subsidy.textContent).not.toMatch(/SUBSIDY_NOT_PAYABLE|004|§/);

    const ue = userEvent.setup({ delay: null });
    await ue.click(await screen.findByTestId('add-acceptance-opinion'));
    await ue.type(await screen.findByTestId('acceptance-expert'), '王专家');
    await ue.type(screen.getByTestId('acceptance-opinion'), '同意');
    await ue.click(screen.getByTestId('deal-form-ok'));
    const error = await screen.findByTestId('deal-form-error');
    expect(error.textContent).toContain('当前状态不允许该操作');
    expect(error.textContent).toContain('第十三条');
    expect(error.textContent).not.toMatch(/ILLEGAL_TRANSITION|004|§/);
  });
});
