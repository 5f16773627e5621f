/**
 * 我的榜单 (`GET /my/listings`): the organisation's listings with their status, the reason of a rejection,
 * and what may be done in each state: 编辑 / 提交 (draft), 修改后重新提交 (rejected), 撤回, 审计记录; for a
 * published or closed one, 揭榜申报: the applications with the poster's review opinion (issue 16 item 4).
 */
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ErrorCode, FIELD_LABELS, ListingStatus, type ListingSummaryDto } from '@jiebang/contracts';
import { App as AntdApp, Button, Checkbox, Drawer, Form, Space, Table, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../../api/errors';
import { $api, invalidate } from '../../../api/query';
import { validationFieldErrors } from '../../../shared/lib/apiErrors';
import { formatDate, labelOf } from '../../../shared/lib/format';
import { CLOSE_REASON_LABELS } from '../../../shared/lib/pipeline';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { KindTag, StatusTag } from '../../../shared/components/tags';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { AuditButton } from '../../../shared/components/AuditTimeline';
import { listingFieldLabel } from '../lib/fieldLabels';
import { PosterReviewPanel } from '../../applications/components/PosterReviewPanel';

/** Edit route of a listing. */
export function editListingPath(id: string): string {
  return `/workspace/listings/${encodeURIComponent(id)}/edit`;
}

/** Statuses the poster may withdraw from. */
const WITHDRAWABLE = new Set<ListingStatus>([
  ListingStatus.Submitted,
  ListingStatus.Screening,
  ListingStatus.Passed,
  ListingStatus.Published,
]);

/** The 我的榜单 tab. */
export function MyListings() {
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const list = $api.useQuery('get', '/api/v1/my/listings', {}, { placeholderData: (previous) => previous });
  const changed = { onSuccess: () => invalidate('/api/v1/my/listings', '/api/v1/listings/{id}') };
  const submitOne = $api.useMutation('post', '/api/v1/listings/{id}/submit', changed);
  const withdrawOne = $api.useMutation('post', '/api/v1/listings/{id}/withdraw', changed);
  const [action, setAction] = useState<ActionConfig>();
  const [reviewing, setReviewing] = useState<ListingSummaryDto>();
  const rows = list.data ?? [];

  const submit = (l: ListingSummaryDto) =>
    setAction({
      title: '提交榜单',
      okText: '确认提交',
      description: (
        <p>
          将提交“{l.title}”进入科技厅需求论证，论证期间不能修改。如需先检查内容，请点击
          <Link to={editListingPath(l.id)}>编辑</Link>。
        </p>
      ),
      fields: (
        <Form.Item
          name="attestPublishable"
          valuePropName="checked"
          rules={[
            {
              validator: (_, v: boolean | undefined) =>
                v ? Promise.resolve() : Promise.reject(new Error('提交前请勾选确认本榜单内容可公开发布')),
            },
          ]}
        >
          <Checkbox data-testid="attest-checkbox">本单位承诺：榜单内容不涉密、不敏感，知识产权清晰且无争议</Checkbox>
        </Form.Item>
      ),
      onConfirm: async () => {
        try {
          await submitOne.mutateAsync({ params: { path: { id: l.id } }, body: { attestPublishable: true } });
        } catch (err) {
          if (err instanceof ApiError && err.code === ErrorCode.FORM_INCOMPLETE) {
            const missing = validationFieldErrors(err).map((e) => listingFieldLabel(e.name));
            throw new ApiError({
              ...err.body,
              message: `征集表尚未填写完整${missing.length ? `：${missing.join('、')}` : ''}。请点击“编辑”补充后再提交。`,
            });
          }
          throw err;
        }
        message.success('已提交，等待科技厅组织需求论证');
      },
    });

  const withdraw = (l: ListingSummaryDto) =>
    setAction({
      title: '撤回榜单',
      okText: '确认撤回',
      danger: true,
      reason: 'required',
      reasonLabel: '撤回理由',
      description: <p>撤回“{l.title}”后，需求论证或揭榜将终止，此操作记入审计记录。</p>,
      onConfirm: async ({ reason }) => {
        await withdrawOne.mutateAsync({ params: { path: { id: l.id } }, body: { reason: reason ?? '' } });
        message.success('已撤回');
      },
    });

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
            {l.status === ListingStatus.Draft || l.status === ListingStatus.Rejected ? (
              <Link to={editListingPath(l.id)} data-testid="my-listing-title">
                {l.title}
              </Link>
            ) : (
              <Link to={`/listings/${encodeURIComponent(l.id)}`} data-testid="my-listing-title">
                {l.title}
              </Link>
            )}
          </div>
        </div>
      ),
    },
    {
      key: 'status',
      title: '状态',
      width: 260,
      render: (_, l) => (
        <div>
          <StatusTag status={l.status} />
          {l.status === ListingStatus.Rejected && l.rejectionReason ? (
            <div className="row-reason" data-testid="rejection-reason">
              论证意见：{l.rejectionReason}
            </div>
          ) : null}
          {l.status === ListingStatus.Closed && l.closeReason ? (
            <div className="row-reason muted">
              关闭原因：{CLOSE_REASON_LABELS[l.closeReason as keyof typeof CLOSE_REASON_LABELS] ?? l.closeReason}
            </div>
          ) : null}
        </div>
      ),
    },
    { key: 'updatedAt', title: '更新时间', width: 150, render: (_, l) => formatDate(l.updatedAt, true) },
    {
      key: 'actions',
      title: '操作',
      width: 260,
      render: (_, l) => (
        <Space size={0} wrap>
          {l.status === ListingStatus.Draft ? (
            <>
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => navigate(editListingPath(l.id))}
                data-testid="action-edit"
              >
                编辑
              </Button>
              <Button type="link" size="small" onClick={() => submit(l)} data-testid="action-submit">
                提交
              </Button>
            </>
          ) : null}
          {l.status === ListingStatus.Rejected ? (
            <Button
              type="link"
              size="small"
              onClick={() => navigate(editListingPath(l.id))}
              data-testid="action-revise"
            >
              修改后重新提交
            </Button>
          ) : null}
          {l.status === ListingStatus.Passed ? (
            <Button type="link" size="small" onClick={() => navigate(editListingPath(l.id))} data-testid="action-edit">
              修改终稿
            </Button>
          ) : null}
          {l.status === ListingStatus.Published || l.status === ListingStatus.Closed ? (
            <Button type="link" size="small" onClick={() => setReviewing(l)} data-testid="action-applications">
              揭榜申报
            </Button>
          ) : null}
          {WITHDRAWABLE.has(l.status) ? (
            <Button type="link" size="small" danger onClick={() => withdraw(l)} data-testid="action-withdraw">
              撤回
            </Button>
          ) : null}
          <AuditButton subject={{ type: 'listing', id: l.id, title: l.title }} />
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="my-listings">
      <div className="staff-toolbar">
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => navigate('/workspace/listings/new')}
          data-testid="ws-new-listing"
        >
          发布新榜单
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          刷新
        </Button>
        <span className="muted">草稿提交后由科技厅组织需求论证，论证通过并发布后公开。</span>
      </div>
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="我的榜单加载失败" />
      ) : (
        <Table<ListingSummaryDto>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 900 }}
          locale={{ emptyText: '还没有榜单，点击“发布新榜单”开始填写征集表' }}
          onRow={(l) =>
            ({
              'data-testid': 'my-listing-row',
              'data-status': l.status,
              'data-listing-id': l.id,
              'data-title': l.title,
            }) as HTMLAttributes<HTMLElement>
          }
          data-testid="my-listing-table"
        />
      )}
      <ActionModal config={action} onClose={() => setAction(undefined)} />
      <Drawer
        title={reviewing ? `揭榜申报:${reviewing.title}` : '揭榜申报'}
        open={!!reviewing}
        onClose={() => setReviewing(undefined)}
        size="min(720px, 100vw)"
        destroyOnHidden
        data-testid="poster-review-drawer"
      >
        {reviewing ? <PosterReviewPanel listingId={reviewing.id} /> : null}
      </Drawer>
    </div>
  );
}
