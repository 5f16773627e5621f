import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierRegistryPage } from './CarrierRegistryPage';

const pilot = {
  id: '00000000-0000-4000-8000-0000000000c1',
  kind: 'pilot_base',
  kindLabel: '科技成果转化中试基地',
  intlBaseType: null,
  hostOrgId: '00000000-0000-4000-8000-0000000000a1',
  hostOrgName: '包头稀土研究院',
  name: '稀土功能材料中试基地',
  plateName: '内蒙古自治区稀土功能材料中试基地',
  documentNo: '内科发〔2026〕12号',
  publishedOn: '2026-10-20',
  status: 'operating',
  statusLabel: '运行',
  regionCode: '150200',
  fields: ['rare_earth'],
  attached: false,
  revokedOn: null,
  revocationGround: null,
  reapplyBarUntil: null,
};

/** A screen for antd's breakpoints: `wide` matches every min-width query (desktop), else only max-width (390 px phone). */
function screenOf(wide: boolean): typeof window.matchMedia {
  return ((query: string) => ({
    matches: wide ? /min-width/.test(query) : /max-width/.test(query),
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
}

describe('CarrierRegistryPage (载体平台名录, issue 15 §5)', () => {
  const original = window.matchMedia;
  beforeEach(() => {
    window.matchMedia = screenOf(true);
  });
  afterEach(() => {
    window.matchMedia = original;
    vi.unstubAllGlobals();
  });

  it('lists registered carriers with kind, 依托单位, 文号, date and status, linking to the detail', async () => {
    const sent = serveApi({
      'GET /api/v1/carriers': () => json(200, { items: [pilot], total: 1, page: 1, pageSize: 20 }),
    });
    renderWithProviders(<CarrierRegistryPage />, { route: '/carriers' });
    const table = await screen.findByTestId('carrier-table');
    const link = within(table).getByTestId('carrier-link');
    expect(link.textContent).toBe('内蒙古自治区稀土功能材料中试基地');
    expect(link.getAttribute('href')).toBe(`/carriers/${pilot.id}`);
    expect(within(table).getByText('科技成果转化中试基地')).toBeTruthy();
    expect(within(table).getByText('包头稀土研究院')).toBeTruthy();
    expect(within(table).getByText('内科发〔2026〕12号')).toBeTruthy();
    expect(within(table).getByTestId('carrier-status').textContent).toBe('运行');
    expect(sent[0].search).toBe('?page=1&pageSize=20');
  });

  it('sends the filters from the URL and offers to clear them; an empty result says so', async () => {
    const sent = serveApi({ 'GET /api/v1/carriers': () => json(200, { items: [], total: 0, page: 1, pageSize: 20 }) });
    renderWithProviders(<CarrierRegistryPage />, {
      route: '/carriers?kind=pilot_base&status=revoked&regionCode=150200',
    });
    expect((await screen.findByTestId('carrier-registry-empty')).textContent).toContain('没有符合筛选条件');
    const q = new URLSearchParams(sent[0].search);
    expect([q.get('kind'), q.get('status'), q.get('regionCode'), q.get('page')]).toEqual([
      'pilot_base',
      'revoked',
      '150200',
      '1',
    ]);
    fireEvent.click(screen.getByTestId('filters-clear'));
    await waitFor(() => expect(sent.at(-1)?.search).toBe('?page=1&pageSize=20'));
  });

  it('shows cards instead of a table on a phone', async () => {
    window.matchMedia = screenOf(false);
    serveApi({ 'GET /api/v1/carriers': () => json(200, { items: [pilot], total: 1, page: 1, pageSize: 20 }) });
    renderWithProviders(<CarrierRegistryPage />, { route: '/carriers' });
    const card = await screen.findByTestId('carrier-card');
    expect(within(card).getByText('依托单位:包头稀土研究院')).toBeTruthy();
    expect(screen.queryByTestId('carrier-table')).toBeNull();
  });
});
