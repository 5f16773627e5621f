import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { clearToken, setToken } from '../../../auth/token';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { ExpertPoolPage, historyText } from './ExpertPoolPage';

const ADMIN: CurrentUser = {
  id: 'u-admin',
  username: 'staff.admin',
  displayName: '科技厅管理员',
  role: Role.Staff,
  staffRoles: [StaffRole.Admin],
  orgId: null,
};

/** The page signed in as `user`. */
function renderPage(user: CurrentUser = ADMIN) {
  return renderWithProviders(<ExpertPoolPage />, { route: '/staff/experts?field=rare_earth', queryClient, user });
}

const EXPERT = {
  id: 'e1',
  displayName: '乙专家',
  orgId: 'o1',
  orgName: '内蒙古科技大学',
  username: 'pool.free',
  fields: ['rare_earth'],
  otherFields: [],
  title: '研究员',
  specialities: ['稀土永磁材料'],
  phone: null,
  email: null,
  available: true,
  disabled: false,
  history: { listingInvitations: 2, opinionsPass: 1, opinionsReject: 1, applicationAssignments: 3, scores: 2 },
};

describe('ExpertPoolPage', () => {
  beforeEach(() => {
    queryClient.clear();
    setToken('access-token', 'refresh-token');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
    clearToken();
  });

  it('searches by the field in the URL and shows affiliation, fields and history', async () => {
    const sent = serveApi({ 'GET /api/v1/experts': () => json(200, [EXPERT]) });
    renderPage();
    const table = await screen.findByTestId('expert-pool');
    expect(await within(table).findByText('内蒙古科技大学')).toBeTruthy();
    expect(within(table).getByText('稀土')).toBeTruthy();
    expect(within(table).getByText(historyText(EXPERT.history))).toBeTruthy();
    expect(sent[0].search).toBe('?field=rare_earth');
  });

  it('lets an administrator make an expert unavailable in its profile', async () => {
    const sent = serveApi({
      'GET /api/v1/experts': () => json(200, [EXPERT]),
      'PATCH /api/v1/users/e1': () => json(200, {}),
    });
    renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('edit-expert-pool.free'));
    await user.click(await screen.findByRole('switch'));
    await user.click(screen.getByRole('button', { name: '保 存' }));
    await waitFor(() => expect(sent.some((s) => s.method === 'PATCH')).toBe(true));
    expect(sent.find((s) => s.method === 'PATCH')?.body).toMatchObject({
      expert: { fields: ['rare_earth'], title: '研究员', specialities: ['稀土永磁材料'], available: false },
    });
  });
});
