import {
  Field,
  ListingKind,
  ListingStatus,
  OrgType,
  type ListingHit,
  type ListingSearchResponse,
} from '@jiebang/contracts';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { BoardResults } from './BoardResults';

const facets = { kind: {}, field: {}, regionCode: {}, posterOrgType: {} };

/** A published hit numbered `n`. */
function hit(n: number): ListingHit {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    kind: ListingKind.Achievement,
    field: Object.values(Field)[0],
    title: `稀土永磁成果 ${n}`,
    summary: null,
    posterName: '包头稀土研究院',
    posterOrgType: OrgType.ResearchInstitute,
    regionCode: null,
    regionName: null,
    status: ListingStatus.Published,
    totalInvestmentFen: 5_000_000_00,
    publishedAt: null,
  };
}

function page(hits: ListingHit[], totalHits: number, current: number): ListingSearchResponse {
  return { hits, totalHits, page: current, totalPages: Math.ceil(totalHits / 10), facetDistribution: facets };
}

function renderResults(data: ListingSearchResponse, current = 1) {
  const onPage = vi.fn();
  const onClearFilters = vi.fn();
  render(
    <MemoryRouter>
      <BoardResults data={data} page={current} boardSearch="" onPage={onPage} onClearFilters={onClearFilters} />
    </MemoryRouter>,
  );
  return { onPage, onClearFilters };
}

describe('BoardResults', () => {
  it('says nothing matched and offers to clear the filters', async () => {
    const { onClearFilters, onPage } = renderResults(page([], 0, 1));
    const empty = screen.getByTestId('empty-state');
    expect(within(empty).getByText('没有找到符合条件的榜单')).toBeTruthy();
    expect(screen.queryByTestId('pagination')).toBeNull();
    await userEvent.click(screen.getByTestId('clear-filters'));
    expect(onClearFilters).toHaveBeenCalledTimes(1);
    expect(onPage).not.toHaveBeenCalled();
  });

  it('past the last page, offers the first page instead of clearing the filters', async () => {
    const { onPage, onClearFilters } = renderResults(page([], 25, 9), 9);
    expect(screen.getByText('该页没有榜单')).toBeTruthy();
    expect(screen.queryByTestId('clear-filters')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: '回到第一页' }));
    expect(onPage).toHaveBeenCalledWith(1);
    expect(onClearFilters).not.toHaveBeenCalled();
  });

  it('lists the hits with a pagination of 10 a page that reports the page chosen', async () => {
    const hits = Array.from({ length: 10 }, (_, i) => hit(i + 1));
    const { onPage } = renderResults(page(hits, 25, 1));
    expect(screen.getAllByTestId('result-card')).toHaveLength(10);
    const pagination = screen.getByTestId('pagination');
    expect(within(pagination).getByText('共 25 条')).toBeTruthy();
    // 25 hits at 10 a page: pages 1, 2, 3 and no 4.
    expect(within(pagination).getByTitle('3')).toBeTruthy();
    expect(within(pagination).queryByTitle('4')).toBeNull();
    await userEvent.click(within(pagination).getByTitle('2'));
    expect(onPage).toHaveBeenCalledWith(2, 10);
  });
});
