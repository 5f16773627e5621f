import {
  AchievementType,
  Field,
  IpType,
  ListingKind,
  ListingStatus,
  ResultType,
  Role,
  StaffRole,
  type CurrentUser,
} from '@jiebang/contracts';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import type { ListingDetailDto } from '../lib/listingDto';
import { ListingDetailPage } from './ListingDetailPage';

const ID = '22222222-2222-4222-8222-222222222222';

/** An imported listing as the public DTO serves it; `patch` changes any member. */
function listingOf(patch: Partial<ListingDetailDto> & { publishedOn?: string | null } = {}): ListingDetailDto {
  return {
    id: ID,
    kind: ListingKind.Challenge,
    field: Field.Hydrogen,
    title: '新型电力系统关键调度技术研究',
    status: ListingStatus.Published,
    resultType: ResultType.IndustryGeneric,
    achievementType: AchievementType.NewTechnology,
    hasOwnIp: true,
    ipTypes: [IpType.Patent],
    summary: '面向网源荷储协同调度的需求。',
    team: '十人团队',
    suggestedTimeLimit: null,
    totalInvestmentFen: null,
    regionCode: '150000',
    regionName: '内蒙古自治区',
    sourceYear: 2022,
    note: null,
    inferredFields: [],
    sourceUrls: [],
    // The import's timestamp: never the date readers see.
    publishedAt: '2026-12-07T03:00:00.000Z',
    publishedOn: null,
    posterName: '内蒙古自治区科学技术厅',
    poster: null,
    demand: null,
    taken: false,
    result: null,
    ...patch,
  } as ListingDetailDto;
}

function renderPage(listing: ListingDetailDto, user?: CurrentUser) {
  serveApi({
    [`GET /api/v1/listings/${ID}`]: () => json(200, listing),
    [`GET /api/v1/listings/${ID}/attachments`]: () => json(200, []),
  });
  const routes = (
    <Routes>
      <Route path="/listings/:id" element={<ListingDetailPage />} />
    </Routes>
  );
  const anonymous: AuthContextValue = {
    status: 'anonymous',
    user: null,
    login: vi.fn(),
    startSession: vi.fn(),
    logout: vi.fn(),
  };
  return renderWithProviders(user ? routes : <AuthContext.Provider value={anonymous}>{routes}</AuthContext.Provider>, {
    route: `/listings/${ID}`,
    queryClient,
    user,
  });
}

const STAFF: CurrentUser = {
  id: 'u-staff',
  username: 'staff.broker',
  displayName: '对接专员',
  role: Role.Staff,
  staffRoles: [StaffRole.Broker],
  orgId: null,
} as unknown as CurrentUser;

