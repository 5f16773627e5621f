import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { ListingOrigin } from './ListingOrigin';

const L = '00000000-0000-4000-8000-0000000000d1';
const CV = '00000000-0000-4000-8000-0000000000c1';
const PB = '00000000-0000-4000-8000-0000000000c2';

describe('ListingOrigin (issue 15 §8, 001 §14)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows 来源: 概念验证 at the centre → 中试 at the base, each linking to its carrier', async () => {
    serveApi({
      [`GET /api/v1/carriers/listing-origin/${L}`]: () =>
        json(200, {
          listingId: L,
          projectId: 'p1',
          projectTitle: '高丰度稀土永磁材料制备技术',
          text: '概念验证:内蒙古自治区稀土材料概念验证中心 → 中试:内蒙古自治区稀土功能材料中试基地',
          stages: [
            {
              carrierId: CV,
              carrierName: '内蒙古自治区稀土材料概念验证中心',
              carrierKind: 'concept_validation',
              stageLabel: '概念验证',
              at: '2026-02-01T00:00:00Z',
            },
            {
              carrierId: PB,
              carrierName: '内蒙古自治区稀土功能材料中试基地',
              carrierKind: 'pilot_base',
              stageLabel: '中试',
              at: '2026-03-01T00:00:00Z',
            },
          ],
          history: [],
        }),
    });
    renderWithProviders(<ListingOrigin listingId={L} />);
    const line = await screen.findByTestId('listing-origin');
    expect(line.textContent).toBe(
      '来源:概念验证 内蒙古自治区稀土材料概念验证中心→中试 内蒙古自治区稀土功能材料中试基地',
    );
    expect(screen.getByText('内蒙古自治区稀土功能材料中试基地').closest('a')?.getAttribute('href')).toBe(
      `/carriers/${PB}`,
    );
  });

  it('a listing that came from no carrier project shows nothing', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/listing-origin/${L}`]: () =>
        json(404, { statusCode: 404, code: 'NOT_FOUND', message: '未找到' }),
    });
    renderWithProviders(<ListingOrigin listingId={L} />);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(screen.queryByTestId('listing-origin')).toBeNull();
  });
});
