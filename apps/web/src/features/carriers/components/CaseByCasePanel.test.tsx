import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CaseByCasePanel } from './CaseByCasePanel';

const APP = '00000000-0000-4000-8000-0000000000d1';
const app = {
  id: APP,
  kind: 'innovation_center',
  status: 'recommended',
} as unknown as components['schemas']['CarrierApplicationDto'];
const staff = (id: string): CurrentUser => ({
  id,
  username: id,
  displayName: id,
  role: Role.Staff,
  staffRoles: [StaffRole.Broker],
  orgId: null,
});
const decision = {
  id: 'd1',
  applicationId: APP,
  reasons: '落实自治区稀土产业重大战略部署',
  status: 'proposed',
  proposedBy: 'u1',
  proposedAt: '2026-12-01T00:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  decisionNote: null,
  rule: '003 §12',
};

describe('CaseByCasePanel (一事一议, 003 §12)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is absent for other kinds', () => {
    serveApi({});
    renderWithProviders(<CaseByCasePanel user={staff('u1')} app={{ ...app, kind: 'pilot_base' }} />);
    expect(screen.queryByTestId('case-by-case')).toBeNull();
  });

  it('staff propose it with reasons after confirming', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/applications/${APP}/case-by-case`]: () => json(200, { items: [] }),
      [`POST /api/v1/carriers/applications/${APP}/case-by-case`]: () => json(201, decision),
    });
    renderWithProviders(<CaseByCasePanel user={staff('u1')} app={app} />);
    fireEvent.change(await screen.findByTestId('case-reasons'), { target: { value: decision.reasons } });
    fireEvent.click(screen.getByTestId('case-propose'));
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    });
    await waitFor(() => expect(sent.some((s) => s.method === 'POST')).toBe(true));
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ reasons: decision.reasons });
  });

  it('the proposer may not approve; another staff member may', async () => {
    serveApi({ [`GET /api/v1/carriers/applications/${APP}/case-by-case`]: () => json(200, { items: [decision] }) });
    const { unmount } = renderWithProviders(<CaseByCasePanel user={staff('u1')} app={app} />);
    expect(await screen.findByTestId('case-own')).toBeTruthy();
    expect(screen.queryByTestId('case-approve')).toBeNull();
    unmount();
    renderWithProviders(<CaseByCasePanel user={staff('u2')} app={app} />);
    expect(await screen.findByTestId('case-approve')).toBeTruthy();
  });
});
