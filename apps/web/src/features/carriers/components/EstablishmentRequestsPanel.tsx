/**
 * 考核申请 of a 技术创新中心 in 筹建 (issue 15 §4; `003 §20`): "筹建期满后，由牵头建设单位提交考核申请，经组织单位审核同意后报
 * 科技厅". The centre's users upload its materials (`EstablishmentMaterials`: the 总结报告 required) and submit a short
 * summary (from `ESTABLISHMENT_REQUEST_LEAD_DAYS` days before the end of 筹建; the server refuses earlier), its 组织单位
 * agrees or returns it (with confirmation; a return gives the files back for the next one); staff record the 考核
 * only once one is agreed (`agreedRequest`). Each request lists the files submitted with it. Empty state when there
 * is none; the server's refusals are shown as it words them.
 */
import { can, Capability, ESTABLISHMENT_REQUEST_LEAD_DAYS, type CurrentUser } from '@jiebang/contracts';
import { App, Button, Empty, Form, Input, Popconfirm, Space, Tag } from 'antd';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { DraftMaterials, missingMaterials, RequestMaterials, useDraftMaterials } from './EstablishmentMaterials';
import { RecommenderDecision } from './RecommenderDecision';

type CarrierDetailDto = components['schemas']['CarrierDetailDto'];
type EstablishmentRequestDto = components['schemas']['EstablishmentRequestDto'];

const refresh = () =>
  invalidate('/api/v1/carriers/{id}/establishment-requests', '/api/v1/carriers/{id}', '/api/v1/carriers/{id}/running');

/** The centre's 考核申请 form. */
function SubmitRequestForm({ c }: { c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = $api.useMutation('post', '/api/v1/carriers/{id}/establishment-requests');
  const materials = useDraftMaterials(c.id);
  const onFinish = async (v: { summary: string }) => {
    const missing = missingMaterials(materials.data?.items ?? []);
    if (missing.length) {
      message.error(`请先上传考核申请材料:${missing.join(';')}`);
      return;
    }
    try {
      const res = await submit.mutateAsync({ params: { path: { id: c.id } }, body: { summary: v.summary.trim() } });
      await refresh();
      await invalidate('/api/v1/carriers/{id}/establishment-materials');
      form.resetFields();
      message.success(res.status === 'submitted' ? '已提交,待组织单位审核' : '已提交,待科技厅组织考核');
    } catch (e) {
      message.error(errorText(e, '提交失败'));
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} style={{ maxWidth: 640 }}>
      <Form.Item
        name="summary"
        label={`筹建任务完成情况(筹建期满前 ${ESTABLISHMENT_REQUEST_LEAD_DAYS} 天起可提交,003 §20)`}
        rules={[{ required: true, whitespace: true, min: 10, message: '请写明筹建任务完成情况(不少于 10 个字)' }]}
      >
        <Input.TextArea rows={3} data-testid="establishment-request-summary" />
      </Form.Item>
      <Popconfirm title="提交后交组织单位审核,不能撤回。确定提交?" onConfirm={() => form.submit()}>
        <Button type="primary" loading={submit.isPending} data-testid="establishment-request-submit">
          提交考核申请
        </Button>
      </Popconfirm>
    </Form>
  );
}

/** The 组织单位's review of a submitted 考核申请: agree (→ staff organise the 考核) or return, after confirming. */
function RecommendRequest({ r }: { r: EstablishmentRequestDto }) {
  const recommend = $api.useMutation('post', '/api/v1/carriers/establishment-requests/{id}/recommend');
  return (
    <RecommenderDecision
      onDecide={async (agree, note) => {
        await recommend.mutateAsync({ params: { path: { id: r.id } }, body: { agree, note } });
        await refresh();
      }}
      agreeConfirm="同意后报科技厅组织考核,不能撤回。确定?"
      returnConfirm="确定退回该考核申请?"
      agreedText="已审核同意,报科技厅组织考核"
      returnedText="已退回"
      testIdPrefix="establishment-recommend"
    />
  );
}

/** True when one of `items` is agreed by the 组织单位 (staff may record the 考核). */
export function agreedRequest(items: readonly EstablishmentRequestDto[]): boolean {
  return items.some((r) => r.status === 'agreed');
}

/** The 考核申请 of a centre in 筹建: list, the host's form (none open), the recommender's review. */
export function EstablishmentRequestsPanel({
  user,
  c,
  items,
}: {
  user: CurrentUser;
  c: CarrierDetailDto;
  items: readonly EstablishmentRequestDto[];
}) {
  const host = !!user.orgId && user.orgId === c.hostOrgId;
  const rec = can(user, Capability.RecommendCarriers);
  const open = items.some((r) => r.status === 'submitted' || r.status === 'agreed');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="establishment-requests">
      <strong>筹建期满考核申请(003 §20)</strong>
      {items.length === 0 ? <Empty description="暂无考核申请" /> : null}
      {items.map((r) => (
        <div key={r.id} data-testid="establishment-request" style={{ borderBottom: '1px solid #f0f0f0' }}>
          <Space wrap>
            <Tag color={r.status === 'returned' ? 'red' : r.status === 'submitted' ? 'gold' : 'green'}>
              {r.statusLabel}
            </Tag>
            <span className="muted">提交于 {r.submittedAt.slice(0, 10)}</span>
          </Space>
          <p>{r.summary}</p>
          <RequestMaterials carrierId={c.id} files={r.files} />
          {r.recommenderNote ? <p className="muted">组织单位审核意见:{r.recommenderNote}</p> : null}
          {r.status === 'returned' ? <p className="muted">退回后材料已交还牵头建设单位,可修改后重新提交</p> : null}
          {rec && r.status === 'submitted' ? <RecommendRequest r={r} /> : null}
        </div>
      ))}
      {host && c.status === 'preparing' && !open ? (
        <>
          <DraftMaterials carrierId={c.id} />
          <SubmitRequestForm c={c} />
        </>
      ) : null}
    </Space>
  );
}
