/**
 * 载体补助 on the statistics page (issue 15 §7: "the figures feed the department's money ledger"): the carrier
 * support money of `GET /api/v1/stats/overview` — 待审批 / 已批准 / 已拨付 totals, a 公共资金合计 line (揭榜项目资助 +
 * 载体补助, committed and disbursed), the money per year, carrier kind and support class — each amount in 元 with
 * two decimals and 万元 in brackets (`formatFenWithWan`, exact). Every amount opens the support records behind it
 * (`GET /api/v1/stats/money/carriers`), each linking to its carrier's page. The amounts are the granted ones,
 * after 就高不重复 (`001 §14`); the years are those of each event (proposal, decision, disbursement), as the API
 * documents (`CARRIER_MONEY_MEASURES`).
 */
import {
  CARRIER_MONEY_MEASURE_LABELS,
  CARRIER_MONEY_MEASURES,
  type CarrierMoneyMeasure,
  type CarrierMoneyRowDto,
  type MoneyCarrierDto,
  type StatsOverviewDto,
} from '@jiebang/contracts';
import { Button, Card, Col, Drawer, Empty, Row, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { $api } from '../../../api/query';
import { ExportButtons } from '../../../shared/components/ExportButtons';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { formatFenYuan } from '../../../shared/lib/money';
import { carrierKindName, formatFenWithWan, supportKindName } from '../lib/stats';

/** What each carrier money figure means, under its card. */
const CARRIER_MEASURE_HINTS: Record<CarrierMoneyMeasure, string> = {
  proposed: '已提出、待另一名审批人决定的补助（按提出年份）',
  committed: '经另一名审批人批准的补助，含已拨付（按批准年份）',
  disbursed: '凭拨付凭证登记的补助（按拨付年份）',
};

/** The carrier figure being drilled into. */
interface CarrierDrill {
  measure: CarrierMoneyMeasure;
  year?: number;
  carrierKind?: string;
  kind?: string;
  authority?: string;
}

/** Props of `CarrierMoneySection`: the overview's money and the page's year and authority. */
export interface CarrierMoneySectionProps {
  overview: Pick<StatsOverviewDto, 'carrierMoney' | 'carrierMoneyTotals' | 'publicMoneyTotals' | 'moneyTotals'>;
  year?: number;
  authority?: string;
}

/** The carrier support money section with its drill-down. */
export function CarrierMoneySection({ overview: o, year, authority }: CarrierMoneySectionProps) {
  const [drill, setDrill] = useState<CarrierDrill>();
  const columns: TableColumnsType<CarrierMoneyRowDto> = [
    { key: 'year', title: '年份', width: 70, render: (_, r) => `${r.year}` },
    { key: 'carrierKind', title: '载体类型', width: 170, render: (_, r) => carrierKindName(r.carrierKind) },
    { key: 'supportKind', title: '补助类别', width: 90, render: (_, r) => supportKindName(r.supportKind) },
    ...CARRIER_MONEY_MEASURES.map((m) => ({
      key: m,
      title: CARRIER_MONEY_MEASURE_LABELS[m],
      align: 'right' as const,
      render: (_: unknown, r: CarrierMoneyRowDto) => {
        const fen = r[`${m}Fen`];
        return fen === '0' ? (
          <span className="muted">0.00 元</span>
        ) : (
          <Button
            type="link"
            size="small"
            className="link-button"
            onClick={() =>
              setDrill({ measure: m, year: r.year, carrierKind: r.carrierKind, kind: r.supportKind, authority })
            }
            data-testid={`carrier-money-cell-${m}`}
          >
            {formatFenWithWan(fen)}
          </Button>
        );
      },
    })),
  ];
  const t = o.carrierMoneyTotals;
  return (
    <Card size="small" title="载体补助（科技创新平台）" style={{ marginTop: 12 }} data-testid="carrier-money">
      {/* In the body, not the card head: on a phone the head has no room for a title and two buttons. */}
      <div style={{ marginBottom: 8 }}>
        <ExportButtons kind="carrierSupport" filters={{}} label="导出载体补助" />
      </div>
      <div data-testid="public-money-total" style={{ marginBottom: 12, lineHeight: 1.8, wordBreak: 'break-all' }}>
        <strong>公共资金合计</strong>：已批准 <strong>{formatFenWithWan(o.publicMoneyTotals.committedFen)}</strong>
        <span className="muted">
          （揭榜项目资助 {formatFenYuan(o.moneyTotals.committedFen)} + 载体补助 {formatFenYuan(t.committedFen)}）
        </span>
        ；已拨付 <strong>{formatFenWithWan(o.publicMoneyTotals.disbursedFen)}</strong>
        <span className="muted">
          （揭榜项目资助 {formatFenYuan(o.moneyTotals.disbursedFen)} + 载体补助 {formatFenYuan(t.disbursedFen)}）
        </span>
      </div>
      <Row gutter={[12, 12]}>
        {CARRIER_MONEY_MEASURES.map((m) => (
          <Col key={m} xs={24} sm={12} lg={8}>
            <Card
              size="small"
              hoverable
              role="button"
              tabIndex={0}
              onClick={() => setDrill({ measure: m, year, authority })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') setDrill({ measure: m, year, authority });
              }}
              data-testid={`carrier-money-card-${m}`}
            >
              <div className="muted">{CARRIER_MONEY_MEASURE_LABELS[m]}</div>
              <div style={{ fontSize: 18, fontWeight: 600, wordBreak: 'break-all' }}>
                {formatFenWithWan(t[`${m}Fen`])}
              </div>
              <div className="muted" style={{ fontSize: 12 }}>
                {CARRIER_MEASURE_HINTS[m]}
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      <Table
        style={{ marginTop: 12 }}
        rowKey={(r) => `${r.year}-${r.carrierKind}-${r.supportKind}`}
        size="small"
        columns={columns}
        dataSource={o.carrierMoney}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 860 }}
        locale={{ emptyText: <Empty description="该年度暂无载体补助记录" /> }}
        data-testid="carrier-money-table"
      />
      <CarrierMoneyDrillDown drill={drill} onClose={() => setDrill(undefined)} />
    </Card>
  );
}

/** The support records behind one carrier money figure, in a drawer; each names its carrier with a link. */
function CarrierMoneyDrillDown({ drill, onClose }: { drill?: CarrierDrill; onClose: () => void }) {
  const records = $api.useQuery(
    'get',
    '/api/v1/stats/money/carriers',
    {
      params: {
        query: {
          measure: drill?.measure ?? 'committed',
          year: drill?.year,
          kind: drill?.kind as never,
          carrierKind: drill?.carrierKind as never,
          authority: drill?.authority,
        },
      },
    },
    { enabled: !!drill },
  );
  const columns: TableColumnsType<MoneyCarrierDto> = [
    {
      key: 'carrier',
      title: '载体',
      render: (_, r) => (
        <Link to={`/carriers/${encodeURIComponent(r.carrierId)}`} data-testid="carrier-drill-link">
          {r.plateName}
        </Link>
      ),
    },
    { key: 'carrierKind', title: '载体类型', width: 160, render: (_, r) => carrierKindName(r.carrierKind) },
    { key: 'host', title: '依托单位', dataIndex: 'hostOrgName', width: 180 },
    { key: 'supportKind', title: '补助类别', width: 90, render: (_, r) => supportKindName(r.supportKind) },
    { key: 'supportYear', title: '补助年度', dataIndex: 'supportYear', width: 80 },
    {
      key: 'amount',
      title: '核定金额',
      align: 'right',
      width: 240,
      render: (_, r) => (
        <>
          {formatFenWithWan(r.amountFen)}
          {r.computedFen !== r.amountFen ? (
            <div className="muted" style={{ fontSize: 12 }} data-testid="carrier-drill-reduced">
              测算 {formatFenWithWan(r.computedFen)}，就高不重复后核定
            </div>
          ) : null}
        </>
      ),
    },
  ];
  const title = drill
    ? `${CARRIER_MONEY_MEASURE_LABELS[drill.measure]}${drill.year ? ` · ${drill.year} 年` : ''}${
        drill.carrierKind ? ` · ${carrierKindName(drill.carrierKind)}` : ''
      }${drill.kind ? ` · ${supportKindName(drill.kind)}` : ''}`
    : '';
  return (
    <Drawer
      open={!!drill}
      onClose={onClose}
      size={Math.min(900, globalThis.innerWidth || 900)}
      destroyOnHidden
      title={title}
      data-testid="carrier-money-drill"
    >
      {records.error ? (
        <ApiErrorView error={records.error} onRetry={() => void records.refetch()} title="补助记录加载失败" />
      ) : (
        <>
          <p>
            合计：
            <strong data-testid="carrier-drill-total">
              {records.data ? formatFenWithWan(records.data.totalFen) : '…'}
            </strong>
          </p>
          <Table
            rowKey="supportId"
            size="small"
            loading={records.isFetching}
            columns={columns}
            dataSource={records.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 820 }}
            locale={{ emptyText: <Empty description="没有对应的补助记录" /> }}
          />
        </>
      )}
    </Drawer>
  );
}
