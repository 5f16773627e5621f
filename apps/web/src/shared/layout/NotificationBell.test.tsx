import type { CurrentUser, NotificationDto } from '@jiebang/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthContext, type AuthContextValue } from '../../auth/AuthContext';
import { renderWithProviders } from '../../test/render';
import { NotificationBell } from './NotificationBell';

/** A JSON answer. */
function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

const unread: NotificationDto = {
  id: 'n1',
  title: '报价已更新',
  body: '对方提出了新的报价',
  link: null,
  at: '2026-12-01T00:00:00.000Z',
  readAt: null,
  category: 'negotiation',
};

describe('NotificationBell', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the unread count from the notifications query and marks an item read on the server', async () => {
    let read = false;
    const seen: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((request: Request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        if (request.method === 'POST') {
          read = true;
          return Promise.resolve(json(204, undefined));
        }
        return Promise.resolve(json(200, [read ? { ...unread, readAt: '2026-12-01T01:00:00.000Z' } : unread]));
      }),
    );
    const value: AuthContextValue = {
      status: 'authenticated',
      user: { id: 'u1', displayName: '甲' } as CurrentUser,
      login: vi.fn(),
      startSession: vi.fn(),
      logout: vi.fn(),
    };
    renderWithProviders(
      <AuthContext.Provider value={value}>
        <NotificationBell />
      </AuthContext.Provider>,
    );
    const bell = screen.getByTestId('notification-bell');
    await waitFor(() => expect(bell.dataset.unread).toBe('1'));

    const ue = userEvent.setup({ delay: null });
    await ue.click(bell);
    await ue.click(await screen.findByTestId('notification-mark-read'));
    await waitFor(() => expect(bell.dataset.unread).toBe('0'));
    await waitFor(() => expect(seen).toContain('POST /api/v1/notifications/n1/read'));
    // The list is asked for again after the change (the server's answer replaces the local mark).
    await waitFor(() => expect(seen.filter((s) => s === 'GET /api/v1/notifications').length).toBeGreaterThan(1));
  });
});
