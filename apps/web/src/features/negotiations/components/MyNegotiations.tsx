/**
 * 洽谈 list (`GET /my/negotiations`, one query shared by every component that shows it): the rooms I take part in
 * (or broker), with their status and unread counts as badges; each opens `/negotiations/:id`. Also the 进入洽谈
 * button of a recommended application (`GET /applications/:id/negotiation`).
 */
import { MessageOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApplicationStatus, type ListingKind, type MyNegotiationDto } from '@jiebang/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, Badge, Button, Table, Tag, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { $api } from '../../../api/query';
import { NEGOTIATION_STATUS_META } from '../lib/negotiation';
import { errorText } from '../../../shared/lib/apiErrors';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { KindTag } from '../../../shared/components/tags';

/** One of my negotiations with its count of unread messages. */
export type MyNegotiation = MyNegotiationDto;

/** The query of my negotiations (`GET /my/negotiations`); the previous list stays while it reloads. */
export function useMyNegotiations() {
  return $api.useQuery('get', '/api/v1/my/negotiations', undefined, { placeholderData: (previous) => previous });
}

/** Path of a negotiation room. */
export function negotiationPath(id: string): string {
  return `/negotiations/${encodeURIComponent(id)}`;
}

/** Total unread messages of `rows`. */
export function totalUnread(rows: MyNegotiation[] | undefined): number {
  return (rows ?? []).reduce((sum, r) => sum + (r.unread > 0 ? r.unread : 0), 0);
}

/** The list. */
export function MyNegotiations() {
  const list = useMyNegotiations();
  const rows = list.data ?? [];
  const columns: TableColumnsType<MyNegotiation> = [
    {
      key: 'listing',
      title: '榜单',
      render: (_, n) => (
        <div>
          <KindTag kind={n.kind as ListingKind} />
          <Link to={negotiationPath(n.id)} data-testid="negotiation-link">
            {n.listingTitle}
          </Link>
        </div>
      ),
    },
    {
      key: 'status',
      title: '状态',
      width: 220,
      render: (_, n) => {
        const meta = NEGOTIATION_STATUS_META[n.status] ?? { label: n.status, color: 'default' };
        return (
          <div>
            <Tag color={meta.color}>{meta.label}</Tag>
            {n.agreementDraftId ? <Tag color="green">已生成协议草稿</Tag> : null}
            {n.statusReason && n.status !== 'open' ? <div className="muted">{n.statusReason}</div> : null}
          </div>
        );
      },
    },
    {
      key: 'unread',
      title: '未读',
      width: 90,
      render: (_, n) => <Badge count={n.unread} overflowCount={99} showZero={false} data-testid="negotiation-unread" />,
    },
    {
      key: 'open',
      title: '操作',
      width: 120,
      render: (_, n) => (
        <Link to={negotiationPath(n.id)}>
          <MessageOutlined /> 进入洽谈
        </Link>
      ),
    },
  ];
  return (
    <div data-testid="my-negotiations">
      <div className="staff-toolbar">
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          刷新
        </Button>
        <span className="muted">推荐揭榜后，发榜方与揭榜方在洽谈室中商定合作条款。</span>
      </div>
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="洽谈列表加载失败" />
      ) : (
        <Table<MyNegotiation>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 720 }}
          locale={{ emptyText: '暂无洽谈' }}
          onRow={(n) =>
            ({
              'data-testid': 'negotiation-row',
              'data-negotiation-id': n.id,
              'data-unread': n.unread,
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
    </div>
  );
}

/** Application statuses with a negotiation room. */
const NEGOTIATING = new Set<ApplicationStatus>([ApplicationStatus.Recommended, ApplicationStatus.AgreementDrafted]);

/** The 进入洽谈 button of an application row: looks the room up, then opens it. */
export function EnterNegotiationButton({
  applicationId,
  status,
}: {
  applicationId: string;
  status: ApplicationStatus;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState(false);
  if (!NEGOTIATING.has(status)) return null;
  const enter = async () => {
    setBusy(true);
    try {
      const n = await queryClient.fetchQuery(
        $api.queryOptions('get', '/api/v1/applications/{id}/negotiation', {
          params: { path: { id: applicationId } },
        }),
      );
      void navigate(negotiationPath(n.id));
    } catch (err) {
      message.error(errorText(err, '洽谈室暂不可用，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      type="link"
      size="small"
      icon={<MessageOutlined />}
      loading={busy}
      onClick={enter}
      data-testid="action-negotiation"
    >
      进入洽谈
    </Button>
  );
}
