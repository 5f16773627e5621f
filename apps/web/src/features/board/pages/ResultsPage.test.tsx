import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { ResultsPage } from './ResultsPage';

describe('ResultsPage (揭榜结果, issue 16 item 11)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('publishes who took each listing and when, linking to the listing', async () => {
    serveApi({
      'GET /api/v1/results': () =>
        json(200, [
          {
            listingId: '00000000-0000-4000-8000-000000000001',
            listingTitle: '稀土抛光粉成果转化',
            kind: 'achievement',
            field: 'rare_earth',
            posterName: '包头稀土研究院',
            takerName: '包头钢铁(集团)有限责任公司',
            signedOn: '2026-11-20',
          },
        ]),
    });
    renderWithProviders(<ResultsPage />, { route: '/results' });
    const row = await screen.findByTestId('result-row');
    expect(within(row).getByTestId('result-text').textContent).toBe(
      '发榜单位:包头稀土研究院;揭榜单位:包头钢铁(集团)有限责任公司;签约日期:2026-11-20',
    );
    expect(within(row).getByTestId('result-listing').getAttribute('href')).toBe(
      '/listings/00000000-0000-4000-8000-000000000001',
    );
    expect(within(row).getByText('已揭榜')).toBeTruthy();
  });

  it('says so when nothing has been signed yet', async () => {
    serveApi({ 'GET /api/v1/results': () => json(200, []) });
    renderWithProviders(<ResultsPage />, { route: '/results' });
    expect((await screen.findByTestId('results-empty')).textContent).toContain('尚无已签约的揭榜结果');
  });
});
