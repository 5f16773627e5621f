import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { chooseOption as choose } from '../../../test/select';
import { CarrierApplicationsPage } from './CarrierApplicationsPage';

describe('CarrierApplicationsPage (我的载体申报, issue 15 §2)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the organisation’s applications with their status', async () => {
    serveApi({
      'GET /api/v1/carriers/applications': () =>
        json(200, {
          items: [
            {
              id: '00000000-0000-4000-8000-0000000000d1',
              roundTitle: '2026 年度中试基地备案',
              kind: 'pilot_base',
              intlBaseType: null,
              platformName: '稀土功能材料中试基地',
              status: 'returned',
              updatedAt: '2026-11-01T02:00:00.000Z',
            },
          ],
          total: 1,
          page: 1,
          pageSize: 50,
        }),
    });
    renderWithProviders(<CarrierApplicationsPage />, { route: '/carriers/applications' });
    const row = await screen.findByTestId('carrier-application-row');
    expect(row.textContent).toContain('稀土功能材料中试基地');
    expect(row.textContent).toContain('已退回');
    expect(row.querySelector('a')?.getAttribute('href')).toBe(
      '/carriers/applications/00000000-0000-4000-8000-0000000000d1',
    );
  });

  it('says so when no round is open, instead of offering a form that cannot be sent', async () => {
    const sent = serveApi({
      'GET /api/v1/carriers/applications': () => json(200, { items: [], total: 0, page: 1, pageSize: 50 }),
      'GET /api/v1/carriers/rounds': () =>
        json(200, {
          items: [
            {
              id: '00000000-0000-4000-8000-0000000000e1',
              programmeId: 'platform_filing',
              programmeName: '备案',
              title: '2025 年度备案',
              documentNo: '内科成字〔2025〕39号',
              kinds: ['pilot_base'],
              opensOn: '2025-08-01',
              closesOn: '2025-09-20',
              recommendDeadline: '2025-09-26',
              ruleSetId: 'yn-kegui-2025-11@1',
              status: 'closed',
              createdAt: '2025-08-01T00:00:00.000Z',
            },
          ],
        }),
    });
    renderWithProviders(<CarrierApplicationsPage />, { route: '/carriers/applications' });
    expect((await screen.findByTestId('carrier-applications-empty')).textContent).toContain('尚无载体申报');
    fireEvent.click(screen.getByTestId('new-application'));
    expect((await screen.findByTestId('no-open-round')).textContent).toContain('没有正在受理的申报批次');
    await waitFor(() => expect(sent.some((s) => s.path === '/api/v1/carriers/rounds')).toBe(true));
  });

  it('sends the 自治区部门 chosen as 归口管理部门 (000 四.1); a direct application names none', async () => {
    const ROUND = '00000000-0000-4000-8000-0000000000e2';
    const sent = serveApi({
      'GET /api/v1/carriers/applications': () => json(200, { items: [], total: 0, page: 1, pageSize: 50 }),
      'GET /api/v1/carriers/rounds': () =>
        json(200, {
          items: [
            {
              id: ROUND,
              programmeId: 'platform_filing',
              programmeName: '备案',
              title: '2026 年度备案',
              documentNo: '内科成字〔2026〕9号',
              kinds: ['pilot_base'],
              opensOn: '2026-11-01',
              closesOn: '2026-12-20',
              recommendDeadline: '2026-12-26',
              ruleSetId: 'yn-kegui-2025-11@1',
              status: 'open',
              createdAt: '2026-11-01T00:00:00.000Z',
            },
          ],
        }),
      'POST /api/v1/carriers/applications': () => json(201, { id: '00000000-0000-4000-8000-0000000000d9' }),
    });
    renderWithProviders(<CarrierApplicationsPage />, { route: '/carriers/applications' });
    fireEvent.click(await screen.findByTestId('new-application'));
    await screen.findByTestId('new-application-round');
    await choose('new-application-round', '2026 年度备案(内科成字〔2026〕9号,2026-11-01 至 2026-12-20)');
    await choose('new-application-kind', '科技成果转化中试基地');
    fireEvent.change(screen.getByTestId('new-application-name'), { target: { value: '稀土储能材料中试基地' } });
    // Applying directly, there is no 归口管理部门 to choose.
    fireEvent.click(screen.getByTestId('new-application-direct'));
    await waitFor(() => expect(screen.queryByTestId('new-application-authority')).toBeNull());
    fireEvent.click(screen.getByTestId('new-application-direct'));
    await screen.findByTestId('new-application-authority');
    await choose('new-application-authority', '自治区工业和信息化厅');
    fireEvent.click(screen.getByTestId('new-application-ok'));
    await waitFor(() => expect(sent.some((s) => s.method === 'POST')).toBe(true));
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({
      roundId: ROUND,
      kind: 'pilot_base',
      platformName: '稀土储能材料中试基地',
      direct: false,
      nationalLevel: false,
      authority: 'dept.industry',
    });
  });
});
