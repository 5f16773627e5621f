import { Role, type CurrentUser } from '@jiebang/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { clearToken, setToken } from '../../../auth/token';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { NotificationSettingsPage } from './NotificationSettingsPage';

const USER: CurrentUser = {
  id: 'u-ent',
  username: 'enterprise.demo',
  displayName: '企业用户',
  role: Role.Enterprise,
  staffRoles: [],
  orgId: 'o1',
};

const SETTINGS = {
  email: 'enterprise.demo@example.org',
  phone: null,
  emailEnabled: true,
  smsEnabled: true,
  digestAt: '08:00',
  preferences: [
    { category: 'task', email: 'immediate', sms: false },
    { category: 'negotiation', email: 'immediate', sms: false },
    { category: 'progress', email: 'digest', sms: false },
    { category: 'notice', email: 'digest', sms: false },
    { category: 'account', email: 'immediate', sms: false },
    { category: 'reminder', email: 'immediate', sms: false },
  ],
};

function renderPage() {
  return renderWithProviders(<NotificationSettingsPage />, {
    route: '/account/notifications',
    queryClient,
    user: USER,
  });
}

describe('NotificationSettingsPage', () => {
  beforeEach(() => {
    queryClient.clear();
    setToken('access-token', 'refresh-token');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
    clearToken();
  });

  it('shows the address and each category in words, and saves the changed choices', async () => {
    const sent = serveApi({
      'GET /api/v1/notifications/preferences': () => json(200, SETTINGS),
      'PUT /api/v1/notifications/preferences': () => json(200, SETTINGS),
    });
    renderPage();
    const task = await screen.findByTestId('pref-task');
    expect(within(task).getByText('待办/审批')).toBeTruthy();
    expect((screen.getByLabelText('电子邮箱') as HTMLInputElement).value).toBe('enterprise.demo@example.org');
    expect(screen.getByText(/每天北京时间 08:00 合并为一封邮件发送/)).toBeTruthy();
    const progress = screen.getByTestId('pref-progress');
    const digest = within(progress).getByLabelText('每日汇总') as HTMLInputElement;
    expect(digest.closest('label')?.className).toContain('checked');
    expect(within(progress).getByLabelText('不发送').closest('label')?.className).not.toContain('checked');

    fireEvent.click(within(progress).getByLabelText('不发送'));
    fireEvent.click(within(screen.getByTestId('pref-reminder')).getByRole('switch'));
    fireEvent.change(screen.getByLabelText('手机号码(接收短信)'), { target: { value: '13800000000' } });
    fireEvent.click(screen.getByTestId('save-settings'));

    await waitFor(() => expect(sent.some((s) => s.method === 'PUT')).toBe(true));
    const body = sent.find((s) => s.method === 'PUT')!.body as {
      email: string;
      phone: string;
      preferences: { category: string; email: string; sms: boolean }[];
    };
    expect(body.email).toBe('enterprise.demo@example.org');
    expect(body.phone).toBe('13800000000');
    expect(body.preferences.find((p) => p.category === 'progress')).toEqual({
      category: 'progress',
      email: 'off',
      sms: false,
    });
    expect(body.preferences.find((p) => p.category === 'reminder')?.sms).toBe(true);
    expect(await screen.findByText('通知设置已保存')).toBeTruthy();
  });

  it('refuses a malformed address in the browser and sends nothing', async () => {
    const sent = serveApi({ 'GET /api/v1/notifications/preferences': () => json(200, SETTINGS) });
    renderPage();
    const email = await screen.findByLabelText('电子邮箱');
    fireEvent.change(email, { target: { value: 'not-an-address' } });
    fireEvent.click(screen.getByTestId('save-settings'));
    expect(await screen.findByText('电子邮箱格式不正确,例如 name@example.org')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'PUT')).toEqual([]);
  });

  it('asks for an address when there is none, and shows the refusal of the API in words', async () => {
    serveApi({
      'GET /api/v1/notifications/preferences': () => json(200, { ...SETTINGS, email: null }),
      'PUT /api/v1/notifications/preferences': () =>
        json(400, {
          statusCode: 400,
          code: 'NOTIFICATION_CATEGORY_UNKNOWN',
          message: '通知类别不存在,请从列表中选择',
          correlationId: 'r1',
        }),
    });
    renderPage();
    expect(await screen.findByTestId('no-email')).toBeTruthy();
    fireEvent.click(screen.getByTestId('save-settings'));
    expect((await screen.findByTestId('settings-error')).textContent).toContain('通知类别不存在');
  });
});
