/**
 * The public board (`/`): 成果转化榜 / 技术攻关榜 switch, field tabs, full-text search, facets (region as 盟市 →
 * 旗县区, poster type, 已揭榜 / 可揭榜, 合作方式), amount range, 揭榜截止 and sort (issue 16 items 11, 16, 18),
 * paginated result cards and the 榜单公告. All filter state lives in the URL query string. On a phone (< 768 px)
 * the facets wait in a drawer behind 筛选, so the first screen shows listings (item 21).
 */
import { FilterOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  COOPERATION_FORM_LABELS,
  Field,
  FIELD_LABELS,
  LISTING_KIND_LABELS,
  LISTING_SORTS,
  ListingKind,
  ORG_TYPE_LABELS,
  CARRIER_KIND_LABEL,
  type CooperationForm,
  type ListingSort,
} from '@jiebang/contracts';
import { Badge, Button, Card, Checkbox, Drawer, Grid, Segmented, Select, Skeleton, Tabs, Tag } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { AnnouncementList } from '../../listings/components/AnnouncementList';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { FacetPanel, facetOptions } from '../components/FacetPanel';
import { CarrierKindFacet } from '../components/CarrierKindFacet';
import { RegionFacet, regionFilterLabel } from '../components/RegionFacet';
import { BoardResults } from '../components/BoardResults';
import { SearchBox } from '../components/SearchBox';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import {
  AMOUNT_RANGES,
  boardFiltersToParams,
  hasActiveFilters,
  PAGE_SIZE,
  parseBoardFilters,
  searchQueryOf,
  SORT_LABELS,
  type AmountRangeKey,
  type BoardFilters,
} from '../lib/boardQuery';
import { LISTING_TERM_LABELS } from '../lib/listingTerms';

