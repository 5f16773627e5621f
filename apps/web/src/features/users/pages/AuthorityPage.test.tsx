import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { clearToken, setToken } from '../../../auth/token';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { AuthorityPage } from './AuthorityPage';

const RECOMMENDER: CurrentUser = {
  id: 'u-rec',
  username: 'baotou.rec',
  displayName: '包头市科技局',
  role: Role.Staff,
  staffRoles: [StaffRole.Recommender],
  orgId: null,
  authority: '150200',
};

/** The page signed in as `user`. */
function renderPage(user: CurrentUser = RECOMMENDER) {
  return renderWithProviders(<AuthorityPage />, { route: '/authority', queryClient, user });
}

const BAOTOU = { code: '150200', name: '包头市科技局', kind: 'region' };

describe('AuthorityPage', () => {
  beforeEach(() => {
    queryClient.clear();
    setToken('access-token', 'refresh-token');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
    clearToken();
  });

  it("shows a recommender its own authority's organisations and listings, statuses in words", async () => {
    const sent = serveApi({
      'GET /api/v1/authority/organizations': () =>
        json(200, {
          authority: BAOTOU,
          items: [
            {
              id: 'o1',
              title: '包头稀土研究院',
              orgName: '包头稀土研究院',
              regionCode: '150203',
              status: 'verified',
              createdAt: '2026-12-01T02:00:00.000Z',
            },
          ],
          total: 1,
          page: 1,
          pageSize: 20,
        }),
      'GET /api/v1/authority/listings': () =>
        json(200, {
          authority: BAOTOU,
          items: [
            {
              id: 'l1',
              title: '包头的榜单',
              orgName: '包头钢铁(集团)有限责任公司',
              regionCode: '150203',
              status: 'published',
              createdAt: '2026-12-02T02:00:00.000Z',
            },
          ],
          total: 1,
          page: 1,
          pageSize: 20,
        }),
    });
    renderPage();
    expect(await screen.findByText('辖区记录 · 包头市科技局')).toBeTruthy();
    const orgs = await screen.findByTestId('authority-organizations');
    expect(await within(orgs).findByText('包头稀土研究院')).toBeTruthy();
    expect(within(orgs).getByText('已审核')).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: '榜单' }));
    const listings = await screen.findByTestId('authority-listings');
    expect(await within(listings).findByText('包头的榜单')).toBeTruthy();
    expect(within(listings).getByText('已发布')).toBeTruthy();
    // A recommender never names an authority: the API uses its own.
    expect(sent.every((s) => !s.search.includes('authority='))).toBe(true);
  });

  it('tells other staff the page is not for them', async () => {
    const sent = serveApi({});
    renderPage({ ...RECOMMENDER, staffRoles: [StaffRole.Broker], authority: null });
    expect(await screen.findByText('辖区记录仅限推荐部门和管理员查看。')).toBeTruthy();
    expect(sent).toHaveLength(0);
  });
});
