/**
 * 我的揭榜申报 (`GET /my/applications`): applications my organisation leads or joins as a consortium member,
 * with their status and the decision's reason; a member confirms joining (`POST /applications/:id/consent`),
 * the lead may withdraw; a recommended application opens its 洽谈室 (进入洽谈).
 */
import { ReloadOutlined } from '@ant-design/icons';
import { ApplicationStatus, type ApplicationDto } from '@jiebang/contracts';
import { Alert, App as AntdApp, Button, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { $api } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { formatDate } from '../../../shared/lib/format';
import { formatMoney } from '../../../shared/lib/money';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { ApplicationStatusTag } from '../../../shared/components/tags';
import { EnterNegotiationButton } from '../../negotiations/components/MyNegotiations';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { ApplicationDescriptions, ConsortiumTags, DecisionText } from './ApplicationParts';
import { AuditButton } from '../../../shared/components/AuditTimeline';
import { invalidateApplicationReads } from '../lib/applicationReads';

/** Statuses from which the lead may withdraw. */
const WITHDRAWABLE = new Set<ApplicationStatus>([
  ApplicationStatus.PendingConsent,
  ApplicationStatus.Submitted,
  ApplicationStatus.UnderReview,
]);

/** The 我的揭榜申报 tab. */
export function MyApplications() {
  const { user } = useAuth();
  const { message } = AntdApp.useApp();
  const list = $api.useQuery('get', '/api/v1/my/applications', {}, { placeholderData: (previous) => previous });
  const changed = { onSuccess: invalidateApplicationReads };
  const consentOne = $api.useMutation('post', '/api/v1/applications/{id}/consent', changed);
  const withdrawOne = $api.useMutation('post', '/api/v1/applications/{id}/withdraw', changed);
  const [action, setAction] = useState<ActionConfig>();
  const rows = list.data ?? [];
  const myOrg = user?.orgId ?? '';
  const invitations = rows.filter(
    (a) => a.status === ApplicationStatus.PendingConsent && a.members.some((m) => m.orgId === myOrg && !m.consentedAt),
  );

  const consent = (a: ApplicationDto) =>
    setAction({
      title: '确认加入联合体',
      okText: '确认加入',
      description: (
        <p>
          {a.applicantName} 邀请本单位作为联合体成员揭榜“{a.listingTitle}
          ”。确认后，本单位即作为联合体成员参与申报，并受揭榜规则约束。
        </p>
      ),
      onConfirm: async () => {
        await consentOne.mutateAsync({ params: { path: { id: a.id } } });
        message.success('已确认加入联合体');
      },
    });

  const withdraw = (a: ApplicationDto) =>
    setAction({
      title: '撤回揭榜申报',
      okText: '确认撤回',
      danger: true,
      reason: 'required',
      reasonLabel: '撤回理由',
      description: <p>撤回对“{a.listingTitle}”的揭榜申报后不能恢复。</p>,
      onConfirm: async ({ reason }) => {
        await withdrawOne.mutateAsync({ params: { path: { id: a.id } }, body: { reason: reason ?? '' } });
        message.success('已撤回');
      },
    });

  const columns: TableColumnsType<ApplicationDto> = [
    {
      key: 'listing',
      title: '榜单',
      width: 280,
      render: (_, a) => (
        <div>
          <Link to={`/listings/${encodeURIComponent(a.listingId)}`} data-testid="application-listing">
            {a.listingTitle}
          </Link>
          <div className="muted org-cell-sub">{a.applicantOrgId === myOrg ? '本单位牵头' : '本单位为联合体成员'}</div>
        </div>
      ),
    },
    { key: 'consortium', title: '揭榜单位', width: 240, render: (_, a) => <ConsortiumTags app={a} /> },
    { key: 'budget', title: '申报经费', width: 200, render: (_, a) => formatMoney(a.budgetFen, 'application') },
    {
      key: 'status',
      title: '状态与结果',
      width: 240,
      render: (_, a) => (
        <div>
          <ApplicationStatusTag status={a.status} />
          <DecisionText app={a} />
        </div>
      ),
    },
    { key: 'createdAt', title: '提交时间', width: 140, render: (_, a) => formatDate(a.createdAt, true) },
    {
      key: 'actions',
      title: '操作',
      width: 200,
      render: (_, a) => {
        const invited =
          a.status === ApplicationStatus.PendingConsent && a.members.some((m) => m.orgId === myOrg && !m.consentedAt);
        return (
          <Space size={0} wrap>
            {invited ? (
              <Button type="link" size="small" onClick={() => consent(a)} data-testid="action-consent">
                确认加入联合体
              </Button>
            ) : null}
            {a.applicantOrgId === myOrg && WITHDRAWABLE.has(a.status) ? (
              <Button type="link" size="small" danger onClick={() => withdraw(a)} data-testid="action-withdraw">
                撤回
              </Button>
            ) : null}
            <EnterNegotiationButton applicationId={a.id} status={a.status} />
            <AuditButton subject={{ type: 'application', id: a.id, title: a.listingTitle }} />
          </Space>
        );
      },
    },
  ];

  return (
    <div data-testid="my-applications">
      <div className="staff-toolbar">
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          刷新
        </Button>
        <span className="muted">在已发布榜单的详情页点击“我要揭榜”提交申报。</span>
      </div>
      {invitations.length ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          data-testid="consent-invitations"
          title={`有 ${invitations.length} 项联合体邀请待本单位确认`}
          description={
            <Space wrap>
              {invitations.map((a) => (
                <Tag key={a.id} color="gold">
                  {a.applicantName} · {a.listingTitle}
                </Tag>
              ))}
            </Space>
          }
        />
      ) : null}
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="揭榜申报加载失败" />
      ) : (
        <Table<ApplicationDto>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 1240 }}
          locale={{ emptyText: '暂无揭榜申报' }}
          expandable={{ expandedRowRender: (a) => <ApplicationDescriptions app={a} /> }}
          onRow={(a) =>
            ({
              'data-testid': 'application-row',
              'data-status': a.status,
              'data-application-id': a.id,
            }) as HTMLAttributes<HTMLElement>
          }
        />
      )}
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </div>
  );
}