/** Values of the 揭榜状态 facet. */
const TAKEN_LABELS: Record<string, string> = { false: '可揭榜', true: '已揭榜' };

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

  const narrow = Grid.useBreakpoint().md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const search = $api.useQuery(
    'get',
    '/api/v1/listings',
    { params: { query: searchQueryOf(filters, PAGE_SIZE) } },
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
  const clearFilters = () =>
    setSearchParams(boardFiltersToParams({ q: '', kind: filters.kind, sort: filters.sort, page: 1 }));
  const goToPage = (page: number) => {
    setSearchParams(boardFiltersToParams({ ...filters, page }));
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const fieldCounts = facets?.field;
  const allCount = fieldCounts ? Object.values(fieldCounts).reduce((a, b) => a + b, 0) : undefined;
  const takenOptions = facetOptions(
    facets?.taken,
    (v) => TAKEN_LABELS[v] ?? v,
    filters.taken === undefined ? undefined : String(filters.taken),
  );
  const formOptions = facetOptions(
    facets?.cooperationForms,
    (f) => COOPERATION_FORM_LABELS[f as CooperationForm] ?? f,
    filters.cooperationForm,
  );
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
        地区：{regionFilterLabel(filters.regionCode)}
      </Tag>,
    );
  if (filters.taken !== undefined)
    activeTags.push(
      <Tag key="taken" closable onClose={() => apply({ taken: undefined })}>
        {filters.taken ? '已揭榜' : '可揭榜'}
      </Tag>,
    );
  if (filters.cooperationForm)
    activeTags.push(
      <Tag key="form" closable onClose={() => apply({ cooperationForm: undefined })}>
        {LISTING_TERM_LABELS.cooperationForms}：{COOPERATION_FORM_LABELS[filters.cooperationForm]}
      </Tag>,
    );
  if (filters.amount)
    activeTags.push(
      <Tag key="amount" closable onClose={() => apply({ amount: undefined })}>
        金额：{AMOUNT_RANGES[filters.amount].label}
      </Tag>,
    );
  if (filters.applyOpen)
    activeTags.push(
      <Tag key="open" closable onClose={() => apply({ applyOpen: undefined })}>
        未过揭榜截止
      </Tag>,
    );
  const activeCount = [
    filters.field,
    filters.regionCode,
    filters.posterOrgType,
    filters.posterCarrierKind,
    filters.taken,
    filters.cooperationForm,
    filters.amount,
    filters.applyOpen,
  ].filter((v) => v !== undefined).length;

  const facetPanels = (
    <>
      <RegionFacet
        cityCounts={facets?.cityCode}
        regionCounts={facets?.regionCode}
        selected={filters.regionCode}
        onChange={(regionCode) => apply({ regionCode })}
      />
      <FacetPanel
        title="揭榜状态"
        testId="facet-taken"
        options={takenOptions}
        selected={filters.taken === undefined ? undefined : String(filters.taken)}
        onChange={(v) => apply({ taken: v === undefined ? undefined : v === 'true' })}
      />
      <FacetPanel
        title={LISTING_TERM_LABELS.cooperationForms}
        testId="facet-cooperation"
        options={formOptions}
        selected={filters.cooperationForm}
        onChange={(f) => apply({ cooperationForm: f as CooperationForm | undefined })}
      />
      <FacetPanel
        title="发榜单位类型"
        testId="facet-org-type"
        options={orgTypeOptions}
        selected={filters.posterOrgType}
        onChange={(t) => apply({ posterOrgType: t as BoardFilters['posterOrgType'] })}
      />
      <CarrierKindFacet
        selected={filters.posterCarrierKind}
        onChange={(posterCarrierKind) => apply({ posterCarrierKind })}
      />
      {hasActiveFilters(filters) ? (
        <Button block onClick={clearFilters} data-testid="clear-all-filters">
          清除全部筛选
        </Button>
      ) : null}
    </>
  );
  if (filters.posterOrgType)
    activeTags.push(
      <Tag key="org" closable onClose={() => apply({ posterOrgType: undefined })}>
        单位类型：{ORG_TYPE_LABELS[filters.posterOrgType]}
      </Tag>,
    );
  if (filters.posterCarrierKind)
    activeTags.push(
      <Tag key="carrier" closable onClose={() => apply({ posterCarrierKind: undefined })}>
        载体类型：{CARRIER_KIND_LABEL[filters.posterCarrierKind]}
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
        <Link to="/results" data-testid="results-link">
          <TrophyOutlined /> 揭榜结果
        </Link>
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
        {narrow ? (
          <Drawer
            title="筛选"
            placement="bottom"
            size="80%"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            data-testid="facet-drawer"
          >
            <div className="board-facets" aria-label="筛选">
              {facetPanels}
            </div>
          </Drawer>
        ) : (
          <aside className="board-facets" aria-label="筛选">
            {facetPanels}
          </aside>
        )}

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
          <div
            className="board-results-controls"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}
          >
            {narrow ? (
              <Badge count={activeCount} size="small">
                <Button icon={<FilterOutlined />} onClick={() => setDrawerOpen(true)} data-testid="open-filters">
                  筛选
                </Button>
              </Badge>
            ) : null}
            <Select<AmountRangeKey | ''>
              aria-label="金额"
              data-testid="amount-select"
              style={{ minWidth: 150 }}
              value={filters.amount ?? ''}
              onChange={(v) => apply({ amount: v || undefined })}
              options={[
                { value: '', label: '金额不限' },
                ...(Object.keys(AMOUNT_RANGES) as AmountRangeKey[]).map((k) => ({
                  value: k,
                  label: AMOUNT_RANGES[k].label,
                })),
              ]}
            />
            <Select<ListingSort | ''>
              aria-label="排序"
              data-testid="sort-select"
              style={{ minWidth: 140 }}
              value={filters.sort ?? ''}
              onChange={(v) => apply({ sort: v || undefined })}
              options={[
                { value: '', label: filters.q ? '按相关度' : SORT_LABELS.newest },
                ...LISTING_SORTS.filter((k) => k !== 'newest' || filters.q).map((k) => ({
                  value: k,
                  label: SORT_LABELS[k],
                })),
              ]}
            />
            <Checkbox
              checked={!!filters.applyOpen}
              onChange={(e) => apply({ applyOpen: e.target.checked || undefined })}
              data-testid="apply-open"
            >
              只看未过{LISTING_TERM_LABELS.applyDeadline}
            </Checkbox>
          </div>
          <div style={{ opacity: state === 'loading' && shown ? 0.6 : 1, transition: 'opacity 0.2s' }}>{results}</div>
        </main>
      </div>

      <AnnouncementList />
    </div>
  );
}
