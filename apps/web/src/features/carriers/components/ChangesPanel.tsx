/**
 * 重大事项变更 on a carrier's page (issue 15 §6; `001 §19`, `002 §14`, `003 §30`): the host's users report a change
 * (within 3 months of its date; a later report is accepted and marked 逾期报告); staff file it (备案) or refuse it,
 * and a change that needs the department's approval (`003 §30(一)`) or alters the registry (更名, 地址) is approved by
 * one staff member and confirmed by a second (the server refuses the first with `SAME_APPROVER`). Every decision
 * confirms first; the server's refusals are shown as it words them.
 * Where the carrier has a recommender (所辖盟市 / 组织单位), it reviews each change first (同意 / 退回, `001 §19`,
 * `003 §30`); staff may also conclude 不再符合备案条件 (`001 §19`): a second staff member's confirmation revokes it.
 */
import { can, Capability, CARRIER_CHANGE_KIND_LABEL, CarrierChangeKind, type CurrentUser } from '@jiebang/contracts';
import { App, Button, DatePicker, Empty, Form, Input, Popconfirm, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { optionsOf } from '../lib/carriers';
import { RecommenderDecision } from './RecommenderDecision';

type CarrierDetailDto = components['schemas']['CarrierDetailDto'];
type CarrierChangeDto = components['schemas']['CarrierChangeDto'];

const refresh = () => invalidate('/api/v1/carriers/{id}/changes', '/api/v1/carriers/{id}', '/api/v1/carriers');

/** The host's report form. */
function ReportChangeForm({ c }: { c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const report = $api.useMutation('post', '/api/v1/carriers/{id}/changes');
  const kind = Form.useWatch('kind', form) as CarrierChangeKind | undefined;
  const onFinish = async (v: {
    kind: CarrierChangeKind;
    changedOn: Dayjs;
    description: string;
    newName?: string;
    newRegionCode?: string;
  }) => {
    try {
      const res = await report.mutateAsync({
        params: { path: { id: c.id } },
        body: {
          kind: v.kind,
          changedOn: v.changedOn.format('YYYY-MM-DD'),
          description: v.description.trim(),
          ...(v.kind === CarrierChangeKind.Rename && v.newName?.trim() ? { newName: v.newName.trim() } : {}),
          ...(v.kind === CarrierChangeKind.Address && v.newRegionCode?.trim()
            ? { newRegionCode: v.newRegionCode.trim() }
            : {}),
        },
      });
      await refresh();
      message.success(
        `${res.late ? `已报告。超过 3 个月报告期限(应于 ${res.reportBy} 前报告),已记为逾期报告` : '已报告'},${
          res.status === 'awaiting_recommender' ? '待组织单位审核' : '待科技厅处理'
        }`,
      );
      form.resetFields();
    } catch (e) {
      message.error(errorText(e, '报告失败'));
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} style={{ maxWidth: 640 }}>
      <Form.Item name="kind" label="变更事项" rules={[{ required: true, message: '请选择变更事项' }]}>
        <Select options={optionsOf(CARRIER_CHANGE_KIND_LABEL)} data-testid="change-kind" />
      </Form.Item>
      <Form.Item
        name="changedOn"
        label="变更日期(应在变更后 3 个月内报告,001 §19)"
        rules={[{ required: true, message: '请选择变更日期' }]}
      >
        <DatePicker data-testid="change-date" />
      </Form.Item>
      {kind === CarrierChangeKind.Rename ? (
        <Form.Item
          name="newName"
          label="新的平台名称"
          rules={[{ required: true, whitespace: true, message: '请填写新的平台名称' }]}
        >
          <Input data-testid="change-new-name" />
        </Form.Item>
      ) : null}
      {kind === CarrierChangeKind.Address ? (
        <Form.Item
          name="newRegionCode"
          label="新地址所在行政区划代码(6 位)"
          rules={[{ pattern: /^\d{6}$/, message: '行政区划代码应为 6 位数字' }]}
        >
          <Input inputMode="numeric" maxLength={6} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="description"
        label="变更内容(变更前 → 变更后)"
        rules={[{ required: true, whitespace: true, message: '请写明变更内容' }]}
      >
        <Input.TextArea rows={3} data-testid="change-description" />
      </Form.Item>
      <Popconfirm title="报告后不能撤回。确定报告?" onConfirm={() => form.submit()}>
        <Button type="primary" loading={report.isPending} data-testid="change-submit">
          报告重大事项变更
        </Button>
      </Popconfirm>
    </Form>
  );
}

/** The recommender's review of one change awaiting it: agree (→ staff) or return, after confirming. */
function RecommendChange({ ch }: { ch: CarrierChangeDto }) {
  const recommend = $api.useMutation('post', '/api/v1/carriers/changes/{id}/recommend');
  return (
    <RecommenderDecision
      onDecide={async (agree, note) => {
        await recommend.mutateAsync({ params: { path: { id: ch.id } }, body: { agree, note } });
        await refresh();
      }}
      agreeConfirm="同意后报科技厅处理,不能撤回。确定?"
      returnConfirm="确定退回该变更?"
      agreedText="已审核同意,报科技厅处理"
      returnedText="已退回"
      testIdPrefix="change-recommend"
    />
  );
}

/** Staff's decision on one change: the first (file / approve / refuse) or the second (confirm / refuse). */
function DecideChange({ ch }: { ch: CarrierChangeDto }) {
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const decide = $api.useMutation('post', '/api/v1/carriers/changes/{id}/decide');
  const confirm = $api.useMutation('post', '/api/v1/carriers/changes/{id}/confirm');
  const second = ch.status === 'awaiting_second';
  const fourEyes = ch.needsApproval || ch.altersRegistry;
  const revoking = second && ch.revokeProposed;
  const run = async (approve: boolean, revoke = false) => {
    if (note.trim().length < 2) {
      message.error('请填写处理意见');
      return;
    }
    try {
      const m = second ? confirm : decide;
      await m.mutateAsync({
        params: { path: { id: ch.id } },
        body: { approve, note: note.trim(), ...(revoke ? { revoke: true } : {}) },
      });
      await refresh();
      setNote('');
      message.success(
        revoke
          ? '已提出取消备案,待另一名工作人员复核'
          : revoking
            ? approve
              ? '已复核,该载体已撤销'
              : '已不同意撤销,变更退回待处理'
            : approve
              ? second
                ? '已复核批准'
                : fourEyes
                  ? '已批准,待另一名工作人员复核'
                  : '已备案'
              : '已不予批准',
      );
    } catch (e) {
      message.error(errorText(e, '操作失败'));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={second ? '复核意见' : '处理意见'}
        data-testid="change-note"
      />
      <Space wrap>
        <Popconfirm
          title={
            revoking
              ? '同意后该载体即被撤销(不再符合备案条件,001 §19),不能撤回。确定?'
              : second
                ? '复核批准后将更新备案名录。确定?'
                : fourEyes
                  ? '批准后交另一名工作人员复核。确定?'
                  : '确定备案?'
          }
          okButtonProps={{ danger: revoking }}
          onConfirm={() => void run(true)}
        >
          <Button type="primary" danger={revoking} data-testid="change-approve">
            {revoking ? '同意撤销' : second ? '复核批准' : fourEyes ? '批准(待复核)' : '备案'}
          </Button>
        </Popconfirm>
        <Popconfirm
          title={revoking ? '不同意撤销,变更退回待处理。确定?' : '确定不予批准?'}
          okButtonProps={{ danger: !revoking }}
          onConfirm={() => void run(false)}
        >
          <Button danger={!revoking}>{revoking ? '不同意撤销' : '不予批准'}</Button>
        </Popconfirm>
        {second ? null : (
          <Popconfirm
            title="认定不再符合备案条件,交另一名工作人员复核后撤销该载体(001 §19)。确定?"
            okButtonProps={{ danger: true }}
            onConfirm={() => void run(false, true)}
          >
            <Button danger data-testid="change-revoke">
              不再符合备案条件
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Space>
  );
}

/** The changes of a carrier with the report form (host) and the decisions (staff). */
export function ChangesPanel({ user, c }: { user: CurrentUser; c: CarrierDetailDto }) {
  const host = !!user.orgId && user.orgId === c.hostOrgId;
  const staff = can(user, Capability.RunCarrierProgrammes);
  const rec = can(user, Capability.RecommendCarriers);
  const list = $api.useQuery('get', '/api/v1/carriers/{id}/changes', { params: { path: { id: c.id } } });
  const items = list.data?.items ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="changes-panel">
      {items.length === 0 && !list.isLoading ? <Empty description="暂无重大事项变更" /> : null}
      {items.map((ch) => (
        <div key={ch.id} data-testid="change-record" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 12 }}>
          <Space wrap>
            <strong>{ch.kindLabel}</strong>
            <Tag
              color={
                ch.status === 'rejected' || ch.status === 'returned'
                  ? 'red'
                  : ch.status === 'approved' || ch.status === 'acknowledged'
                    ? 'green'
                    : 'gold'
              }
            >
              {ch.statusLabel}
            </Tag>
            {ch.late ? (
              <Tag color="red" data-testid="change-late">
                逾期报告
              </Tag>
            ) : null}
            {ch.needsApproval ? <Tag>须经审批</Tag> : null}
            <span className="muted">
              变更日期 {ch.changedOn},报告日期 {ch.reportedOn}(期限 {ch.reportBy}),{ch.rule}
            </span>
          </Space>
          <p>{ch.description}</p>
          {ch.newName ? <p>新名称:{ch.newName}</p> : null}
          {ch.recommenderNote ? <p className="muted">组织单位审核意见:{ch.recommenderNote}</p> : null}
          {ch.revokeProposed ? (
            <Tag color="red" data-testid="change-revoke-proposed">
              拟取消备案(不再符合备案条件)
            </Tag>
          ) : null}
          {ch.firstDecisionNote ? <p className="muted">初审意见:{ch.firstDecisionNote}</p> : null}
          {ch.secondDecisionNote ? <p className="muted">复核意见:{ch.secondDecisionNote}</p> : null}
          {rec && ch.status === 'awaiting_recommender' ? <RecommendChange ch={ch} /> : null}
          {staff && (ch.status === 'reported' || ch.status === 'awaiting_second') ? (
            ch.status === 'awaiting_second' && ch.firstDecisionBy === user.id ? (
              <p className="muted">您已初审,须由另一名工作人员复核</p>
            ) : (
              <DecideChange ch={ch} />
            )
          ) : null}
        </div>
      ))}
      {host && c.status !== 'revoked' ? <ReportChangeForm c={c} /> : null}
    </Space>
  );
}
