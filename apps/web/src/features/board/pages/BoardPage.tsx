/**
 * The public board (`/`): 成果转化榜 / 技术攻关榜 switch, field tabs, full-text search, region and poster-type
 * facets, paginated result cards and the 榜单公告. All filter state lives in the URL query string.
 */
import {
  Field,
  FIELD_LABELS,
  LISTING_KIND_LABELS,
  ListingKind,
  ORG_TYPE_LABELS,
  regionFullName,
} from '@jiebang/contracts';
import { Button, Card, Segmented, Skeleton, Tabs, Tag } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { AnnouncementList } from '../../listings/components/AnnouncementList';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { FacetPanel, facetOptions } from '../components/FacetPanel';
import { BoardResults } from '../components/BoardResults';
import { SearchBox } from '../components/SearchBox';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import {
  boardFiltersToParams,
  hasActiveFilters,
  PAGE_SIZE,
  parseBoardFilters,
  type BoardFilters,
} from '../lib/boardQuery';

/** Board names shown on the switch. */
const BOARD_NAMES: Record<ListingKind, string> = {
  [ListingKind.Achievement]: '成果转化榜',
  [ListingKind.Challenge]: '技术攻关榜',
};

const BOARD_ORDER = [ListingKind.Achievement, ListingKind.Challenge];
const FIELD_ORDER = [Field.EnergyStorage, Field.Graphene, Field.RareEarth, Field.Hydrogen, Field.Ccus];
const ALL_FIELDS_KEY = 'all';

/** A label with a small count badge (count hidden until known). */
function Counted({ label, count }: { label: string; count?: number }) {
  return (
    <span className="counted">
      {label}
      {count !== undefined ? <span className="counted-count">{count}</span> : null}
    </span>
  );
}

/** Placeholder cards while results load. */
function ResultsSkeleton() {
  return (
    <div className="result-list" data-testid="results-skeleton">
      {Array.from({ length: 4 }, (_, i) => (
        <Card size="small" key={i} className="result-card">
          <Skeleton active title={{ width: '60%' }} paragraph={{ rows: 2 }} />
        </Card>
      ))}
    </div>
  );
}

type ResultsState = 'loading' | 'error' | 'empty' | 'ready';

