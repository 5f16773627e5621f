import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { clearToken, setToken } from '../../../auth/token';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { WorkbenchPage } from './WorkbenchPage';

const APPROVER: CurrentUser = {
  id: 'u-approver',
  username: 'staff.approver',
  displayName: '科技厅审批人',
  role: Role.Staff,
  staffRoles: [StaffRole.Approver],
  orgId: null,
};

const item = (over: Record<string, unknown>) => ({
  queue: 'subsidyApproval',
  kind: 'subsidy',
  id: 's1',
  title: '后补助:稀土永磁材料成果转化',
  link: '/deals/d1',
  enteredAt: '2026-12-01T02:00:00.000Z',
  dueOn: '2026-12-04',
  overdue: false,
  workingDaysLeft: 2,
  provisional: false,
  ...over,
});

const WORKBENCH = {
  at: '2026-12-02T02:00:00.000Z',
  total: 3,
  overdue: 1,
  queues: [
    {
      queue: 'changeDecision',
      label: '延期/终止审批',
      workingDays: 10,
      source: 'configuration',
      total: 0,
      overdue: 0,
      items: [],
    },
    {
      queue: 'subsidyApproval',
      label: '补助审批',
      workingDays: 10,
      source: 'configuration',
      total: 3,
      overdue: 1,
      items: [
        item({
          id: 's0',
          title: '前资助:氢能电解槽攻关',
          link: '/deals/d0',
          dueOn: '2026-11-20',
          overdue: true,
          workingDaysLeft: -8,
        }),
        item({}),
      ],
    },
  ],
};

function renderPage() {
  return renderWithProviders(<WorkbenchPage />, { route: '/workbench', queryClient, user: APPROVER });
}

describe('WorkbenchPage', () => {
  beforeEach(() => {
    queryClient.clear();
    setToken('access-token', 'refresh-token');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
    clearToken();
  });

  it('lists each queue with work, oldest first, with due dates, days left, red 已逾期 and links', async () => {
    const sent = serveApi({ 'GET /api/v1/workbench': () => json(200, WORKBENCH) });
    renderPage();
    const queue = await screen.findByTestId('queue-subsidyApproval');
    expect(screen.queryByTestId('queue-changeDecision')).toBeNull();
    expect(within(queue).getByText('补助审批')).toBeTruthy();
    expect(within(queue).getByText('1 项已逾期')).toBeTruthy();
    const rows = within(queue).getAllByTestId('work-item');
    expect(rows.map((r) => within(r).getByRole('link').textContent)).toEqual([
      '前资助:氢能电解槽攻关',
      '后补助:稀土永磁材料成果转化',
    ]);
    expect(within(rows[0]).getByText('已逾期')).toBeTruthy();
    expect(within(rows[0]).getByText('截止 2026-11-20')).toBeTruthy();
    expect(within(rows[1]).getByText('剩余 2 个工作日')).toBeTruthy();
    expect(within(rows[1]).getByRole('link').getAttribute('href')).toBe('/deals/d1');
    expect(within(queue).getByTestId('queue-more').textContent).toContain('另有 1 项');
    expect(screen.getByText('共 3 项待办,其中 1 项已逾期,请优先处理')).toBeTruthy();
    expect(sent[0].search).toBe('?limit=20');
  });

  it('says 暂无待办 when nothing waits', async () => {
    serveApi({ 'GET /api/v1/workbench': () => json(200, { at: WORKBENCH.at, total: 0, overdue: 0, queues: [] }) });
    renderPage();
    expect(await screen.findByText('暂无待办')).toBeTruthy();
    expect(screen.queryByTestId('work-item')).toBeNull();
  });

  it('shows the refusal in words when the workbench cannot be loaded', async () => {
    serveApi({
      'GET /api/v1/workbench': () =>
        json(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: '每组显示条数至少 1', correlationId: 'r1' }),
    });
    renderPage();
    expect(await screen.findByText('待办加载失败')).toBeTruthy();
    expect(screen.queryByTestId('work-item')).toBeNull();
  });
});
