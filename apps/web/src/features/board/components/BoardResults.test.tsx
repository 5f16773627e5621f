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

const facets = {
  kind: {},
  field: {},
  regionCode: {},
  cityCode: {},
  posterOrgType: {},
  taken: {},
  cooperationForms: {},
};

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
    cityCode: null,
    regionPath: [],
    taken: false,
    takerName: null,
    signedOn: null,
    offerAmountFen: null,
    applyDeadline: null,
    applyDeadlineDay: null,
    cooperationForms: [],
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
  it('dates a card by its source, never by the import (issue 16 item 14)', () => {
    const imported = { ...hit(1), publishedAt: Date.UTC(2026, 10, 20), publishedOn: null, sourceYear: 2022 };
    const posted = { ...hit(2), publishedAt: Date.UTC(2026, 11, 1, 2), publishedOn: '2026-12-01', sourceYear: null };
    renderResults(page([imported, posted], 2, 1));
    expect(screen.getByText('2022 年公开')).toBeTruthy();
    expect(screen.getByText('2026-12-01')).toBeTruthy();
    expect(screen.queryByText('2026-11-20')).toBeNull();
  });

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

  it('marks a taken listing 已揭榜 with who took it and when, and shows the listing terms (issue 16 items 11, 16)', () => {
    const taken: ListingHit = {
      ...hit(1),
      kind: ListingKind.Challenge,
      taken: true,
      takerName: '内蒙古科技大学',
      signedOn: '2026-11-20',
      offerAmountFen: 500_000_000,
      applyDeadline: '2020-01-31',
      applyDeadlineDay: 20200131,
      cooperationForms: ['transfer', 'development'],
    };
    renderResults(page([taken, hit(2)], 2, 1));
    const [first, second] = screen.getAllByTestId('result-card');
    expect(within(first).getByTestId('taken-badge').textContent).toContain('已揭榜');
    // Still 已发布: the status tag stays.
    expect(within(first).getByText('已发布')).toBeTruthy();
    expect(within(first).getByTestId('taken-result').textContent).toBe('内蒙古科技大学 于 2026-11-20 签订揭榜协议');
    expect(within(first).getByTestId('result-offer').textContent).toContain('榜额 500 万元');
    expect(within(first).getByTestId('result-deadline').textContent).toContain('揭榜截止 2020-01-31(已截止)');
    expect(within(first).getByTestId('result-forms').textContent).toBe('合作方式:转让、合作开发');
    expect(within(second).queryByTestId('taken-badge')).toBeNull();
    expect(within(second).queryByTestId('result-offer')).toBeNull();
  });
});
