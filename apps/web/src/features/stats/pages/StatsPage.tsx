/**
 * 统计与资金 (`/staff/stats`, issue 14 item 3): the staff dashboard over `GET /api/v1/stats/overview?year=&authority=` — the
 * public money as statistic cards (committed, received, disbursed, recoverable, forecast; 元 with two decimals and
 * 万元 in brackets), money per year and field, listings by field, kind, status and 盟市, applications and deals by
 * status, and days per stage, as ECharts charts. Each money figure opens the deals behind it
 * (`GET /api/v1/stats/money/deals`), each linking to its page. Below, 载体补助 (issue 15 §7, `CarrierMoneySection`): the
 * carrier support money per year, carrier kind and class with its drill-down, and the 公共资金合计 line.
 * The year and the 盟市 authority live in the URL (`?year=&authority=`).
 * A recommender sees its own authority's figures (the API scopes them) and gets no authority picker.
 */
import { BarChartOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  AUTHORITIES,
  MONEY_MEASURE_LABELS,
  MONEY_MEASURES,
  type MoneyDealDto,
  type MoneyMeasure,
  type MoneyRowDto,
  StaffRole,
  type StatsCountDto,
} from '@jiebang/contracts';
import { Button, Card, Col, Drawer, Empty, Row, Select, Skeleton, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { $api, invalidate } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { CarrierMoneySection } from '../components/CarrierMoneySection';
import { StatsChart, type ChartDatum } from '../components/Chart';
import { ENTITY_NAMES, fieldName, formatFenWithWan, kindName, regionName, statusName } from '../lib/stats';

/** The years the selector offers: this one (Beijing) back to 2020. */
function yearOptions(): { value: string; label: string }[] {
  const now = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const years = Array.from({ length: Math.max(1, now - 2019) }, (_, i) => now - i);
  return [{ value: 'all', label: '全部年份' }, ...years.map((y) => ({ value: String(y), label: `${y} 年` }))];
}

/** The year of the URL, if a 4-digit year. */
function yearOf(value: string | null): number | undefined {
  return value && /^\d{4}$/.test(value) ? Number(value) : undefined;
}

/** What a money figure means, under its card. */
const MEASURE_HINTS: Record<MoneyMeasure, string> = {
  committed: '经审批人批准的前资助、后补助（含已拨付）',
  received: '经工作人员凭凭证确认的发榜方拨付',
  disbursed: '已登记拨付的财政资助',
  recoverable: '项目终止、专项审计后应收回的未使用资金',
  forecast: '已签约技术攻关项目在首笔拨付后应予的前资助（尚未批准）',
};

/** The drill-down being shown. */
interface Drill {
  measure: MoneyMeasure;
  year?: number;
  field?: string;
  authority?: string;
}

/** The region authorities (盟市 科技局) staff may narrow the figures to. */
const REGION_AUTHORITIES = AUTHORITIES.filter((a) => a.kind === 'region');

const toData = (xs: StatsCountDto[], name: (key: string) => string): ChartDatum[] =>
  xs.map((x) => ({ name: name(x.key), value: x.count }));

/** The dashboard. */
export function StatsPage() {
  useDocumentTitle('统计与资金');
  const [params, setParams] = useSearchParams();
  const { user } = useAuth();
  // A recommender's figures are its own authority's (the API scopes them); other staff may pick one.
  const recommender = !!user?.staffRoles.includes(StaffRole.Recommender);
  const year = yearOf(params.get('year'));
  const chosen = params.get('authority');
  const authority =
    !recommender && REGION_AUTHORITIES.some((a) => a.code === chosen) ? (chosen ?? undefined) : undefined;
  const [drill, setDrill] = useState<Drill>();
  const setQuery = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };
  const overview = $api.useQuery(
    'get',
    '/api/v1/stats/overview',
    { params: { query: { year, authority } } },
    { placeholderData: (previous) => previous },
  );
  const o = overview.data;

  const moneyColumns: TableColumnsType<MoneyRowDto> = [
    { key: 'year', title: '年份', width: 80, render: (_, r) => `${r.year}` },
    { key: 'field', title: '领域', width: 110, render: (_, r) => fieldName(r.field) },
    ...MONEY_MEASURES.map((m) => ({
      key: m,
      title: MONEY_MEASURE_LABELS[m],
      align: 'right' as const,
      render: (_: unknown, r: MoneyRowDto) => {
        const fen = r[`${m}Fen`];
        return fen === '0' ? (
          <span className="muted">0.00 元</span>
        ) : (
          <Button
            type="link"
            size="small"
            className="link-button"
            onClick={() => setDrill({ measure: m, year: r.year, field: r.field ?? 'none', authority })}
            data-testid={`money-cell-${m}`}
          >
            {formatFenWithWan(fen)}
          </Button>
        );
      },
    })),
  ];

  return (
    <Card
      className="staff-card"
      data-testid="stats-page"
      title={
        <span>
          <BarChartOutlined /> 统计与资金台账
        </span>
      }
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void invalidate('/api/v1/stats/overview')}>
          刷新
        </Button>
      }
    >
      <div className="staff-toolbar">
        <Select
          aria-label="年份"
          data-testid="stats-year"
          style={{ minWidth: 120 }}
          value={year ? String(year) : 'all'}
          options={yearOptions()}
          onChange={(v) => setQuery({ year: v === 'all' ? undefined : v })}
        />
        {recommender ? null : (
          <Select
            aria-label="推荐部门"
            data-testid="stats-authority"
            allowClear
            placeholder="全区"
            style={{ minWidth: 160 }}
            value={authority}
            options={REGION_AUTHORITIES.map((a) => ({ value: a.code, label: a.name }))}
            onChange={(v?: string) => setQuery({ authority: v })}
          />
        )}
        <span className="muted">
          {o?.authority ? '本辖区的' : '全区的'}
          {year ? `${year} 年` : '各年'}数字；每个金额可点开查看对应项目。
        </span>
      </div>
      {overview.error ? (
        <ApiErrorView error={overview.error} onRetry={() => void overview.refetch()} title="统计加载失败" />
      ) : !o ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[12, 12]} data-testid="money-cards">
            {MONEY_MEASURES.map((m) => (
              <Col key={m} xs={24} sm={12} lg={8} xl={8} xxl={4}>
                <Card
                  size="small"
                  hoverable
                  role="button"
                  tabIndex={0}
                  onClick={() => setDrill({ measure: m, year, authority })}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') setDrill({ measure: m, year, authority });
                  }}
                  data-testid={`money-card-${m}`}
                >
                  <div className="muted">{MONEY_MEASURE_LABELS[m]}</div>
                  <div style={{ fontSize: 18, fontWeight: 600, wordBreak: 'break-all' }}>
                    {formatFenWithWan(o.moneyTotals[`${m}Fen`])}
                  </div>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {MEASURE_HINTS[m]}
                  </div>
                </Card>
              </Col>
            ))}
          </Row>

          <Card size="small" title="分年度、分领域资金" style={{ marginTop: 12 }}>
            <Table
              rowKey={(r) => `${r.year}-${r.field ?? 'none'}`}
              size="small"
              columns={moneyColumns}
              dataSource={o.money}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 900 }}
              locale={{ emptyText: <Empty description="该年度暂无资金记录" /> }}
              data-testid="money-table"
            />
          </Card>

          <CarrierMoneySection overview={o} year={year} authority={authority} />

          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <ChartCard title="榜单 · 按领域" data={toData(o.listingsByField, fieldName)} kind="bar" id="field" />
            <ChartCard title="榜单 · 按类别" data={toData(o.listingsByKind, kindName)} kind="pie" id="kind" />
            <ChartCard
              title="榜单 · 按状态"
              data={toData(o.listingsByStatus, (k) => statusName('listing', k))}
              kind="bar"
              id="status"
            />
            <ChartCard title="榜单 · 按盟市" data={toData(o.listingsByRegion, regionName)} kind="bar" id="region" />
            <ChartCard
              title="揭榜申报 · 按状态"
              data={toData(o.applicationsByStatus, (k) => statusName('application', k))}
              kind="bar"
              id="applications"
            />
            <ChartCard
              title="揭榜项目 · 按阶段"
              data={toData(o.dealsByStatus, (k) => statusName('deal', k))}
              kind="bar"
              id="deals"
            />
          </Row>

          <Card size="small" title="各阶段用时（自然日）" style={{ marginTop: 12 }}>
            <Table
              rowKey={(r) => `${r.entity}-${r.stage}`}
              size="small"
              dataSource={o.stageDurations}
              pagination={false}
              scroll={{ x: 480 }}
              locale={{ emptyText: <Empty description="暂无已结束的阶段" /> }}
              data-testid="stage-table"
              columns={[
                { key: 'entity', title: '对象', width: 90, render: (_, r) => ENTITY_NAMES[r.entity] ?? r.entity },
                { key: 'stage', title: '阶段', render: (_, r) => statusName(r.entity, r.stage) },
                { key: 'count', title: '次数', width: 70, align: 'right', dataIndex: 'count' },
                {
                  key: 'avg',
                  title: '平均(天)',
                  width: 90,
                  align: 'right',
                  render: (_, r) => r.averageDays.toFixed(1),
                },
                {
                  key: 'median',
                  title: '中位(天)',
                  width: 90,
                  align: 'right',
                  render: (_, r) => r.medianDays.toFixed(1),
                },
              ]}
            />
          </Card>
        </>
      )}
      <MoneyDrillDown drill={drill} onClose={() => setDrill(undefined)} />
    </Card>
  );
}

