import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierManagePanel } from './CarrierManagePanel';

const ID = '00000000-0000-4000-8000-0000000000c1';
const HOST = '00000000-0000-4000-8000-0000000000a1';
const carrier = {
  id: ID,
  kind: 'pilot_base',
  kindLabel: '科技成果转化中试基地',
  intlBaseType: null,
  hostOrgId: HOST,
  hostOrgName: '包头稀土研究院',
  name: '稀土功能材料中试基地',
  plateName: '内蒙古自治区稀土功能材料中试基地',
  documentNo: '内科发〔2026〕12号',
  publishedOn: '2026-10-20',
  status: 'operating',
  statusLabel: '运行',
  regionCode: '150200',
  fields: ['rare_earth'],
  attached: true,
  revokedOn: null,
  revocationGround: null,
  reapplyBarUntil: null,
  history: [],
  reports: [],
  evaluations: [],
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

describe('CarrierManagePanel (running years and support money, issue 15 §6–§7)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('nobody without a part sees it; the public sees nothing to act on', () => {
    serveApi({});
    renderWithProviders(<CarrierManagePanel user={user({ role: Role.Enterprise, orgId: 'other' })} c={carrier} />);
    expect(screen.queryByTestId('carrier-manage')).toBeNull();
  });

  it('the host submits its annual report with the year and its content', async () => {
    const sent = serveApi({
      [`POST /api/v1/carriers/${ID}/reports`]: () =>
        json(201, {
          id: 'r1',
          carrierId: ID,
          year: 2025,
          status: 'submitted',
          submittedAt: '2026-01-10T00:00:00.000Z',
          reviewedAt: null,
          filedAt: null,
        }),
    });
    renderWithProviders(<CarrierManagePanel user={user({ role: Role.Institute, orgId: HOST })} c={carrier} />);
    fireEvent.change(screen.getByTestId('report-progress'), { target: { value: '完成中试项目 5 项' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('report-submit'));
    });
    await waitFor(() => expect(sent.some((s) => s.path.endsWith('/reports'))).toBe(true));
    const body = sent.find((s) => s.path.endsWith('/reports'))?.body as { year: number; content: { progress: string } };
    expect(body.content.progress).toBe('完成中试项目 5 项');
    expect(body.year).toBe(new Date().getFullYear() - 1);
  });

  it('staff propose operation support (a 加挂 platform is offered no construction support) and see the steps', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${ID}/support`]: () =>
        json(200, {
          items: [
            {
              id: 's1',
              carrierId: ID,
              orgId: HOST,
              year: 2026,
              kind: 'operation',
              baseFen: '320000000',
              computedFen: '64000000',
              grantedFen: '64000000',
              capFen: '100000000',
              rateBp: 2000,
              capApplied: false,
              steps: [
                {
                  label: '按 20% 计算,向下取整到分',
                  expression: '3,200,000.00 元 × 20% = 640,000.00 元',
                  resultFen: '64000000',
                  rule: '001 §13(二)',
                },
              ],
              highestNotSum: null,
              status: 'proposed',
              proposedBy: 'u9',
              decidedBy: null,
              voucherNo: null,
            },
          ],
        }),
      [`GET /api/v1/carriers/${ID}/support-options`]: () =>
        json(200, {
          carrierId: ID,
          ruleSetId: 'yn-kegui-2025-11@1',
          latestEvaluation: null,
          items: [
            {
              kind: 'operation',
              label: '运营补助(年度服务性收入的 20%,每年最高 1,000,000.00 元)',
              rule: '001 §13(二)',
              available: true,
              refusal: null,
            },
            {
              kind: 'construction',
              label: '建设补助(近三年投入的 20%,最高 2,000,000.00 元,一次性)',
              rule: '001 §13(一)',
              available: false,
              refusal: {
                code: 'CARRIER_CONSTRUCTION_NOT_FOR_ATTACHED',
                message: '加挂牌子的平台只享受运营支持,不予建设补助',
                rule: '001 §17',
              },
            },
          ],
        }),
      [`POST /api/v1/carriers/${ID}/support`]: () => json(201, {}),
    });
    renderWithProviders(<CarrierManagePanel user={user({ staffRoles: [StaffRole.Broker] })} c={carrier} />);
    fireEvent.click(screen.getByRole('tab', { name: '补助' }));
    const record = await screen.findByTestId('support-record');
    expect(within(record).getByTestId('support-granted').textContent).toBe('640,000.00 元');
    expect(within(record).getAllByTestId('subsidy-step')).toHaveLength(1);
    // a broker proposes but does not approve (four eyes: ApproveSubsidy)
    expect(within(record).queryByText('批准')).toBeNull();
    // the rule set's classes as the server lists them: construction is shown, disabled, for a 加挂 platform
    fireEvent.mouseDown(await screen.findByText(/运营补助\(年度服务性收入/));
    const construction = await screen.findByTitle(/建设补助\(近三年投入.*暂不可提出/);
    expect(construction.closest('.ant-select-item-option')?.className).toContain('disabled');
    expect(screen.queryByText(/奖励性后补助/)).toBeNull();
    fireEvent.change(screen.getByTestId('support-base'), { target: { value: '3200000' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('support-propose'));
    });
    await waitFor(() => expect(sent.some((s) => s.method === 'POST' && s.path.endsWith('/support'))).toBe(true));
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({
      kind: 'operation',
      year: new Date().getFullYear(),
      baseYuan: '3200000',
    });
  });
});
