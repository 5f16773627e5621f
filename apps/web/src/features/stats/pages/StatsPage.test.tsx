import { Role, StaffRole, type CurrentUser, type StatsOverviewDto } from '@jiebang/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../../api/query';
import { clearToken, setToken } from '../../../auth/token';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { StatsPage } from './StatsPage';

const BROKER: CurrentUser = {
  id: 'u-broker',
  username: 'staff.broker',
  displayName: '对接专员',
  role: Role.Staff,
  staffRoles: [StaffRole.Broker],
  orgId: null,
  authority: null,
};

const OVERVIEW: StatsOverviewDto = {
  year: null,
  authority: null,
  listingsByField: [
    { key: 'rare_earth', count: 3 },
    { key: 'hydrogen', count: 1 },
  ],
  listingsByKind: [{ key: 'challenge', count: 4 }],
  listingsByStatus: [{ key: 'published', count: 4 }],
  listingsByRegion: [{ key: '150200', count: 4 }],
  applicationsByStatus: [{ key: 'recommended', count: 2 }],
  dealsByStatus: [{ key: 'in_progress', count: 1 }],
  stageDurations: [{ entity: 'deal', stage: 'on_notice', count: 1, averageDays: 7.5, medianDays: 7.5 }],
  money: [
    {
      year: 2026,
      field: 'rare_earth',
      committedFen: '1000000000',
      receivedFen: '1234567',
      disbursedFen: '0',
      recoverableFen: '0',
      forecastFen: '0',
    },
  ],
  moneyTotals: {
    committedFen: '1000000000',
    receivedFen: '1234567',
    disbursedFen: '0',
    recoverableFen: '0',
    forecastFen: '0',
  },
  carrierMoney: [
    {
      year: 2026,
      carrierKind: 'pilot_base',
      supportKind: 'operation',
      proposedFen: '0',
      committedFen: '80000001',
      disbursedFen: '60000000',
    },
  ],
  carrierMoneyTotals: { proposedFen: '0', committedFen: '80000001', disbursedFen: '60000000' },
  publicMoneyTotals: { committedFen: '1080000001', disbursedFen: '60000000' },
};

function renderPage(route = '/staff/stats', user = BROKER) {
  return renderWithProviders(<StatsPage />, { route, queryClient, user });
}

