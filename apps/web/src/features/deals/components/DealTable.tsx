/**
 * A table of deals (`DealSummaryDto` rows of `GET /deals`): the listing with its kind, the parties, the agreed
 * amount, the status, the end of the notice and open objections, the last activity and a link to the deal page.
 * Paginated by the server (`page`, `pageSize`, `total`).
 */
import type { DealSummaryDto, ListingKind } from '@jiebang/contracts';
import { Badge, Empty, Table, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { dealPagePath, moneyText } from '../lib/deals';
import { formatDate } from '../../../shared/lib/format';
import { KindTag } from '../../../shared/components/tags';
import { DealStatusTag } from './DealOverview';

/** Props of `DealTable`. */
export interface DealTableProps {
  items: DealSummaryDto[];
  loading: boolean;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  /** Text of the row link (`办理` for staff queues, `查看` otherwise). */
  actionText: string;
  /** Text shown when there are no rows. */
  emptyText: string;
  /** Shows the notice columns (end of the notice, open objections). */
  showNotice?: boolean;
  testId?: string;
}

/** The table. */
export function DealTable({
  items,
  loading,
  page,
  pageSize,
  total,
  onPage,
  actionText,
  emptyText,
  showNotice = true,
  testId = 'deal-table',
}: DealTableProps) {
  const columns: TableColumnsType<DealSummaryDto> = [
    {
      key: 'title',
      title: '项目(榜单)',
      width: 320,
      render: (_, d) => (
        <div>
          <KindTag kind={d.kind as ListingKind} />
          <Link to={dealPagePath(d.id)} data-testid="deal-link">
            {d.listingTitle}
          </Link>
        </div>
      ),
    },
    { key: 'poster', title: '发榜方', width: 180, dataIndex: 'posterName' },
    { key: 'taker', title: '揭榜方', width: 180, dataIndex: 'takerName' },
    // A deal screen speaks 元, with 万元 in brackets (issue 16 item 17), never one unit here and the other there.
    { key: 'amount', title: '协议金额', width: 230, render: (_, d) => moneyText(d.amountFen) },
    {
      key: 'status',
      title: '状态',
      width: 150,
      render: (_, d) => <DealStatusTag status={d.status} label={d.statusLabel} testId="deal-row-status" />,
    },
    ...(showNotice
      ? [
          {
            key: 'notice',
            title: '公示截止',
            width: 120,
            render: (_: unknown, d: DealSummaryDto) => d.noticeLastDay ?? <span className="muted">—</span>,
          },
          {
            key: 'objections',
            title: '待处理异议',
            width: 100,
            render: (_: unknown, d: DealSummaryDto) =>
              d.openObjections > 0 ? <Badge count={d.openObjections} /> : <span className="muted">0</span>,
          },
        ]
      : []),
    { key: 'updated', title: '最近更新', width: 140, render: (_, d) => formatDate(d.updatedAt, true) },
    {
      key: 'open',
      title: '操作',
      width: 80,
      fixed: 'right',
      render: (_, d) => (
        <Link to={dealPagePath(d.id)} data-testid="deal-open">
          {actionText}
        </Link>
      ),
    },
  ];
  return (
    <Table<DealSummaryDto>
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 1400 }}
      data-testid={testId}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: false,
        hideOnSinglePage: true,
        showTotal: (t) => `共 ${t} 个项目`,
        onChange: onPage,
      }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      onRow={(d) =>
        ({ 'data-testid': 'deal-row', 'data-deal-id': d.id, 'data-status': d.status }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
