import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { RunningPanel } from './RunningPanel';

const ID = '00000000-0000-4000-8000-0000000000c2';
const centre = {
  id: ID,
  kind: 'innovation_center',
  status: 'preparing',
} as unknown as components['schemas']['CarrierDetailDto'];
const user = (over: Partial<CurrentUser>): CurrentUser => ({
  id: 'u1',
  username: 'u',
  displayName: 'U',
  role: Role.Staff,
  staffRoles: [],
  orgId: null,
  ...over,
});
const running = {
  carrierId: ID,
  status: 'preparing',
  establishedOn: null,
  reportYear: 2025,
  reportDueOn: '2026-01-31',
  reportDueSource: '003 §29 (每年1月底前报送上年度报告)',
  evaluationDueOn: null,
  evaluationSource: '003 §32 (批准成立后每三年)',
  preparingEndsOn: '2027-03-01',
  rectifyUntil: null,
};

describe('RunningPanel (running-year dates, 筹建期满考核 003 §20–21)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the report due by 31 January and the end of 筹建; staff get the 考核 form', async () => {
    serveApi({ [`GET /api/v1/carriers/${ID}/running`]: () => json(200, running) });
    renderWithProviders(<RunningPanel user={user({ staffRoles: [StaffRole.Broker] })} c={centre} />);
    expect(await screen.findByText('2025 年度报告应于 2026-01-31 前提交')).toBeTruthy();
    expect(screen.getByText(/2027-03-01/)).toBeTruthy();
    expect(screen.getByTestId('establishment-form')).toBeTruthy();
  });

  it('the host sees the dates but no 考核 form', async () => {
    serveApi({ [`GET /api/v1/carriers/${ID}/running`]: () => json(200, running) });
    renderWithProviders(<RunningPanel user={user({ role: Role.Institute, orgId: 'h' })} c={centre} />);
    expect(await screen.findByText(/2026-01-31/)).toBeTruthy();
    expect(screen.queryByTestId('establishment-form')).toBeNull();
  });
});
