import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { SupportPanel } from './SupportPanel';

const ID = '00000000-0000-4000-8000-0000000000c7';
const HOST = '00000000-0000-4000-8000-0000000000a7';
const EVALUATION = '00000000-0000-4000-8000-0000000000e7';
const base = {
  id: ID,
  kind: 'intl_coop_base',
  kindLabel: '国际科技合作基地',
  intlBaseType: 'tech_transfer_center',
  hostOrgId: HOST,
  hostOrgName: '内蒙古大学',
  name: '稀土国际技术转移中心',
  plateName: '内蒙古自治区稀土国际技术转移中心',
  documentNo: '内科合字〔2022〕9号',
  publishedOn: '2022-06-20',
  status: 'operating',
  statusLabel: '运行',
  regionCode: '150100',
  fields: ['rare_earth'],
  attached: false,
  revokedOn: null,
  revocationGround: null,
  reapplyBarUntil: null,
  history: [],
  reports: [],
  evaluations: [],
} as unknown as components['schemas']['CarrierDetailDto'];

const staff = (staffRoles: StaffRole[]): CurrentUser => ({
  id: 'u1',
  username: 'staff',
  displayName: '工作人员',
  role: Role.Staff,
  staffRoles,
  orgId: null,
});

const evaluation = (grade: string) => ({
  id: EVALUATION,
  year: 2025,
  grade,
  basis: 'review',
  missedYears: [],
  fromStatus: 'operating',
  toStatus: 'operating',
  note: null,
  decidedAt: '2026-03-10T02:00:00.000Z',
});

const rewardOption = (available: boolean) => ({
  kind: 'reward',
  label: '奖励性后补助(对考核评估为“优秀”的国合基地,金额由科技厅确定)',
  rule: '002 §16',
  available,
  refusal: available
    ? null
    : {
        code: 'CARRIER_REWARD_NOT_EXCELLENT',
        message: '该基地最近一次考核评估(2025 年度)为“合格”;奖励性后补助只给予评为“优秀”的国合基地',
        rule: '002 §16',
      },
});

const REASON = '2025 年度考核评估优秀;2026 年第 3 次厅务会研究确定';

describe('SupportPanel: the 国合基地 reward decided by staff (002 §16, issue 15 §7)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers only the reward for an 优秀 base, with its ground; sends amount and reason, never a base', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${ID}/support`]: () => json(200, { items: [] }),
      [`GET /api/v1/carriers/${ID}/support-options`]: () =>
        json(200, {
          carrierId: ID,
          ruleSetId: 'nm-kefahe-2019-1@1',
          latestEvaluation: evaluation('excellent'),
          items: [rewardOption(true)],
        }),
      [`POST /api/v1/carriers/${ID}/support`]: () => json(201, {}),
    });
    renderWithProviders(<SupportPanel user={staff([StaffRole.Broker])} c={base} />);
    const ground = await screen.findByTestId('support-reward-ground');
    expect(ground.textContent).toContain('2025 年度考核评估结果为“优秀”');
    expect(ground.textContent).toContain('002 §16');
    expect(screen.queryByTestId('support-base')).toBeNull();
    fireEvent.mouseDown(screen.getByText(/奖励性后补助\(对考核评估/));
    expect(screen.queryByText(/运营补助/)).toBeNull();

    // zero is refused before anything is sent
    fireEvent.change(screen.getByTestId('support-amount'), { target: { value: '0.00' } });
    fireEvent.change(screen.getByTestId('support-reason'), { target: { value: REASON } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('support-propose'));
    });
    expect(await screen.findByText('奖励金额应大于 0')).toBeTruthy();
    expect(sent.some((s) => s.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByTestId('support-amount'), { target: { value: '150000.50' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('support-propose'));
    });
    await waitFor(() => expect(sent.some((s) => s.method === 'POST')).toBe(true));
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({
      kind: 'reward',
      year: new Date().getFullYear(),
      amountYuan: '150000.50',
      reason: REASON,
    });
  });

  it('a 合格 base: the reward is shown disabled with the server’s reason, and cannot be proposed', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${ID}/support`]: () => json(200, { items: [] }),
      [`GET /api/v1/carriers/${ID}/support-options`]: () =>
        json(200, {
          carrierId: ID,
          ruleSetId: 'nm-kefahe-2019-1@1',
          latestEvaluation: evaluation('qualified'),
          items: [rewardOption(false)],
        }),
    });
    renderWithProviders(<SupportPanel user={staff([StaffRole.Broker])} c={base} />);
    const refusal = await screen.findByTestId('support-refusal');
    expect(refusal.textContent).toContain('为“合格”');
    expect(refusal.textContent).toContain('002 §16');
    expect((screen.getByTestId('support-propose') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('support-reward-ground').textContent).toContain('“合格”');
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
  });

  it('a rule set without support: no form; a reward record shows its basis and the server’s steps', async () => {
    serveApi({
      [`GET /api/v1/carriers/${ID}/support`]: () =>
        json(200, {
          items: [
            {
              id: 's7',
              carrierId: ID,
              orgId: HOST,
              year: 2026,
              kind: 'reward',
              baseFen: '15000050',
              computedFen: '15000050',
              grantedFen: '15000050',
              capFen: null,
              rateBp: null,
              capApplied: false,
              evaluationId: EVALUATION,
              reason: REASON,
              steps: [
                { label: '补助类别:奖励性后补助', expression: '150,000.50 元', resultFen: '15000050', rule: '002 §16' },
                { label: '没有计算比例和上限', expression: '150,000.50 元', resultFen: '15000050', rule: '002 §16' },
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
        json(200, { carrierId: ID, ruleSetId: 'nm-tic@1', latestEvaluation: null, items: [] }),
    });
    renderWithProviders(<SupportPanel user={staff([StaffRole.Broker, StaffRole.Approver])} c={base} />);
    const record = await screen.findByTestId('support-record');
    expect(within(record).getByText(/2026 年度 奖励性后补助/)).toBeTruthy();
    expect(within(record).getByTestId('support-granted').textContent).toBe('150,000.50 元');
    expect(within(record).getByTestId('support-reason-text').textContent).toBe(`奖励依据:${REASON}`);
    expect(within(record).getAllByTestId('subsidy-step')).toHaveLength(2);
    expect(within(record).queryByText(/就高不重复后核定/)).toBeNull();
    expect(within(record).getByRole('button', { name: /批\s*准/ })).toBeTruthy();
    expect(await screen.findByText('该载体适用的规则没有规定补助,不能提出补助方案')).toBeTruthy();
    expect(screen.queryByTestId('support-form')).toBeNull();
  });
});
