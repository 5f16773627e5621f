/**
 * 我的项目 (`/deals`): the deals of my organisation as poster or taker (staff see every deal), with a status
 * filter and server pagination; each row opens the deal page. Filter and page live in the URL
 * (`?status=&page=`).
 */
import { ProjectOutlined, ReloadOutlined } from '@ant-design/icons';
import { DealStatus } from '@jiebang/contracts';
import { Button, Card } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { isStaff, useAuth } from '../../../auth/useAuth';
import { DealStatusFilter } from '../components/DealStatusFilter';
import { DealTable } from '../components/DealTable';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';

/** Rows per page. */
const PAGE_SIZE = 20;

/** The list page. */
export function DealsPage() {
  const { user } = useAuth();
  const staff = isStaff(user);
  const title = staff ? '全部项目' : '我的项目';
  useDocumentTitle(title);
  const [params, setParams] = useSearchParams();
  const pageNo = Number(params.get('page'));
  const page = Number.isInteger(pageNo) && pageNo >= 1 ? pageNo : 1;
  const rawStatus = params.get('status') ?? '';
  const status = (Object.values(DealStatus) as string[]).includes(rawStatus) ? (rawStatus as DealStatus) : undefined;
  const list = $api.useQuery(
    'get',
    '/api/v1/deals',
    { params: { query: { status, page, pageSize: PAGE_SIZE } } },
    { placeholderData: (previous) => previous },
  );
  const shown = list.data;

  const setQuery = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };

  return (
    <Card
      className="staff-card"
      data-testid="my-deals"
      title={
        <span>
          <ProjectOutlined /> {title}
        </span>
      }
      extra={staff ? <Link to="/staff/deals">进入项目管理</Link> : null}
    >
      <div className="staff-toolbar">
        <span className="muted">
          {staff
            ? '平台上的全部揭榜项目。'
            : '本单位作为发榜方或揭榜方的揭榜项目：协议公示、签约、资金到位、里程碑、验收与补助。'}
        </span>
        <DealStatusFilter value={status} onChange={(v) => setQuery({ status: v ?? null, page: null })} />
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          刷新
        </Button>
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
          actionText="查看"
          emptyText={status ? '没有此状态的项目' : '暂无项目：揭榜申报获推荐并在洽谈中达成协议后，项目将出现在这里'}
        />
      )}
    </Card>
  );
}