describe('StatsPage', () => {
  beforeEach(() => {
    queryClient.clear();
    setToken('access-token', 'refresh-token');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
    clearToken();
  });

  it('shows the money in yuan with two decimals and 万元 in brackets, the breakdowns and the stages', async () => {
    serveApi({ 'GET /api/v1/stats/overview': () => json(200, OVERVIEW) });
    renderPage();
    const received = await screen.findByTestId('money-card-received');
    expect(received.textContent).toContain('揭榜方实际到账');
    expect(received.textContent).toContain('12,345.67 元（1.234567 万元）');
    expect(screen.getByTestId('money-card-committed').textContent).toContain('10,000,000.00 元（1000 万元）');
    expect(screen.getByTestId('chart-field').querySelector('[aria-label]')?.getAttribute('aria-label')).toBe(
      '榜单 · 按领域：稀土 3，氢能 1',
    );
    expect(screen.getByTestId('chart-region').querySelector('[aria-label]')?.getAttribute('aria-label')).toContain(
      '包头市 4',
    );
    const stages = screen.getByTestId('stage-table');
    expect(within(stages).getByText('公示中')).toBeTruthy();
    expect(within(stages).getAllByText('7.5')).toHaveLength(2);
  });

  it('asks for the chosen year and drills a figure down to its deals, each linking to its page', async () => {
    const sent = serveApi({
      'GET /api/v1/stats/overview': () => json(200, OVERVIEW),
      'GET /api/v1/stats/money/deals': () =>
        json(200, {
          measure: 'received',
          totalFen: '1234567',
          items: [
            {
              dealId: 'd-1',
              listingTitle: '稀土钢洁净冶炼',
              posterName: '包钢集团',
              takerName: '包头稀土研究院',
              year: 2026,
              field: 'rare_earth',
              amountFen: '1234567',
            },
          ],
        }),
    });
    renderPage('/staff/stats?year=2026&authority=150200');
    await screen.findByTestId('money-card-received');
    const asked = new URLSearchParams(sent.find((s) => s.path === '/api/v1/stats/overview')?.search);
    expect([asked.get('year'), asked.get('authority')]).toEqual(['2026', '150200']);

    await userEvent.click(screen.getByTestId('money-card-received'));
    const drawer = await screen.findByTestId('money-drill');
    const link = await within(drawer).findByTestId('drill-deal-link');
    expect(link.getAttribute('href')).toBe('/deals/d-1');
    expect(within(drawer).getByTestId('drill-total').textContent).toContain('12,345.67 元（1.234567 万元）');
    const drill = sent.find((s) => s.path === '/api/v1/stats/money/deals');
    expect(new URLSearchParams(drill?.search).get('measure')).toBe('received');
    expect(new URLSearchParams(drill?.search).get('year')).toBe('2026');
    expect(new URLSearchParams(drill?.search).get('authority')).toBe('150200');
  });

  it('gives a recommender no authority picker and never names one (the API scopes its figures)', async () => {
    const sent = serveApi({ 'GET /api/v1/stats/overview': () => json(200, { ...OVERVIEW, authority: '150200' }) });
    renderPage('/staff/stats?authority=150600', {
      ...BROKER,
      staffRoles: [StaffRole.Recommender],
      authority: '150200',
    });
    await screen.findByTestId('money-card-received');
    expect(screen.getByTestId('stats-page').textContent).toContain('本辖区');
    expect(screen.queryByTestId('stats-authority')).toBeNull();
    expect(sent.every((s) => !s.search.includes('authority='))).toBe(true);
  });

  it('says in words why the figures are refused', async () => {
    serveApi({
      'GET /api/v1/stats/overview': () =>
        json(403, { statusCode: 403, code: 'AUTHORITY_NOT_OWN', message: '推荐部门账号只能查看本辖区的统计' }),
    });
    renderPage();
    expect(await screen.findByText('推荐部门账号只能查看本辖区的统计')).toBeTruthy();
    expect(screen.queryByTestId('money-cards')).toBeNull();
  });

  it('shows 载体补助 per year, carrier kind and class, and one 公共资金合计 of deals and carriers, exactly', async () => {
    serveApi({ 'GET /api/v1/stats/overview': () => json(200, OVERVIEW) });
    renderPage();
    const section = await screen.findByTestId('carrier-money');
    expect(within(section).getByTestId('carrier-money-card-committed').textContent).toContain(
      '800,000.01 元（80.000001 万元）',
    );
    expect(within(section).getByTestId('carrier-money-card-proposed').textContent).toContain('0.00 元（0 万元）');
    const total = within(section).getByTestId('public-money-total').textContent;
    expect(total).toContain('已批准 10,800,000.01 元（1080.000001 万元）');
    expect(total).toContain('揭榜项目资助 10,000,000.00 元 + 载体补助 800,000.01 元');
    expect(total).toContain('已拨付 600,000.00 元（60 万元）');
    const table = within(section).getByTestId('carrier-money-table');
    expect(within(table).getByText('科技成果转化中试基地')).toBeTruthy();
    expect(within(table).getByText('运营补助')).toBeTruthy();
    expect(within(table).getByTestId('carrier-money-cell-disbursed').textContent).toBe('600,000.00 元（60 万元）');
    // Staff holding 导出报表 get the carrier support export.
    expect(within(section).getByTestId('export-carrierSupport-xlsx')).toBeTruthy();
  });

  it('drills a carrier figure down to its support records, each linking to its carrier, the reduced one explained', async () => {
    const sent = serveApi({
      'GET /api/v1/stats/overview': () => json(200, OVERVIEW),
      'GET /api/v1/stats/money/carriers': () =>
        json(200, {
          measure: 'committed',
          totalFen: '80000001',
          items: [
            {
              supportId: 's-1',
              carrierId: 'c-1',
              carrierName: '稀土中试基地',
              plateName: '内蒙古自治区稀土中试基地',
              carrierKind: 'pilot_base',
              hostOrgName: '包头稀土研究院',
              supportKind: 'operation',
              supportYear: 2025,
              year: 2026,
              status: 'approved',
              computedFen: '100000000',
              amountFen: '80000001',
            },
          ],
        }),
    });
    renderPage('/staff/stats?authority=150200');
    const section = await screen.findByTestId('carrier-money');
    await userEvent.click(within(section).getByTestId('carrier-money-cell-committed'));
    const drawer = await screen.findByTestId('carrier-money-drill');
    const link = await within(drawer).findByTestId('carrier-drill-link');
    expect(link.getAttribute('href')).toBe('/carriers/c-1');
    expect(link.textContent).toBe('内蒙古自治区稀土中试基地');
    expect(within(drawer).getByTestId('carrier-drill-total').textContent).toBe('800,000.01 元（80.000001 万元）');
    expect(within(drawer).getByTestId('carrier-drill-reduced').textContent).toContain(
      '测算 1,000,000.00 元（100 万元），就高不重复后核定',
    );
    const asked = new URLSearchParams(sent.find((x) => x.path === '/api/v1/stats/money/carriers')?.search);
    expect(Object.fromEntries(asked)).toEqual({
      measure: 'committed',
      year: '2026',
      kind: 'operation',
      carrierKind: 'pilot_base',
      authority: '150200',
    });
  });

  it('says when there is no carrier support, and gives a recommender no export', async () => {
    serveApi({
      'GET /api/v1/stats/overview': () =>
        json(200, {
          ...OVERVIEW,
          authority: '150200',
          carrierMoney: [],
          carrierMoneyTotals: { proposedFen: '0', committedFen: '0', disbursedFen: '0' },
          publicMoneyTotals: { committedFen: '1000000000', disbursedFen: '0' },
        }),
    });
    renderPage('/staff/stats', { ...BROKER, staffRoles: [StaffRole.Recommender], authority: '150200' });
    const section = await screen.findByTestId('carrier-money');
    expect(within(section).getByText('该年度暂无载体补助记录')).toBeTruthy();
    expect(within(section).queryByTestId('export-carrierSupport-xlsx')).toBeNull();
  });
});
