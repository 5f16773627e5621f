import { DealStatus, type DealSummaryDto } from '@jiebang/contracts';
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { NoticesPage } from './NoticesPage';

const NOTICE: DealSummaryDto = {
  id: '33333333-3333-4333-8333-333333333333',
  listingTitle: '稀土永磁材料低成本制备技术',
  kind: 'challenge',
  posterName: '包头钢铁(集团)有限责任公司',
  takerName: '内蒙古科技大学',
  status: DealStatus.OnNotice,
  statusLabel: '公示中',
  amountFen: '100000000',
  noticeEndsAt: '2026-12-14T16:00:00.000Z',
  noticeLastDay: '2026-12-14',
  openObjections: 1,
  updatedAt: '2026-12-07T01:00:00.000Z',
};

const ANONYMOUS: AuthContextValue = {
  status: 'anonymous',
  user: null,
  login: vi.fn(),
  startSession: vi.fn(),
  logout: vi.fn(),
};

describe('NoticesPage on a phone (issue 16 item 21)', () => {
  beforeEach(() => queryClient.clear());
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
  });

  it('shows each notice as a card with 公示截止, 异议 and the amount in 元 with 万元 in brackets', async () => {
    serveApi({ 'GET /api/v1/notices': () => json(200, [NOTICE]) });
    // jsdom matches no media query: the phone layout.
    renderWithProviders(
      <AuthContext.Provider value={ANONYMOUS}>
        <NoticesPage />
      </AuthContext.Provider>,
      { route: '/notices', queryClient },
    );
    const card = await screen.findByTestId('notice-row');
    expect(screen.queryByTestId('notices-table')).toBeNull();
    const text = card.textContent ?? '';
    expect(text).toContain('公示截止');
    expect(within(card).getByTestId('notice-end').textContent).toContain('2026-12-14 24:00');
    expect(text).toContain('待处理异议');
    expect(within(card).getByTestId('notice-login').textContent).toBe('登录后提出异议');
    expect(text).toContain('1,000,000.00 元(100 万元)');
  });

  it('says so when nothing is on notice', async () => {
    serveApi({ 'GET /api/v1/notices': () => json(200, []) });
    renderWithProviders(
      <AuthContext.Provider value={ANONYMOUS}>
        <NoticesPage />
      </AuthContext.Provider>,
      { route: '/notices', queryClient },
    );
    expect(await screen.findByText('目前没有正在公示的项目')).toBeTruthy();
  });
});