/** The board page. */
export function BoardPage() {
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseBoardFilters(searchParams), [searchParams]);
  useDocumentTitle(filters.q ? `搜索“${filters.q}”` : BOARD_NAMES[filters.kind]);

  const search = $api.useQuery(
    'get',
    '/api/v1/listings',
    {
      params: {
        query: {
          q: filters.q || undefined,
          kind: filters.kind,
          field: filters.field,
          regionCode: filters.regionCode,
          posterOrgType: filters.posterOrgType,
          page: filters.page,
          hitsPerPage: PAGE_SIZE,
        },
      },
    },
    // The previous results stay on screen (dimmed) while the next search runs: no flicker of skeletons.
    { placeholderData: (previous) => previous },
  );
  const { error } = search;
  // The answer of the current filters; `shown` may still be the previous search's while the new one runs.
  const shown = search.data;
  const data = search.isPlaceholderData ? undefined : shown;
  const facets = shown?.facetDistribution;

  // The search box is editable; it follows the URL whenever the URL's `q` changes (back/forward, clear).
  const [input, setInput] = useState(filters.q);
  const [inputFor, setInputFor] = useState(filters.q);
  if (inputFor !== filters.q) {
    setInputFor(filters.q);
    setInput(filters.q);
  }

  /** Navigates to new filters; any filter change goes back to page 1. */
  const apply = (patch: Partial<BoardFilters>) =>
    setSearchParams(boardFiltersToParams({ ...filters, page: 1, ...patch }));
  const clearFilters = () => setSearchParams(boardFiltersToParams({ q: '', kind: filters.kind, page: 1 }));
  const goToPage = (page: number) => {
    setSearchParams(boardFiltersToParams({ ...filters, page }));
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const fieldCounts = facets?.field;
  const allCount = fieldCounts ? Object.values(fieldCounts).reduce((a, b) => a + b, 0) : undefined;
  const regionOptions = facetOptions(facets?.regionCode, (c) => regionFullName(c) ?? c, filters.regionCode);
  const orgTypeOptions = facetOptions(
    facets?.posterOrgType,
    (t) => ORG_TYPE_LABELS[t as keyof typeof ORG_TYPE_LABELS] ?? t,
    filters.posterOrgType,
  );

  const activeTags: ReactNode[] = [];
  if (filters.q)
    activeTags.push(
      <Tag key="q" closable onClose={() => apply({ q: '' })}>
        关键词：{filters.q}
      </Tag>,
    );
  if (filters.field)
    activeTags.push(
      <Tag key="field" closable onClose={() => apply({ field: undefined })}>
        领域：{FIELD_LABELS[filters.field]}
      </Tag>,
    );
  if (filters.regionCode)
    activeTags.push(
      <Tag key="region" closable onClose={() => apply({ regionCode: undefined })}>
        地区：{regionFullName(filters.regionCode) ?? filters.regionCode}
      </Tag>,
    );
  if (filters.posterOrgType)
    activeTags.push(
      <Tag key="org" closable onClose={() => apply({ posterOrgType: undefined })}>
        单位类型：{ORG_TYPE_LABELS[filters.posterOrgType]}
      </Tag>,
    );

  let state: ResultsState;
  let results: ReactNode;
  if (error) {
    state = 'error';
    results = (
      <ErrorResult
        error={error}
        onRetry={() => void search.refetch()}
        title="榜单加载失败"
        extra={hasActiveFilters(filters) ? <Button onClick={clearFilters}>清除筛选条件</Button> : null}
      />
    );
  } else if (!shown) {
    state = 'loading';
    results = <ResultsSkeleton />;
  } else {
    state = !data ? 'loading' : data.hits.length === 0 ? 'empty' : 'ready';
    results = (
      <BoardResults
        data={shown}
        page={filters.page}
        boardSearch={location.search}
        onPage={goToPage}
        onClearFilters={clearFilters}
      />
    );
  }

  return (
    <div className="board" data-testid="board">
      <section className="board-top">
        <Segmented
          size="large"
          data-testid="kind-switch"
          value={filters.kind}
          onChange={(kind) => apply({ kind })}
          options={BOARD_ORDER.map((kind) => ({
            value: kind,
            label: <Counted label={BOARD_NAMES[kind]} count={facets ? (facets.kind?.[kind] ?? 0) : undefined} />,
          }))}
        />
        <SearchBox value={input} onChange={setInput} onSearch={(q) => apply({ q })} />
      </section>

      <Tabs
        className="field-tabs"
        data-testid="field-tabs"
        activeKey={filters.field ?? ALL_FIELDS_KEY}
        onChange={(key) => apply({ field: key === ALL_FIELDS_KEY ? undefined : (key as Field) })}
        items={[
          { key: ALL_FIELDS_KEY, label: <Counted label="全部" count={allCount} /> },
          ...FIELD_ORDER.map((field) => ({
            key: field,
            label: <Counted label={FIELD_LABELS[field]} count={fieldCounts ? (fieldCounts[field] ?? 0) : undefined} />,
          })),
        ]}
      />

      <div className="board-body">
        <aside className="board-facets" aria-label="筛选">
          <FacetPanel
            title="地区"
            testId="facet-region"
            options={regionOptions}
            selected={filters.regionCode}
            onChange={(regionCode) => apply({ regionCode })}
          />
          <FacetPanel
            title="发榜单位类型"
            testId="facet-org-type"
            options={orgTypeOptions}
            selected={filters.posterOrgType}
            onChange={(t) => apply({ posterOrgType: t as BoardFilters['posterOrgType'] })}
          />
          {hasActiveFilters(filters) ? (
            <Button block onClick={clearFilters} data-testid="clear-all-filters">
              清除全部筛选
            </Button>
          ) : null}
        </aside>

        <main
          className="board-results"
          data-testid="board-results"
          data-state={state}
          data-q={filters.q}
          aria-busy={state === 'loading'}
        >
          <div className="board-results-head">
            <span className="board-results-total">
              {shown ? (
                <>
                  {LISTING_KIND_LABELS[filters.kind]}榜单共 <strong data-testid="total-hits">{shown.totalHits}</strong>{' '}
                  条
                </>
              ) : (
                BOARD_NAMES[filters.kind]
              )}
            </span>
            {activeTags.length ? <span className="board-active-filters">{activeTags}</span> : null}
          </div>
          <div style={{ opacity: state === 'loading' && shown ? 0.6 : 1, transition: 'opacity 0.2s' }}>{results}</div>
        </main>
      </div>

      <AnnouncementList />
    </div>
  );
}
