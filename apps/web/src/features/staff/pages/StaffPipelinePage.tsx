/**
 * Staff console of the workflow (`/staff/pipeline`): the 需求论证 queue by status (待论证 / 论证中 / 待发布 /
 * 已发布) with each row's actions, and a drawer per listing (`?listing=<id>&view=`) with its content, the
 * experts' 论证意见, the 揭榜评审 board of a published listing and the 审计记录. Also the staff edit route
 * of a passed listing's final text (`/staff/pipeline/listings/:id/edit`).
 */
import { AuditOutlined, ReloadOutlined } from '@ant-design/icons';
import { FIELD_LABELS, ListingStatus, type ListingSummaryDto } from '@jiebang/contracts';
import { App as AntdApp, Button, Card, Drawer, Skeleton, Space, Table, Tabs, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { canHandleListings, useAuth } from '../../../auth/useAuth';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { ExportButtons } from '../../../shared/components/ExportButtons';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { AuditTimeline } from '../../../shared/components/AuditTimeline';
import { ListingForm } from '../../listings/components/ListingForm';
import { ListingContent, OpinionList } from '../../listings/components/ListingContent';
import { ListingActionButtons, type ListingActionContext } from '../../listings/components/listingActions';
import { ReviewBoard } from '../../applications/components/ReviewBoard';
import { KindTag, StatusTag } from '../../../shared/components/tags';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { formatDate, labelOf } from '../../../shared/lib/format';

/** Statuses of the staff queue. */
type QueueStatus = ListingStatus.Submitted | ListingStatus.Screening | ListingStatus.Passed | ListingStatus.Published;

/** The queue tabs. */
const QUEUE_TABS: { key: QueueStatus; label: string; hint: string }[] = [
  { key: ListingStatus.Submitted, label: '待论证', hint: '发榜单位已提交，待开始需求论证' },
  { key: ListingStatus.Screening, label: '论证中', hint: '邀请专家出具论证意见，据此确认通过或不通过' },
  { key: ListingStatus.Passed, label: '待发布', hint: '论证通过，可修改终稿后发布' },
  { key: ListingStatus.Published, label: '已发布 · 揭榜评审', hint: '已公开的榜单及其揭榜申报评审' },
];

/** Drawer views. */
type DrawerView = 'content' | 'opinions' | 'applications' | 'history';
const VIEWS: DrawerView[] = ['content', 'opinions', 'applications', 'history'];

/** Queue status of the URL (`待论证` by default). */
function queueStatus(params: URLSearchParams): QueueStatus {
  const s = params.get('status');
  return QUEUE_TABS.find((t) => t.key === s)?.key ?? ListingStatus.Submitted;
}

/** The console page. */
export function StaffPipelinePage() {
  useDocumentTitle('需求论证与评审');
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const { user } = useAuth();
  const canAct = canHandleListings(user);
  const [params, setParams] = useSearchParams();
  const status = queueStatus(params);
  const openId = params.get('listing');
  const view = (VIEWS as string[]).includes(params.get('view') ?? '') ? (params.get('view') as DrawerView) : 'content';
  const queue = $api.useQuery(
    'get',
    '/api/v1/staff/listings',
    { params: { query: { status } } },
    { placeholderData: (previous) => previous },
  );
  const rows = queue.data ?? [];
  const [action, setAction] = useState<ActionConfig>();

  const setQuery = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };

  const ctx: ListingActionContext = {
    setAction,
    navigate,
    // The action refreshed the queue, the listing, its opinions and history (`invalidateListingReads`).
    onDone: (what) => void message.success(what),
    open: (id, tab) => setQuery({ listing: id, view: tab ?? null }),
  };

  const columns: TableColumnsType<ListingSummaryDto> = [
    {
      key: 'title',
      title: '榜单名称',
      render: (_, l) => (
        <div>
          <Space size={4} wrap>
            <KindTag kind={l.kind} />
            {l.field ? <span className="muted">{labelOf(FIELD_LABELS, l.field)}</span> : null}
          </Space>
          <div className="my-listing-title">
            <Button type="link" className="link-button" onClick={() => ctx.open?.(l.id)} data-testid="queue-title">
              {l.title}
            </Button>
          </div>
        </div>
      ),
    },
    { key: 'poster', title: '发榜单位', width: 220, dataIndex: 'posterName' },
    { key: 'status', title: '状态', width: 130, render: (_, l) => <StatusTag status={l.status} /> },
    { key: 'updatedAt', title: '更新时间', width: 150, render: (_, l) => formatDate(l.updatedAt, true) },
    {
      key: 'actions',
      title: '操作',
      width: 300,
      render: (_, l) => (
        <Space size={0} wrap>
          {canAct ? <ListingActionButtons listing={l} ctx={ctx} /> : null}
          <Button type="link" size="small" onClick={() => ctx.open?.(l.id, 'history')} data-testid="action-history">
            审计记录
          </Button>
        </Space>
      ),
    },
  ];

  const tab = QUEUE_TABS.find((t) => t.key === status);
  return (
    <Card
      className="staff-card"
      data-testid="staff-pipeline"
      title={
        <span>
          <AuditOutlined /> 需求论证与评审
        </span>
      }
      extra={canAct ? null : <span className="muted">审批人仅可查看；操作由对接专员或管理员办理</span>}
    >
      <Tabs
        activeKey={status}
        onChange={(key) => setParams(new URLSearchParams({ status: key }))}
        items={QUEUE_TABS.map((t) => ({ key: t.key, label: t.label }))}
      />
      <div className="staff-toolbar">
        <span className="muted">{tab?.hint}</span>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void queue.refetch()}>
          刷新
        </Button>
        <ExportButtons kind="listings" filters={{ status }} label="导出榜单" />
        {status === ListingStatus.Published ? (
          <ExportButtons kind="applications" filters={{}} label="导出揭榜申报" />
        ) : null}
      </div>
      {queue.error ? (
        <ApiErrorView error={queue.error} onRetry={() => void queue.refetch()} title="队列加载失败" />
      ) : (
        <Table<ListingSummaryDto>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={queue.isFetching}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: '队列中暂无榜单' }}
          data-testid="queue-table"
          data-status={status}
          onRow={(l) =>
            ({
              'data-testid': 'queue-row',
              'data-listing-id': l.id,
              'data-status': l.status,
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
      <ListingDrawer
        id={openId}
        view={view}
        ctx={canAct ? { ...ctx, open: undefined } : undefined}
        canAct={canAct}
        onView={(v) => setQuery({ view: v })}
        onClose={() => setQuery({ listing: null, view: null })}
      />
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </Card>
  );
}

/** Props of the drawer. */
interface ListingDrawerProps {
  id: string | null;
  view: DrawerView;
  /** Action context (absent when the user may only read). */
  ctx: ListingActionContext | undefined;
  canAct: boolean;
  onView: (view: DrawerView) => void;
  onClose: () => void;
}

/** A listing's drawer. */
function ListingDrawer({ id, view, ctx, canAct, onView, onClose }: ListingDrawerProps) {
  return (
    <Drawer open={!!id} onClose={onClose} size={900} destroyOnHidden title="榜单办理" data-testid="listing-drawer">
      {id ? <DrawerBody id={id} view={view} ctx={ctx} canAct={canAct} onView={onView} /> : null}
    </Drawer>
  );
}

/** Content of the drawer. */
function DrawerBody({ id, view, ctx, canAct, onView }: Omit<ListingDrawerProps, 'id' | 'onClose'> & { id: string }) {
  const path = { params: { path: { id } } };
  const listing = $api.useQuery('get', '/api/v1/listings/{id}', path);
  const opinions = $api.useQuery('get', '/api/v1/listings/{id}/opinions', path);
  const { data: l, error } = listing;
  if (error) return <ApiErrorView error={error} onRetry={() => void listing.refetch()} title="榜单加载失败" />;
  if (!l) return <Skeleton active paragraph={{ rows: 8 }} />;
  const hasApplications = l.status === ListingStatus.Published || l.status === ListingStatus.Closed;
  return (
    <div data-testid="pipeline-listing" data-listing-id={l.id} data-status={l.status}>
      <header className="drawer-head">
        <Space size={6} wrap>
          <KindTag kind={l.kind} />
          <span data-testid="pipeline-listing-status" data-status={l.status}>
            <StatusTag status={l.status} />
          </span>
        </Space>
        <h2 className="drawer-title">{l.title}</h2>
        <div className="muted">
          {l.posterName || l.poster?.name}
          {l.status === ListingStatus.Published ? (
            <>
              {' · '}
              <Link to={`/listings/${encodeURIComponent(l.id)}`}>查看公开页面</Link>
            </>
          ) : null}
        </div>
        {l.rejectionReason && l.status === ListingStatus.Rejected ? (
          <div className="row-reason">不通过理由：{l.rejectionReason}</div>
        ) : null}
        {ctx ? (
          <div className="drawer-actions">
            <ListingActionButtons listing={l} ctx={ctx} />
          </div>
        ) : null}
      </header>
      <Tabs
        activeKey={view === 'applications' && !hasApplications ? 'content' : view}
        onChange={(k) => onView(k as DrawerView)}
        items={[
          { key: 'content', label: '榜单内容', children: <ListingContent listing={l} /> },
          {
            key: 'opinions',
            label: `论证意见${opinions.data?.length ? ` (${opinions.data.length})` : ''}`,
            children: opinions.error ? (
              <ApiErrorView
                error={opinions.error}
                onRetry={() => void opinions.refetch()}
                title="论证意见加载失败"
                compact
              />
            ) : opinions.data ? (
              <OpinionList opinions={opinions.data} />
            ) : (
              <Skeleton active />
            ),
          },
          ...(hasApplications
            ? [
                {
                  key: 'applications',
                  label: '揭榜评审',
                  children: <ReviewBoard listingId={l.id} listingTitle={l.title} canAct={canAct} />,
                },
              ]
            : []),
          {
            key: 'history',
            label: '审计记录',
            children: <AuditTimeline subject={{ type: 'listing', id: l.id }} />,
          },
        ]}
      />
    </div>
  );
}

/** Staff edit of a passed listing's final text (`/staff/pipeline/listings/:id/edit`). */
export function StaffListingEditPage() {
  useDocumentTitle('修改终稿');
  const { id = '' } = useParams();
  return (
    <div className="staff-card">
      <ListingForm listingId={id} mode="staff" backTo={`/staff/pipeline?status=${ListingStatus.Passed}`} />
    </div>
  );
}
