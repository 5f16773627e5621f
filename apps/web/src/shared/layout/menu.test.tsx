import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthContext, type AuthContextValue } from '../../auth/AuthContext';
import { LoginPage } from '../../features/account/pages/LoginPage';
import { renderWithProviders } from '../../test/render';
import { AppLayout } from './AppLayout';
import { breadcrumbFor, landingPath, menuFor, type MenuEntry, type MenuGroup } from './menu';

const user = (over: Partial<CurrentUser>): CurrentUser => ({
  id: 'u1',
  username: 'someone',
  displayName: '某人',
  role: Role.Staff,
  staffRoles: [],
  orgId: null,
  ...over,
});
const admin = user({ username: 'staff.admin', displayName: '管理员', staffRoles: [StaffRole.Admin] });
const broker = user({ username: 'staff.broker', staffRoles: [StaffRole.Broker] });
const recommender = user({ staffRoles: [StaffRole.Recommender], authority: '150200' });
const enterprise = user({ role: Role.Enterprise, orgId: 'o1', orgAdmin: true, displayName: '企业用户' });
const expert = user({ role: Role.Expert });

/** The labels of the menu as `u` sees it, groups flattened. */
const labels = (u: CurrentUser) =>
  menuFor(u).flatMap((i) => ('entries' in i ? (i as MenuGroup).entries : [i as MenuEntry]).map((e) => e.label));

describe('side menu by role and capability', () => {
  it('gives staff admin every staff page, 节假日 and 账号管理 included', () => {
    expect(labels(admin)).toEqual(
      expect.arrayContaining([
        '工作台',
        '揭榜大厅',
        '单位审核',
        '项目管理',
        '项目跟踪',
        '统计与资金',
        '账号管理',
        '节假日',
      ]),
    );
    expect(labels(admin)).not.toContain('我的项目');
  });

  it('gives a broker the staff pages but not 账号管理', () => {
    expect(labels(broker)).toEqual(expect.arrayContaining(['工作台', '单位审核', '项目跟踪', '节假日']));
    expect(labels(broker)).not.toContain('账号管理');
  });

  it('gives an enterprise user its own pages and no staff page', () => {
    const l = labels(enterprise);
    expect(l).toEqual(expect.arrayContaining(['工作台', '我的项目', '洽谈', '单位工作台', '本单位账号', '修改密码']));
    for (const staffOnly of ['单位审核', '项目跟踪', '统计与资金', '节假日', '账号管理'])
      expect(l).not.toContain(staffOnly);
  });

  it('gives a recommender its authority records only, and an expert the review pages', () => {
    expect(labels(recommender)).toContain('辖区记录');
    expect(labels(recommender)).not.toContain('单位审核');
    expect(labels(recommender)).not.toContain('工作台');
    expect(labels(expert)).toEqual(expect.arrayContaining(['专家评审', '评审邀请']));
    expect(labels(expert)).not.toContain('工作台');
  });
});

describe('breadcrumbs from the menu table', () => {
  it('names the group, the menu entry and a detail page', () => {
    expect(breadcrumbFor('/staff/calendar', admin)).toEqual([
      { title: '首页', to: '/workbench' },
      { title: '科技厅管理' },
      { title: '节假日' },
    ]);
    expect(breadcrumbFor('/deals/d1', enterprise)).toEqual([
      { title: '首页', to: '/workbench' },
      { title: '我的项目', to: '/deals' },
      { title: '项目详情' },
    ]);
    expect(breadcrumbFor('/listings/l1', enterprise)).toEqual([
      { title: '首页', to: '/workbench' },
      { title: '揭榜大厅', to: '/' },
      { title: '榜单详情' },
    ]);
    expect(breadcrumbFor('/workbench', broker)).toEqual([{ title: '工作台' }]);
  });
});

describe('landing after login (issue 14 item 1)', () => {
  afterEach(() => vi.unstubAllGlobals());

  function Where() {
    const { pathname } = useLocation();
    return <div data-testid="where">{pathname}</div>;
  }

  it('sends staff and organisation users to 工作台, an expert to 专家评审', () => {
    expect(landingPath(admin)).toBe('/workbench');
    expect(landingPath(enterprise)).toBe('/workbench');
    expect(landingPath(recommender)).toBe('/authority');
    expect(landingPath(expert)).toBe('/expert');
    expect(landingPath(null)).toBe('/');
  });

  it('a signed-in staff member on the login page lands on /workbench, or goes back to the protected page', async () => {
    const ui = (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Where />} />
      </Routes>
    );
    renderWithProviders(ui, { route: '/login', user: broker });
    expect((await screen.findByTestId('where')).textContent).toBe('/workbench');
    screen.getByTestId('where').remove();
    renderWithProviders(ui, { route: '/login?next=%2Fstaff%2Fdeals', user: broker });
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/staff/deals'));
  });
});

describe('signed-in layout', () => {
  afterEach(() => vi.unstubAllGlobals());

  const layout = (
    <Routes>
      <Route element={<AppLayout />}>
        <Route path="*" element={<div data-testid="page">页面</div>} />
      </Route>
    </Routes>
  );

  it('shows breadcrumbs and a side menu (a drawer on a phone) filtered for the user', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('[]', { headers: { 'Content-Type': 'application/json' } })),
    );
    renderWithProviders(layout, { route: '/staff/calendar', user: broker });
    await screen.findByTestId('page');
    const crumbs = screen.getByTestId('breadcrumbs');
    expect(crumbs.textContent).toContain('科技厅管理');
    expect(crumbs.textContent).toContain('节假日');
    // jsdom matches no media query: the phone layout, the menu behind the menu button.
    await userEvent.click(screen.getByTestId('side-menu-toggle'));
    const menu = await screen.findByTestId('side-menu');
    expect(menu.textContent).toContain('项目跟踪');
    expect(menu.textContent).not.toContain('账号管理');
    expect(screen.getByTestId('side-menu-staff-calendar').getAttribute('href')).toBe('/staff/calendar');
  });

  it('keeps the top header without a side menu for visitors', async () => {
    const anonymous: AuthContextValue = {
      status: 'anonymous',
      user: null,
      login: vi.fn(),
      startSession: vi.fn(),
      logout: vi.fn(),
    };
    renderWithProviders(<AuthContext.Provider value={anonymous}>{layout}</AuthContext.Provider>, { route: '/' });
    await screen.findByTestId('page');
    expect(screen.getByTestId('header-login')).toBeTruthy();
    expect(screen.queryByTestId('side-menu-toggle')).toBeNull();
    expect(screen.queryByTestId('breadcrumbs')).toBeNull();
  });
});