/** One breakdown chart in a card (an empty state when there is nothing to count). */
function ChartCard({ title, data, kind, id }: { title: string; data: ChartDatum[]; kind: 'bar' | 'pie'; id: string }) {
  return (
    <Col xs={24} md={12} xl={8}>
      <Card size="small" title={title} data-testid={`chart-${id}`}>
        {data.length ? (
          <StatsChart kind={kind} data={data} seriesName={title} height={Math.max(200, data.length * 32)} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />
        )}
      </Card>
    </Col>
  );
}

/** The deals behind one money figure, in a drawer; each row links to the deal's page. */
function MoneyDrillDown({ drill, onClose }: { drill?: Drill; onClose: () => void }) {
  const deals = $api.useQuery(
    'get',
    '/api/v1/stats/money/deals',
    {
      params: {
        query: {
          measure: drill?.measure ?? 'committed',
          year: drill?.year,
          field: drill?.field as never,
          authority: drill?.authority,
        },
      },
    },
    { enabled: !!drill },
  );
  const columns: TableColumnsType<MoneyDealDto> = [
    {
      key: 'title',
      title: '项目',
      render: (_, d) => (
        <Link to={`/deals/${encodeURIComponent(d.dealId)}`} data-testid="drill-deal-link">
          {d.listingTitle}
        </Link>
      ),
    },
    { key: 'poster', title: '发榜方', dataIndex: 'posterName', width: 180 },
    { key: 'taker', title: '揭榜方', dataIndex: 'takerName', width: 180 },
    { key: 'year', title: '年份', dataIndex: 'year', width: 70 },
    { key: 'field', title: '领域', width: 90, render: (_, d) => fieldName(d.field) },
    { key: 'amount', title: '金额', align: 'right', width: 220, render: (_, d) => formatFenWithWan(d.amountFen) },
  ];
  const title = drill
    ? `${MONEY_MEASURE_LABELS[drill.measure]}${drill.year ? ` · ${drill.year} 年` : ''}${
        drill.field ? ` · ${fieldName(drill.field)}` : ''
      }`
    : '';
  return (
    <Drawer
      open={!!drill}
      onClose={onClose}
      size={Math.min(860, globalThis.innerWidth || 860)}
      destroyOnHidden
      title={title}
      data-testid="money-drill"
    >
      {deals.error ? (
        <ApiErrorView error={deals.error} onRetry={() => void deals.refetch()} title="项目列表加载失败" />
      ) : (
        <>
          <p>
            合计：<strong data-testid="drill-total">{deals.data ? formatFenWithWan(deals.data.totalFen) : '…'}</strong>
          </p>
          <Table
            rowKey="dealId"
            size="small"
            loading={deals.isFetching}
            columns={columns}
            dataSource={deals.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 760 }}
            locale={{ emptyText: <Empty description="没有对应的项目" /> }}
          />
        </>
      )}
    </Drawer>
  );
}
