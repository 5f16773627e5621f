/**
 * Staff actions on a listing in the workflow, by status: 开始论证 (submitted); 邀请专家, 论证通过, 不通过
 * (screening); 发布, 修改终稿 (passed); 揭榜评审, 关闭 (published). Each is confirmed in the page's
 * `ActionModal`; 论证不通过 and 关闭 need a reason.
 */
import { ListingStatus } from '@jiebang/contracts';
import { Button, Form, Select, Space } from 'antd';
import type { NavigateFunction } from 'react-router-dom';
import { $api, invalidate, type ApiPath } from '../../../api/query';
import { CLOSE_REASON_LABELS } from '../../../shared/lib/pipeline';
import type { ActionConfig } from '../../../shared/components/ActionModal';
import { expertField } from '../../applications/components/ExpertSelect';

/** What the action buttons need to know of a listing. */
export interface ActionListing {
  id: string;
  title: string;
  status: ListingStatus;
}

/** What the buttons do besides the API call. */
export interface ListingActionContext {
  setAction: (config: ActionConfig) => void;
  /** After a successful action (the reads of the listing are already refreshed): e.g. a message. */
  onDone: (what: string) => void;
  navigate: NavigateFunction;
  /** Opens the listing's drawer on a tab (`opinions`, `applications`, …); absent inside the drawer. */
  open?: (id: string, tab?: string) => void;
}

/** Every read that shows a listing's status: refreshed after a staff action. */
export const LISTING_READS: ApiPath[] = [
  '/api/v1/staff/listings',
  '/api/v1/listings/{id}',
  '/api/v1/listings/{id}/opinions',
  '/api/v1/listings/{id}/history',
  '/api/v1/listings',
  '/api/v1/my/listings',
  '/api/v1/expert/assignments',
];

/** Marks every read of a listing stale (after a workflow action changed it). */
export function invalidateListingReads(): Promise<void> {
  return invalidate(...LISTING_READS);
}

/** Staff edit route of a passed listing's final text. */
export function staffEditPath(id: string): string {
  return `/staff/pipeline/listings/${encodeURIComponent(id)}/edit`;
}

/** The action buttons of `l`. */
export function ListingActionButtons({ listing: l, ctx }: { listing: ActionListing; ctx: ListingActionContext }) {
  const { setAction, onDone } = ctx;
  const quoted = `“${l.title}”`;
  const changed = { onSuccess: invalidateListingReads };
  const path = { params: { path: { id: l.id } } };
  const startScreening = $api.useMutation('post', '/api/v1/listings/{id}/screening', changed);
  const inviteExpert = $api.useMutation('post', '/api/v1/listings/{id}/experts', changed);
  const passListing = $api.useMutation('post', '/api/v1/listings/{id}/pass', changed);
  const rejectListing = $api.useMutation('post', '/api/v1/listings/{id}/reject', changed);
  const publishListing = $api.useMutation('post', '/api/v1/listings/{id}/publish', changed);
  const closeListing = $api.useMutation('post', '/api/v1/listings/{id}/close', changed);

  const begin = () =>
    setAction({
      title: '开始需求论证',
      okText: '开始论证',
      description: <p>将{quoted}转入需求论证，之后可邀请专家出具论证意见。</p>,
      onConfirm: async () => {
        await startScreening.mutateAsync(path);
        onDone('已开始需求论证');
      },
    });

  const invite = () =>
    setAction({
      title: '邀请论证专家',
      okText: '确认邀请',
      description: <p>邀请专家对{quoted}出具论证意见。</p>,
      fields: expertField(),
      onConfirm: async (v) => {
        await inviteExpert.mutateAsync({ ...path, body: { expertUserId: String(v.expertUserId) } });
        onDone('已邀请专家');
      },
    });

  const pass = () =>
    setAction({
      title: '论证通过',
      okText: '确认通过',
      reason: 'optional',
      reasonLabel: '论证结论(可选)',
      description: <p>确认{quoted}需求论证通过。通过后发榜单位与科技厅可修改终稿，再由科技厅发布。</p>,
      onConfirm: async ({ reason }) => {
        await passListing.mutateAsync({ ...path, body: reason ? { reason } : {} });
        onDone('已确认论证通过');
      },
    });

  const reject = () =>
    setAction({
      title: '论证不通过',
      okText: '确认不通过',
      danger: true,
      reason: 'required',
      reasonLabel: '不通过理由(发榜单位可见)',
      reasonPlaceholder: '请写明需修改或补充的内容，发榜单位据此修改后可重新提交',
      description: <p>确认{quoted}需求论证不通过，并退回发榜单位。</p>,
      onConfirm: async ({ reason }) => {
        await rejectListing.mutateAsync({ ...path, body: { reason: reason ?? '' } });
        onDone('已退回发榜单位');
      },
    });

  const publish = () =>
    setAction({
      title: '发布榜单',
      okText: '确认发布',
      description: <p>发布后{quoted}将在榜单上公开，符合条件的单位即可揭榜。请确认终稿内容无误。</p>,
      onConfirm: async () => {
        await publishListing.mutateAsync(path);
        onDone('已发布');
      },
    });

  const close = () =>
    setAction({
      title: '关闭榜单',
      okText: '确认关闭',
      danger: true,
      reason: 'required',
      reasonLabel: '关闭说明',
      description: <p>关闭{quoted}后不再接受揭榜申报。</p>,
      fields: (
        <Form.Item name="closeReason" label="关闭原因" rules={[{ required: true, message: '请选择关闭原因' }]}>
          <Select
            placeholder="请选择"
            options={Object.entries(CLOSE_REASON_LABELS).map(([value, label]) => ({ value, label }))}
            data-testid="close-reason"
          />
        </Form.Item>
      ),
      onConfirm: async ({ reason, closeReason }) => {
        await closeListing.mutateAsync({
          ...path,
          body: { closeReason: closeReason as keyof typeof CLOSE_REASON_LABELS, reason: reason ?? '' },
        });
        onDone('已关闭榜单');
      },
    });

  return (
    <Space size={0} wrap>
      {l.status === ListingStatus.Submitted ? (
        <Button type="link" size="small" onClick={begin} data-testid="action-start-screening">
          开始论证
        </Button>
      ) : null}
      {l.status === ListingStatus.Screening ? (
        <>
          <Button type="link" size="small" onClick={invite} data-testid="action-invite-expert">
            邀请专家
          </Button>
          {ctx.open ? (
            <Button type="link" size="small" onClick={() => ctx.open?.(l.id, 'opinions')} data-testid="action-opinions">
              论证意见
            </Button>
          ) : null}
          <Button type="link" size="small" onClick={pass} data-testid="action-pass">
            论证通过
          </Button>
          <Button type="link" size="small" danger onClick={reject} data-testid="action-reject">
            不通过
          </Button>
        </>
      ) : null}
      {l.status === ListingStatus.Passed ? (
        <>
          <Button type="link" size="small" onClick={publish} data-testid="action-publish">
            发布
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => ctx.navigate(staffEditPath(l.id))}
            data-testid="action-edit-final"
          >
            修改终稿
          </Button>
        </>
      ) : null}
      {l.status === ListingStatus.Published ? (
        <>
          {ctx.open ? (
            <Button
              type="link"
              size="small"
              onClick={() => ctx.open?.(l.id, 'applications')}
              data-testid="action-review-board"
            >
              揭榜评审
            </Button>
          ) : null}
          <Button type="link" size="small" danger onClick={close} data-testid="action-close">
            关闭榜单
          </Button>
        </>
      ) : null}
    </Space>
  );
}
