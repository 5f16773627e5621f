import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { clearToken, setToken } from '../../../auth/token';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import type { UserDto } from '../lib/users';
import { UsersPage } from './UsersPage';

const ADMIN: CurrentUser = {
  id: 'u-admin',
  username: 'staff.admin',
  displayName: '科技厅管理员',
  role: Role.Staff,
  staffRoles: [StaffRole.Admin],
  orgId: null,
};

/** An account row; `patch` changes any field. */
function userOf(patch: Partial<UserDto>): UserDto {
  return {
    id: 'u-1',
    username: 'staff.broker',
    displayName: '科技厅对接专员',
    role: Role.Staff,
    staffRoles: [StaffRole.Broker],
    orgId: null,
    orgName: null,
    authority: null,
    orgAdmin: false,
    disabled: false,
    mustChangePassword: false,
    totpEnabled: false,
    createdAt: '2026-12-01T02:00:00.000Z',
    ...patch,
  };
}

/** The page signed in as `user`. */
function renderPage(user: CurrentUser = ADMIN) {
  return renderWithProviders(<UsersPage />, { route: '/staff/users', queryClient, user });
}

const page = (items: UserDto[]) => ({ items, total: items.length, page: 1, pageSize: 20 });

describe('UsersPage', () => {
  beforeEach(() => {
    queryClient.clear();
    setToken('access-token', 'refresh-token');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
    clearToken();
  });

  it('lists the accounts with their role and state', async () => {
    serveApi({
      'GET /api/v1/users': () =>
        json(
          200,
          page([
            userOf({}),
            userOf({
              id: 'u-2',
              username: 'baotou.rec',
              displayName: '包头推荐人',
              staffRoles: [StaffRole.Recommender],
              authority: '150200',
              disabled: true,
            }),
          ]),
        ),
    });
    renderPage();
    const table = await screen.findByTestId('user-table');
    expect(await within(table).findByText('科技厅对接专员')).toBeTruthy();
    expect(within(table).getByText('推荐部门 · 包头市科技局')).toBeTruthy();
    expect(within(table).getByText('已停用')).toBeTruthy();
    expect(screen.getByText('共 2 个账号')).toBeTruthy();
  });

  it('creates an approver and shows its one-time password once', async () => {
    const created = userOf({
      id: 'u-new',
      username: 'new.approver',
      displayName: '新审批人',
      staffRoles: [StaffRole.Approver],
      mustChangePassword: true,
    });
    const sent = serveApi({
      'GET /api/v1/users': () => json(200, page([])),
      'POST /api/v1/users': () => json(201, { user: created, oneTimePassword: 'abcd-EFGH-2345-wxyz' }),
    });
    renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('create-user'));
    await user.type(await screen.findByTestId('new-user-username'), 'new.approver');
    await user.type(screen.getByTestId('new-user-display-name'), '新审批人');
    await user.type(screen.getByTestId('new-user-email'), 'new.approver@example.org');
    // Sub-roles: replace 对接专员 (the default) by 审批人.
    const roles = screen.getByTestId('new-user-staff-roles');
    await user.click(within(roles).getByLabelText('close'));
    await user.click(within(roles).getByRole('combobox'));
    await user.click(await screen.findByTitle('审批人'));
    await user.click(screen.getByTestId('create-user-submit'));
    expect((await screen.findByTestId('one-time-password')).textContent).toContain('abcd-EFGH-2345-wxyz');
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({
      username: 'new.approver',
      displayName: '新审批人',
      email: 'new.approver@example.org',
      role: 'staff',
      staffRoles: ['approver'],
    });
  });

  it('disables an account after a confirmation and shows the refusal of the server in words', async () => {
    let disabled = false;
    const sent = serveApi({
      'GET /api/v1/users': () => json(200, page([userOf({ disabled })])),
      'POST /api/v1/users/u-1/disable': () => {
        disabled = true;
        return json(200, userOf({ disabled: true }));
      },
    });
    renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('disable-staff.broker'));
    expect(sent.some((s) => s.method === 'POST')).toBe(false); // nothing before the confirmation
    await user.click(await screen.findByTestId('confirm-disable'));
    await waitFor(() => expect(sent.some((s) => s.path === '/api/v1/users/u-1/disable')).toBe(true));
    expect(await screen.findByText('已停用')).toBeTruthy();
  });

  it('tells a user without the right that the page is for administrators', async () => {
    const sent = serveApi({});
    renderPage({ ...ADMIN, staffRoles: [StaffRole.Broker] });
    expect(await screen.findByText('账号管理仅限科技厅管理员使用。')).toBeTruthy();
    expect(sent).toHaveLength(0);
  });
});
