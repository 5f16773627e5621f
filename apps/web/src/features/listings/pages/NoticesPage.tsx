/**
 * 公示栏 (`/notices`, public): the 揭榜协议 currently on public notice (or frozen by an objection), each with its
 * parties, agreed amount, the last day and end of the notice (24:00 Beijing time; marked provisional when the
 * year's holiday schedule is not yet published), and the count of open objections. Each links to the deal page,
 * where a signed-in user may lodge an objection (visitors are sent to log in first). On a phone the rows are cards
 * (issue 16 item 21).
 */
import { SoundOutlined } from '@ant-design/icons';
import { DealStatus, type DealSummaryDto, type ListingKind } from '@jiebang/contracts';
import { DEFAULT_NOTICE_WORKING_DAYS, NOTICE_RULE } from '@jiebang/policy';
import {
  Alert,
  Badge,
  Card,
  Descriptions,
  Empty,
  Grid,
  List,
  Skeleton,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { loginPath } from '../../../auth/AuthContext';
import { useAuth } from '../../../auth/useAuth';
import { DealStatusTag } from '../../deals/components/DealOverview';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { KindTag } from '../../../shared/components/tags';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { basisText } from '../../../shared/lib/rules';
import { $api } from '../../../api/query';
import { dealPagePath, formatBeijing, moneyText, noticeProvisional } from '../../deals/lib/deals';

/** The rule of the notice period in words (`依据《…》第九条第（七）项…。`), or nothing. */
const NOTICE_BASIS = basisText(NOTICE_RULE) ? `${basisText(NOTICE_RULE)}。` : '';

/** The public notice board. */
export function NoticesPage() {
  useDocumentTitle('揭榜公示');
  const { user } = useAuth();
  const notices = $api.useQuery('get', '/api/v1/notices', {}, { placeholderData: (previous) => previous });
  const rows = notices.data;
  const wide = !!Grid.useBreakpoint().md;

  /** 公示截止 of a row: the last day 24:00, 暂定 when the year's holidays are not published, frozen by an objection. */
  const endsCell = (d: DealSummaryDto) =>
    d.noticeLastDay ? (
      <div data-testid="notice-end">
        <Tooltip title={d.noticeEndsAt ? `公示期满时刻：${formatBeijing(d.noticeEndsAt)}(北京时间)` : undefined}>
          <span>{d.noticeLastDay} 24:00</span>
        </Tooltip>
        {noticeProvisional(d.noticeLastDay) ? (
          <Tag color="warning" className="inferred-tag" data-testid="notice-provisional">
            暂定
          </Tag>
        ) : null}
        {d.status === DealStatus.Frozen ? <div className="muted">异议处理期间公示冻结</div> : null}
      </div>
    ) : (
      <span className="muted">—</span>
    );
  const objectionsCell = (d: DealSummaryDto) =>
    d.openObjections > 0 ? (
      <Badge count={d.openObjections} data-testid="notice-objections" />
    ) : (
      <span className="muted" data-testid="notice-objections">
        0
      </span>
    );
  const objectCell = (d: DealSummaryDto) =>
    user ? (
      <Link to={dealPagePath(d.id)} data-testid="notice-open">
        查看并提出异议
      </Link>
    ) : (
      <Link to={loginPath(dealPagePath(d.id))} data-testid="notice-login">
        登录后提出异议
      </Link>
    );
  const titleCell = (d: DealSummaryDto) => (
    <div>
      <KindTag kind={d.kind as ListingKind} />
      <strong data-testid="notice-title">{d.listingTitle}</strong>
      <div className="muted">
        发榜方：{d.posterName} · 揭榜方：{d.takerName}
      </div>
    </div>
  );
  const statusCell = (d: DealSummaryDto) => (
    <DealStatusTag status={d.status} label={d.statusLabel} testId="notice-status" />
  );

  const columns: TableColumnsType<DealSummaryDto> = [
    { key: 'title', title: '公示项目', render: (_, d) => titleCell(d) },
    { key: 'amount', title: '协议金额', width: 220, render: (_, d) => moneyText(d.amountFen) },
    { key: 'status', title: '状态', width: 150, render: (_, d) => statusCell(d) },
    { key: 'ends', title: '公示截止', width: 210, render: (_, d) => endsCell(d) },
    { key: 'objections', title: '待处理异议', width: 100, render: (_, d) => objectionsCell(d) },
    { key: 'open', title: '异议', width: 130, render: (_, d) => objectCell(d) },
  ];

  /**
   * On a phone each notice is a card with every column stacked, 公示截止 and 异议 included (issue 16 item 21: the
   * table hid them off-screen at 390 px).
   */
  const cards = (list: DealSummaryDto[]) =>
    list.length === 0 ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="目前没有正在公示的项目" />
    ) : (
      <List
        dataSource={list}
        pagination={list.length > 20 ? { pageSize: 20, size: 'small' } : false}
        data-testid="notices-cards"
        renderItem={(d) => (
          <List.Item key={d.id}>
            <Card
              size="small"
              className="notice-card"
              data-testid="notice-row"
              data-deal-id={d.id}
              data-status={d.status}
            >
              {titleCell(d)}
              <Descriptions
                size="small"
                column={1}
                className="notice-card-terms"
                items={[
                  { key: 'amount', label: '协议金额', children: moneyText(d.amountFen) },
                  { key: 'status', label: '状态', children: statusCell(d) },
                  { key: 'ends', label: '公示截止', children: endsCell(d) },
                  { key: 'objections', label: '待处理异议', children: objectionsCell(d) },
                  { key: 'open', label: '异议', children: objectCell(d) },
                ]}
              />
            </Card>
          </List.Item>
        )}
      />
    );

  return (
    <Card
      className="staff-card"
      data-testid="notices-page"
      title={
        <span>
          <SoundOutlined /> 揭榜公示
        </span>
      }
    >
      <Alert
        type="info"
        showIcon
        className="form-alert"
        title={`揭榜双方达成协议并经科技厅审查后，协议在此公示 ${DEFAULT_NOTICE_WORKING_DAYS} 个工作日；公示期内任何单位或个人均可提出异议，无异议的，双方签订揭榜协议和任务书。`}
        description={`工作日按国务院节假日安排计算，截止时间为最后一个工作日 24:00(北京时间)；节假日安排未发布的年度按周末暂定。${NOTICE_BASIS}`}
      />
      {notices.error ? (
        <ApiErrorView error={notices.error} onRetry={() => void notices.refetch()} title="公示信息加载失败" />
      ) : !rows ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : !wide ? (
        cards(rows)
      ) : (
        <Table<DealSummaryDto>
          rowKey="id"
          columns={columns}
          dataSource={rows ?? []}
          loading={notices.isFetching}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="目前没有正在公示的项目" /> }}
          data-testid="notices-table"
          onRow={(d) =>
            ({
              'data-testid': 'notice-row',
              'data-deal-id': d.id,
              'data-status': d.status,
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
    </Card>
  );
}