describe('ListingDetailPage (issue 16 items 14, 17, 21)', () => {
  beforeEach(() => queryClient.clear());
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
  });

  it('shows a 技术攻关类 listing without the 成果转化 items, and no 未填写 rows', async () => {
    renderPage(listingOf());
    const detail = await screen.findByTestId('detail-descriptions');
    const text = detail.textContent ?? '';
    expect(text).toContain('需求概述');
    expect(text).toContain('面向网源荷储协同调度的需求。');
    for (const achievementItem of [
      '成果形态',
      '是否拥有自主知识产权',
      '知识产权类型',
      '拟转化科技成果情况',
      '技术团队情况',
      '成果类型',
    ])
      expect(text).not.toContain(achievementItem);
    // Empty fields are left out; the amount, which readers weigh first, says it is not public.
    expect(text).not.toContain('未填写');
    expect(text).not.toContain('建议实施时限');
    expect(text).toContain('未公开');
    expect(screen.queryByText('未填写')).toBeNull();
  });

  it('a taken listing stays 已发布 but offers no 揭榜: it says who took it and when (issue 16 item 11)', async () => {
    renderPage(
      listingOf({
        taken: true,
        result: {
          listingId: ID,
          listingTitle: '新型电力系统关键调度技术研究',
          kind: ListingKind.Challenge,
          field: Field.Hydrogen,
          posterName: '内蒙古自治区科学技术厅',
          takerName: '内蒙古科技大学',
          signedOn: '2026-11-20',
        },
      }),
    );
    const taken = await screen.findByTestId('listing-taken');
    expect(taken.textContent).toContain('内蒙古科技大学 于 2026-11-20 签订揭榜协议');
    expect(screen.queryByTestId('apply-section')).toBeNull();
    expect(screen.queryByTestId('apply-login')).toBeNull();
  });

  it('shows the listing terms, the contact only behind the login (issue 16 item 16)', async () => {
    renderPage(
      listingOf({
        offerAmountFen: '500000000',
        applyDeadline: '2027-03-31',
        cooperationForms: ['transfer', 'development'],
        contact: null,
        contactHidden: true,
      } as Partial<ListingDetailDto>),
    );
    const text = (await screen.findByTestId('detail-descriptions')).textContent ?? '';
    expect(text).toContain('榜额');
    expect(text).toContain('500 万元');
    expect(text).toContain('2027-03-31');
    expect(text).toContain('登录后可见');
  });

  it('shows a 成果转化类 listing with its achievement items', async () => {
    renderPage(listingOf({ kind: ListingKind.Achievement, totalInvestmentFen: '3000000000' }));
    const text = (await screen.findByTestId('detail-descriptions')).textContent ?? '';
    expect(text).toContain('成果形态');
    expect(text).toContain('新技术');
    expect(text).toContain('知识产权类型');
    expect(text).toContain('拟转化科技成果情况');
    // The listing speaks 万元, with 元 in brackets (item 17).
    expect(text).toContain('3000 万元(30,000,000.00 元)');
  });

  it('shows the listing terms: 榜额 in 万元 with 元 in brackets, 揭榜截止, 合作方式, the contact behind the login', async () => {
    renderPage(
      listingOf({
        offerAmountFen: '5000000000',
        applyDeadline: '2027-03-31',
        cooperationForms: ['transfer', 'license'],
        contact: null,
        contactHidden: true,
      }),
    );
    const text = (await screen.findByTestId('detail-descriptions')).textContent ?? '';
    expect(text).toContain('榜额5000 万元(50,000,000.00 元)');
    expect(text).toContain('揭榜截止2027-03-31');
    expect(text).toContain('合作方式转让、许可');
    expect(text).toContain('登录后可见');
  });

  it('dates an imported listing by its source, never by the import', async () => {
    renderPage(listingOf());
    await screen.findByTestId('detail-descriptions');
    const page = screen.getByTestId('listing-detail').textContent ?? '';
    expect(page).toContain('2022 年公开');
    expect(page).not.toContain('2026-12-07');
  });

  it('dates a listing posted on the platform by the day it was published here', async () => {
    renderPage(listingOf({ sourceYear: null, publishedOn: '2026-11-30' }));
    await screen.findByTestId('detail-descriptions');
    expect(screen.getByTestId('listing-detail').textContent).toContain('发布于 2026-11-30');
  });

  it('keeps provenance to staff: no note section for the public, the note and mirrors for staff', async () => {
    const { unmount } = renderPage(listingOf());
    await screen.findByTestId('detail-descriptions');
    expect(screen.queryByTestId('detail-provenance')).toBeNull();
    expect(screen.queryByText(/来源说明/)).toBeNull();
    unmount();
    queryClient.clear();
    renderPage(
      listingOf({
        note: '25项合计1.69亿元;field取氢能为代表',
        inferredFields: ['field'],
        mirrorUrls: ['http://mirror.example/1.html'],
      }),
      STAFF,
    );
    const provenance = await screen.findByTestId('detail-provenance');
    expect(provenance.textContent).toContain('field取氢能为代表');
    expect(provenance.textContent).toContain('聚焦领域');
    expect(provenance.textContent).toContain('http://mirror.example/1.html');
  });

  it('names a poster only by what the source says: no empty 未公开 lines for an unknown organisation', async () => {
    renderPage(listingOf({ posterName: '来源未载明发榜单位' }));
    const poster = await screen.findByTestId('detail-poster');
    expect(poster.textContent).toBe('来源未载明发榜单位');
  });

  it('stacks labels above values on a phone (no 240 px label column)', async () => {
    renderPage(listingOf({ kind: ListingKind.Achievement }));
    const detail = await screen.findByTestId('detail-descriptions');
    // jsdom matches no media query: the phone layout, each label in a row of its own above its value.
    const label = detail.querySelector('.ant-descriptions-item-label');
    expect(label).not.toBeNull();
    expect(label?.getAttribute('style') ?? '').not.toContain('width');
    expect(label?.closest('tr')?.querySelector('.ant-descriptions-item-content')).toBeNull();
  });
});
