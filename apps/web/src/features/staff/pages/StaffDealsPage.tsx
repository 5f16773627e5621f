/**
 * 项目管理 (`/staff/deals`): the staff console of the deal lifecycle, one tab per work queue (公示审查 / 异议处理 /
 * 资金到位确认 / 里程碑审核 / 验收 / 补助审批 / 延期终止, each with its count) and 全部项目 with a status filter; each
 * a server-paginated table whose rows open the deal page, where the staff panels are. The tab, page and filter
 * live in the URL (`?queue=&page=&status=`). Lists and counts are `GET /api/v1/deals` queries; 刷新 and every deal
 * action refetch them.
 */
import { ProjectOutlined, ReloadOutlined } from '@ant-design/icons';
import { DealStatus } from '@jiebang/contracts';
import { useQueries } from '@tanstack/react-query';
import { Badge, Button, Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { $api, invalidate } from '../../../api/query';
import { DealStatusFilter } from '../../deals/components/DealStatusFilter';
import { DealTable } from '../../deals/components/DealTable';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { ExportButtons } from '../../../shared/components/ExportButtons';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { DEAL_QUEUE_TABS, type DealQueue } from '../../deals/lib/deals';

/** Rows per page. */
const PAGE_SIZE = 20;

/** The tab of the URL: a queue, or `all`. */
type ConsoleTab = DealQueue | 'all';

/** The tab named by `?queue=` (公示审查 by default). */
function tabOf(value: string | null): ConsoleTab {
  if (value === 'all') return 'all';
  return DEAL_QUEUE_TABS.find((t) => t.key === value)?.key ?? 'notice';
}

/** A positive page number of the URL (1 by default). */
function pageOf(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The status filter of the URL, if a known status. */
function statusOf(value: string | null): DealStatus | undefined {
  return (Object.values(DealStatus) as string[]).includes(value ?? '') ? (value as DealStatus) : undefined;
}

/** The console. */
export function StaffDealsPage() {
  useDocumentTitle('项目管理');
  const [params, setParams] = useSearchParams();
  const tab = tabOf(params.get('queue'));
  const page = pageOf(params.get('page'));
  const status = tab === 'all' ? statusOf(params.get('status')) : undefined;

  const query = tab === 'all' ? { status, page, pageSize: PAGE_SIZE } : { queue: tab, page, pageSize: PAGE_SIZE };
  const list = $api.useQuery(
    'get',
    '/api/v1/deals',
    { params: { query } },
    { placeholderData: (previous) => previous },
  );
  const counts = useQueries({
    queries: DEAL_QUEUE_TABS.map((t) =>
      $api.queryOptions('get', '/api/v1/deals', { params: { query: { queue: t.key, pageSize: 1 } } }),
    ),
  });
  const shown = list.data;
  const countOf = Object.fromEntries(DEAL_QUEUE_TABS.map((t, i) => [t.key, counts[i]?.data?.total])) as Partial<
    Record<DealQueue, number>
  >;

  const setQuery = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };

  const hint = tab === 'all' ? '平台上的全部揭榜项目，可按状态筛选' : DEAL_QUEUE_TABS.find((t) => t.key === tab)?.hint;

  return (
    <Card
      className="staff-card"
      data-testid="staff-deals"
      title={
        <span>
          <ProjectOutlined /> 项目管理
        </span>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(new URLSearchParams({ queue: key }))}
        items={[
          ...DEAL_QUEUE_TABS.map((t) => ({
            key: t.key,
            label: (
              <span data-testid={`queue-tab-${t.key}`}>
                {t.label}
                {countOf[t.key] ? (
                  <Badge count={countOf[t.key]} size="small" overflowCount={99} className="inferred-tag" />
                ) : null}
              </span>
            ),
          })),
          { key: 'all', label: <span data-testid="queue-tab-all">全部项目</span> },
        ]}
      />
      <div className="staff-toolbar">
        <span className="muted">{hint}</span>
        {tab === 'all' ? (
          <DealStatusFilter value={status} onChange={(v) => setQuery({ status: v ?? null, page: null })} />
        ) : null}
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void invalidate('/api/v1/deals')}>
          刷新
        </Button>
        <ExportButtons kind="deals" filters={tab === 'all' ? { status } : { queue: tab }} label="导出项目" />
        <ExportButtons kind="subsidies" filters={{}} label="导出资助" />
      </div>
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="项目列表加载失败" />
      ) : (
        <DealTable
          items={shown?.items ?? []}
          loading={list.isFetching}
          page={page}
          pageSize={PAGE_SIZE}
          total={shown?.total ?? 0}
          onPage={(p) => setQuery({ page: p > 1 ? String(p) : null })}
          actionText="办理"
          emptyText={tab === 'all' ? '暂无项目' : '此队列中暂无待办项目'}
          testId={`deal-queue-${tab}`}
        />
      )}
    </Card>
  );
}
