import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { ObjectionsPanel } from './ObjectionsPanel';

type ApplicationDto = components['schemas']['CarrierApplicationDto'];

const broker: CurrentUser = {
  id: 'u1',
  username: 'staff.broker',
  displayName: '经办人',
  role: Role.Staff,
  staffRoles: [StaffRole.Broker],
  orgId: null,
};
const ID = '00000000-0000-4000-8000-0000000000d1';
const O1 = '00000000-0000-4000-8000-0000000000c1';
const O0 = '00000000-0000-4000-8000-0000000000c0';
const objection = (id: string, status: string, resolution: string | null = null) => ({
  id,
  applicationId: ID,
  reasons: '申报场地系租用,面积不实',
  status,
  resolution,
  lodgedByName: '张三',
  lodgedByOrgName: '包头钢铁新材料公司',
  lodgedAt: '2026-11-03T02:00:00.000Z',
  resolvedAt: resolution ? '2026-11-04T02:00:00.000Z' : null,
});
const app = (over: Partial<ApplicationDto>): ApplicationDto =>
  ({
    id: ID,
    status: 'objection',
    objections: [objection(O0, 'dismissed', '经核实不成立'), objection(O1, 'open')],
    ...over,
  }) as ApplicationDto;

describe('ObjectionsPanel (公示异议 in the staff console, issue 15)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the objections; staff resolve an open one with the outcome and reason after a confirmation', async () => {
    const sent = serveApi({
      [`POST /api/v1/carriers/objections/${O1}/resolve`]: () => json(200, { id: ID, status: 'on_notice' }),
    });
    renderWithProviders(<ObjectionsPanel user={broker} app={app({})} />, { user: broker });
    const rows = screen.getAllByTestId('objection');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['dismissed', 'open']);
    expect(rows[0].textContent).toContain('经核实不成立');
    expect(screen.getAllByTestId('objection-resolve')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('objection-resolve'));
    fireEvent.click(await screen.findByLabelText('驳回异议(经核实不成立)'));
    fireEvent.change(screen.getByTestId('objection-resolution'), { target: { value: '经核实,场地为自有产权' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('objection-resolve-ok'));
    });
    expect(sent.some((s) => s.path.endsWith('/resolve'))).toBe(false);
    await act(async () => {
      fireEvent.click(await screen.findByTestId('objection-resolve-confirm'));
    });
    await waitFor(() => expect(sent.some((s) => s.path.endsWith('/resolve'))).toBe(true));
    expect(sent.find((s) => s.path.endsWith('/resolve'))?.body).toEqual({
      outcome: 'dismissed',
      resolution: '经核实,场地为自有产权',
    });
  });

  it('does not send a resolution without its reason', async () => {
    const sent = serveApi({});
    renderWithProviders(<ObjectionsPanel user={broker} app={app({})} />, { user: broker });
    fireEvent.click(screen.getByTestId('objection-resolve'));
    fireEvent.click(await screen.findByLabelText('异议成立(申报不予通过)'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('objection-resolve-ok'));
    });
    expect(await screen.findByText('请写明核实情况与处理理由')).toBeTruthy();
    expect(sent).toHaveLength(0);
  });

  it('shows nothing to resolve once the notice runs again, an empty state without objections, nothing without the field', () => {
    serveApi({});
    const { unmount } = renderWithProviders(
      <ObjectionsPanel
        user={broker}
        app={app({ status: 'on_notice', objections: [objection(O0, 'dismissed', '不成立')] })}
      />,
    );
    expect(screen.queryByTestId('objection-resolve')).toBeNull();
    unmount();
    const empty = renderWithProviders(
      <ObjectionsPanel user={broker} app={app({ status: 'on_notice', objections: [] })} />,
    );
    expect(screen.getByTestId('objections-empty')).toBeTruthy();
    empty.unmount();
    renderWithProviders(<ObjectionsPanel user={broker} app={app({ objections: undefined })} />);
    expect(screen.queryByTestId('objections-panel')).toBeNull();
  });
});
