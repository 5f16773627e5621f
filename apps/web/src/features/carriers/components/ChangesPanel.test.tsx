import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { noteClickConfirm } from '../../../test/confirm';
import { renderWithProviders } from '../../../test/render';
import { CarrierManagePanel } from './CarrierManagePanel';
import { ChangesPanel } from './ChangesPanel';

const ID = '00000000-0000-4000-8000-0000000000c1';
const HOST = '00000000-0000-4000-8000-0000000000a1';
const carrier = {
  id: ID,
  kind: 'pilot_base',
  hostOrgId: HOST,
  name: '稀土功能材料中试基地',
  plateName: '内蒙古自治区稀土功能材料中试基地',
  status: 'operating',
  reports: [],
  evaluations: [],
  history: [],
} as unknown as components['schemas']['CarrierDetailDto'];

const user = (over: Partial<CurrentUser>): CurrentUser => ({
  id: 'u1',
  username: 'someone',
  displayName: '某人',
  role: Role.Staff,
  staffRoles: [],
  orgId: null,
  ...over,
});

const change = (over: Record<string, unknown>) => ({
  id: 'ch1',
  carrierId: ID,
  kind: 'rename',
  kindLabel: '更名(法人名称变更)',
  changedOn: '2026-06-01',
  reportedOn: '2026-10-02',
  reportBy: '2026-09-01',
  late: true,
  description: '依托单位更名',
  newName: '稀土新材料中试基地',
  newRegionCode: null,
  needsApproval: false,
  altersRegistry: true,
  status: 'reported',
  statusLabel: '待处理',
  rule: '001 §19',
  recommenderAuthority: null,
  recommendedBy: null,
  recommenderNote: null,
  revokeProposed: false,
  firstDecisionBy: null,
  firstDecisionNote: null,
  secondDecisionBy: null,
  secondDecisionNote: null,
  createdAt: '2026-10-02T00:00:00.000Z',
  ...over,
});

describe('ChangesPanel (重大事项变更, 001 §19, 003 §30)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows an empty state, and the host its report form in the manage panel tab', async () => {
    serveApi({ [`GET /api/v1/carriers/${ID}/changes`]: () => json(200, { items: [] }) });
    renderWithProviders(<CarrierManagePanel user={user({ role: Role.Institute, orgId: HOST })} c={carrier} />);
    fireEvent.click(screen.getByRole('tab', { name: '重大事项变更' }));
    expect(await screen.findByText('暂无重大事项变更')).toBeTruthy();
    expect(screen.getByTestId('change-submit')).toBeTruthy();
  });

  it('marks a late report and lets staff approve it for a second person, after confirming', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${ID}/changes`]: () => json(200, { items: [change({})] }),
      'POST /api/v1/carriers/changes/ch1/decide': () => json(200, change({ status: 'awaiting_second' })),
    });
    renderWithProviders(<ChangesPanel user={user({ staffRoles: [StaffRole.Broker] })} c={carrier} />);
    const record = await screen.findByTestId('change-record');
    expect(within(record).getByTestId('change-late').textContent).toBe('逾期报告');
    // nothing is sent before the confirmation
    expect(
      await noteClickConfirm(record, sent, {
        noteTestId: 'change-note',
        note: '材料齐全',
        buttonTestId: 'change-approve',
      }),
    ).toMatchObject({
      path: '/api/v1/carriers/changes/ch1/decide',
      body: { approve: true, note: '材料齐全' },
    });
  });

  it('lets the recommender agree to a change awaiting it, after confirming; staff see no decision yet', async () => {
    const waiting = change({
      status: 'awaiting_recommender',
      statusLabel: '待组织单位审核',
      recommenderAuthority: '150200',
    });
    const sent = serveApi({
      [`GET /api/v1/carriers/${ID}/changes`]: () => json(200, { items: [waiting] }),
      'POST /api/v1/carriers/changes/ch1/recommend': () => json(200, change({ status: 'reported' })),
    });
    renderWithProviders(
      <ChangesPanel user={user({ staffRoles: [StaffRole.Recommender], authority: '150200' })} c={carrier} />,
    );
    const record = await screen.findByTestId('change-record');
    expect(within(record).queryByTestId('change-approve')).toBeNull();
    expect(
      await noteClickConfirm(record, sent, {
        noteTestId: 'change-recommend-note',
        note: '属实,同意报送',
        buttonTestId: 'change-recommend-agree',
      }),
    ).toMatchObject({
      path: '/api/v1/carriers/changes/ch1/recommend',
      body: { agree: true, note: '属实,同意报送' },
    });
  });

  it('staff may conclude 不再符合备案条件 (001 §19): sent as revoke for a second person, after confirming', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${ID}/changes`]: () => json(200, { items: [change({ kind: 'scope' })] }),
      'POST /api/v1/carriers/changes/ch1/decide': () =>
        json(200, change({ status: 'awaiting_second', revokeProposed: true })),
    });
    renderWithProviders(<ChangesPanel user={user({ staffRoles: [StaffRole.Broker] })} c={carrier} />);
    const record = await screen.findByTestId('change-record');
    expect(
      await noteClickConfirm(record, sent, {
        noteTestId: 'change-note',
        note: '场地已转让',
        buttonTestId: 'change-revoke',
      }),
    ).toMatchObject({
      path: '/api/v1/carriers/changes/ch1/decide',
      body: { approve: false, revoke: true, note: '场地已转让' },
    });
  });

  it('does not offer the first decider the second decision (four eyes)', async () => {
    serveApi({
      [`GET /api/v1/carriers/${ID}/changes`]: () =>
        json(200, { items: [change({ status: 'awaiting_second', statusLabel: '待复核', firstDecisionBy: 'u1' })] }),
    });
    renderWithProviders(<ChangesPanel user={user({ staffRoles: [StaffRole.Broker] })} c={carrier} />);
    const record = await screen.findByTestId('change-record');
    expect(within(record).getByText('您已初审,须由另一名工作人员复核')).toBeTruthy();
    expect(within(record).queryByTestId('change-approve')).toBeNull();
  });
});
