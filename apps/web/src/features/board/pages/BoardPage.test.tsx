import { Field, ListingKind, ListingStatus, OrgType, type ListingHit } from '@jiebang/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { BoardPage } from './BoardPage';

/** A published hit titled `title`. */
function hit(n: number, title: string): ListingHit {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    kind: ListingKind.Achievement,
    field: Field.RareEarth,
    title,
    summary: null,
    posterName: '包头稀土研究院',
    posterOrgType: OrgType.ResearchInstitute,
    regionCode: null,
    regionName: null,
    status: ListingStatus.Published,
    totalInvestmentFen: null,
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

/** A search answer with `hits`. */
function searchAnswer(hits: ListingHit[]) {
  return {
    hits,
    totalHits: hits.length,
    page: 1,
    totalPages: 1,
    facetDistribution: {
      kind: { [ListingKind.Achievement]: hits.length },
      field: { [Field.RareEarth]: hits.length },
      regionCode: {},
      cityCode: {},
      posterOrgType: {},
      taken: {},
      cooperationForms: {},
    },
  };
}

/** A JSON response. */
function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/**
 * Stubs `fetch`: the announcements answer an empty list, each board search is answered by `onSearch` (which may
 * hold the answer back). Returns the URLs of the searches sent.
 */
function serve(onSearch: (url: URL) => Promise<Response>): URL[] {
  const searches: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: Request) => {
      const url = new URL(input.url);
      if (url.pathname === '/api/v1/announcements') return Promise.resolve(json(200, []));
      if (url.pathname === '/api/v1/listings') {
        searches.push(url);
        return onSearch(url);
      }
      return Promise.resolve(json(404, { statusCode: 404, code: 'NOT_FOUND', message: '不存在' }));
    }),
  );
  return searches;
}

/** The result titles on screen. */
function titles(): string[] {
  return screen.queryAllByTestId('result-title').map((t) => t.textContent ?? '');
}

describe('BoardPage (through the generated client)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the filters of the URL to the search and shows the hits', async () => {
    const searches = serve(() => Promise.resolve(json(200, searchAnswer([hit(1, '稀土永磁成果')]))));
    renderWithProviders(<BoardPage />, { route: `/?q=永磁&field=${Field.RareEarth}&page=2` });
    await waitFor(() => expect(titles()).toEqual(['稀土永磁成果']));
    const query = searches[0].searchParams;
    expect(query.get('q')).toBe('永磁');
    expect(query.get('field')).toBe(Field.RareEarth);
    expect(query.get('kind')).toBe(ListingKind.Achievement);
    expect(query.get('page')).toBe('2');
    expect(query.get('hitsPerPage')).toBe('10');
    expect(screen.getByTestId('board-results').getAttribute('data-state')).toBe('ready');
  });

  it('keeps the previous results on screen while a new search runs, then shows the new ones', async () => {
    let release: (r: Response) => void = () => undefined;
    serve((url) =>
      url.searchParams.get('q') === '石墨烯'
        ? new Promise<Response>((resolve) => {
            release = resolve;
          })
        : Promise.resolve(json(200, searchAnswer([hit(1, '稀土抛光粉')]))),
    );
    const ue = userEvent.setup();
    renderWithProviders(<BoardPage />);
    await waitFor(() => expect(titles()).toEqual(['稀土抛光粉']));

    await ue.type(screen.getByTestId('search-input'), '石墨烯{Enter}');
    const results = screen.getByTestId('board-results');
    await waitFor(() => expect(results.getAttribute('data-q')).toBe('石墨烯'));
    // Still searching: the old cards stay (no skeleton), and the area says it is loading.
    expect(results.getAttribute('data-state')).toBe('loading');
    expect(titles()).toEqual(['稀土抛光粉']);
    expect(screen.queryByTestId('results-skeleton')).toBeNull();

    release(json(200, searchAnswer([hit(2, '石墨烯导热膜')])));
    await waitFor(() => expect(titles()).toEqual(['石墨烯导热膜']));
    expect(results.getAttribute('data-state')).toBe('ready');
  });

  it('shows a failed search in plain Chinese with a retry, never the error code', async () => {
    let fail = true;
    serve(() =>
      Promise.resolve(
        fail
          ? json(503, { statusCode: 503, code: 'INTERNAL_ERROR', message: '搜索服务暂时不可用，请稍后重试' })
          : json(200, searchAnswer([hit(3, '储能电池回收')])),
      ),
    );
    const ue = userEvent.setup();
    renderWithProviders(<BoardPage />);
    const error = await screen.findByTestId('error-state', {}, { timeout: 4000 });
    expect(within(error).getByTestId('error-message').textContent).toBe('搜索服务暂时不可用，请稍后重试');
    expect(error.textContent).not.toContain('INTERNAL_ERROR');

    fail = false;
    await ue.click(within(error).getByRole('button', { name: /重\s*试/ }));
    await waitFor(() => expect(titles()).toEqual(['储能电池回收']));
  });

  it('sends the hierarchy region, 揭榜状态, 合作方式, amount range (fen), 揭榜截止 and sort of the URL (issue 16 items 11, 16, 18)', async () => {
    const searches = serve(() => Promise.resolve(json(200, searchAnswer([hit(1, '储能成果')]))));
    renderWithProviders(<BoardPage />, {
      route: '/?regionCode=150600&taken=false&cooperationForm=license&amount=100-500&applyOpen=true&sort=amount_desc',
    });
    await waitFor(() => expect(titles()).toEqual(['储能成果']));
    const query = searches[0].searchParams;
    expect(query.get('regionCode')).toBe('150600');
    expect(query.get('taken')).toBe('false');
    expect(query.get('cooperationForm')).toBe('license');
    expect(query.get('amountMinFen')).toBe('100000000');
    expect(query.get('amountMaxFen')).toBe('499999999');
    expect(query.get('applyOpen')).toBe('true');
    expect(query.get('sort')).toBe('amount_desc');
    expect(screen.getByText('地区：鄂尔多斯市(含旗县区)')).toBeTruthy();
    expect(screen.getByText('金额：100–500 万元')).toBeTruthy();
  });

  it('on a phone, shows the listings first and keeps the facets in a drawer behind 筛选 (issue 16 item 21)', async () => {
    serve(() => Promise.resolve(json(200, searchAnswer([hit(1, '氢能成果')]))));
    const ue = userEvent.setup();
    renderWithProviders(<BoardPage />);
    await waitFor(() => expect(titles()).toEqual(['氢能成果']));
    // jsdom matches no media query: a phone.
    expect(screen.queryByTestId('facet-region')).toBeNull();
    await ue.click(screen.getByTestId('open-filters'));
    expect(await screen.findByTestId('facet-region')).toBeTruthy();
    expect(screen.getByTestId('facet-taken')).toBeTruthy();
  });

  it('on a wide screen, shows the facets beside the listings, with no 筛选 button', async () => {
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: query.includes('min-width'),
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }));
    serve(() => Promise.resolve(json(200, searchAnswer([hit(1, '氢能成果')]))));
    renderWithProviders(<BoardPage />);
    await waitFor(() => expect(titles()).toEqual(['氢能成果']));
    expect(screen.getByTestId('facet-region')).toBeTruthy();
    expect(screen.queryByTestId('open-filters')).toBeNull();
  });
});
