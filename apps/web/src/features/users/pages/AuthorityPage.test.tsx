import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { clearToken, setToken } from '../../../auth/token';
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

/** A JSON answer. */
function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** One request the page sent. */
interface Sent {
  method: string;
  path: string;
  search: string;
  body: unknown;
}

/** Serves `routes` (`'GET /api/v1/users'` → answer); anything else is a 404. Returns what was sent. */
function serve(routes: Record<string, (sent: Sent) => Response>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request | string, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(new URL(input, window.location.origin), init);
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.text();
      const entry = {
        method: request.method,
        path: url.pathname,
        search: url.search,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      sent.push(entry);
      const route = routes[`${request.method} ${url.pathname}`];
      return route ? route(entry) : json(404, { statusCode: 404, code: 'NOT_FOUND', message: '不存在' });
    }),
  );
  return sent;
}

/** The page signed in as `user`. */
function renderPage(user: CurrentUser = RECOMMENDER) {
  const auth: AuthContextValue = {
    status: 'authenticated',
    user,
    login: vi.fn(),
    startSession: vi.fn(),
    logout: vi.fn(),
  };
  return renderWithProviders(
    <AuthContext.Provider value={auth}>
      <AuthorityPage />
    </AuthContext.Provider>,
    { route: '/authority', queryClient },
  );
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
    const sent = serve({
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
    const sent = serve({});
    renderPage({ ...RECOMMENDER, staffRoles: [StaffRole.Broker], authority: null });
    expect(await screen.findByText('辖区记录仅限推荐部门和管理员查看。')).toBeTruthy();
    expect(sent).toHaveLength(0);
  });
});
