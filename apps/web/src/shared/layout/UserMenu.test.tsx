import { Role, type CurrentUser } from '@jiebang/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthContext, type AuthContextValue } from '../../auth/AuthContext';
import { renderWithProviders } from '../../test/render';
import { AppLayout } from './AppLayout';

const enterprise: CurrentUser = {
  id: 'u1',
  username: 'enterprise.demo',
  displayName: '企业用户',
  role: Role.Enterprise,
  staffRoles: [],
  orgId: 'o1',
  orgAdmin: true,
};

function Where() {
  return <div data-testid="where">{useLocation().pathname}</div>;
}

/** The signed-in frame around a page that shows the current path, with `logout` spied on. */
function renderSignedIn(route: string) {
  const logout = vi.fn(async () => undefined);
  const auth: AuthContextValue = {
    status: 'authenticated',
    user: enterprise,
    login: vi.fn(),
    startSession: vi.fn(),
    logout,
  };
  renderWithProviders(
    <AuthContext.Provider value={auth}>
      <Routes>
        <Route element={<AppLayout />}>
          <Route path="*" element={<Where />} />
        </Route>
      </Routes>
    </AuthContext.Provider>,
    { route },
  );
  return { logout };
}

describe('user menu (header)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('opens inside the sticky header, so that it moves with its trigger when the page scrolls', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('[]', { headers: { 'Content-Type': 'application/json' } })),
    );
    renderSignedIn('/deals');
    await userEvent.click(await screen.findByTestId('user-menu'));
    const item = await screen.findByRole('menuitem', { name: /退出登录/ });
    expect(item.closest('.app-header')).not.toBeNull();
    expect(item.closest('.header-nav')).toBe(screen.getByTestId('user-menu').closest('.header-nav'));
  });

  it('退出登录 ends the session once and goes to the board; another item navigates', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('[]', { headers: { 'Content-Type': 'application/json' } })),
    );
    const { logout } = renderSignedIn('/deals');
    await userEvent.click(await screen.findByTestId('user-menu'));
    await userEvent.click(await screen.findByRole('menuitem', { name: /修改密码/ }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/account/password'));
    expect(logout).not.toHaveBeenCalled();
    await userEvent.click(screen.getByTestId('user-menu'));
    await userEvent.click(await screen.findByRole('menuitem', { name: /退出登录/ }));
    await waitFor(() => expect(logout).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/'));
  });
});
