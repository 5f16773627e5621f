/**
 * 公示异议 of a carrier application in the staff console (issue 15; `000` 四.3, `001 §10(三)`): every objection
 * lodged during the notice with who lodged it, when, the reasons and the outcome; an open one may be resolved by
 * staff (`RunCarrierProgrammes`) — 驳回异议 (the notice resumes once none is open) or 异议成立 (the application is
 * rejected) — with the reason written and a confirmation, over `POST /api/v1/carriers/objections/{id}/resolve`.
 * The objections come with the application (`CarrierApplicationDto.objections`, staff only).
 */
import { can, Capability, type CurrentUser } from '@jiebang/contracts';
import { Alert, App, Button, Empty, Form, Input, List, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { formatDate } from '../../../shared/lib/format';
import { carriersChanged } from '../lib/carriers';

type ApplicationDto = components['schemas']['CarrierApplicationDto'];
type Objection = components['schemas']['CarrierObjectionRecordDto'];

/** The outcome of an objection in words, with its colour. */
export const OBJECTION_STATUS: Record<string, { label: string; color: string }> = {
  open: { label: '待处理', color: 'orange' },
  dismissed: { label: '已驳回', color: 'default' },
  upheld: { label: '异议成立', color: 'red' },
};

/** The form of a resolution. */
interface ResolveValues {
  outcome: 'dismissed' | 'upheld';
  resolution: string;
}

/** The dialog resolving one objection: outcome, reason, then a confirmation of what follows. */
function ResolveDialog({ objection, onClose }: { objection: Objection; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ResolveValues>();
  const resolve = $api.useMutation('post', '/api/v1/carriers/objections/{id}/resolve');
  const [error, setError] = useState<string | null>(null);
  const send = async (v: ResolveValues) => {
    try {
      await resolve.mutateAsync({
        params: { path: { id: objection.id } },
        body: { outcome: v.outcome, resolution: v.resolution.trim() },
      });
      await carriersChanged();
      message.success(v.outcome === 'upheld' ? '已认定异议成立,申报不予通过' : '已驳回异议');
      onClose();
    } catch (e) {
      setError(errorText(e, '处理失败'));
    }
  };
  const onOk = async () => {
    const v = await form.validateFields();
    modal.confirm({
      title: v.outcome === 'upheld' ? '确认异议成立?' : '确认驳回异议?',
      content:
        v.outcome === 'upheld'
          ? '异议成立后该申报将不予通过(不再公示、不能发文公布),此操作不可撤销。'
          : '驳回后,如无其他待处理异议,公示恢复进行。此操作不可撤销。',
      okText: '确认',
      cancelText: '再看看',
      okButtonProps: { danger: v.outcome === 'upheld', 'data-testid': 'objection-resolve-confirm' } as never,
      onOk: () => send(v),
    });
  };
  return (
    <Modal
      open
      title="处理异议"
      okText="提交处理结果"
      cancelText="取消"
      onOk={() => void onOk().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={resolve.isPending}
      okButtonProps={{ 'data-testid': 'objection-resolve-ok' } as never}
      destroyOnHidden
    >
      <Typography.Paragraph className="muted">异议理由:{objection.reasons}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" data-testid="objection-resolve-form">
        <Form.Item name="outcome" label="处理结论" rules={[{ required: true, message: '请选择处理结论' }]}>
          <Radio.Group
            data-testid="objection-outcome"
            options={[
              { value: 'dismissed', label: '驳回异议(经核实不成立)' },
              { value: 'upheld', label: '异议成立(申报不予通过)' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="resolution"
          label="核实情况与处理理由"
          rules={[
            { required: true, whitespace: true, message: '请写明核实情况与处理理由' },
            { min: 2, message: '请写明核实情况与处理理由' },
          ]}
        >
          <Input.TextArea rows={4} maxLength={4000} data-testid="objection-resolution" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The objections of an application on notice, with the resolve action for staff. */
export function ObjectionsPanel({ user, app }: { user: CurrentUser; app: ApplicationDto }) {
  const [resolving, setResolving] = useState<Objection | null>(null);
  const objections = app.objections;
  if (!objections) return null;
  const mayResolve = can(user, Capability.RunCarrierProgrammes) && app.status === 'objection';
  return (
    <div data-testid="objections-panel">
      <Typography.Title level={5}>公示异议</Typography.Title>
      {objections.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="公示期内暂无异议" data-testid="objections-empty" />
      ) : (
        <List
          size="small"
          bordered
          dataSource={objections}
          pagination={objections.length > 10 ? { pageSize: 10, size: 'small' } : false}
          renderItem={(o) => {
            const st = OBJECTION_STATUS[o.status] ?? { label: o.status, color: 'default' };
            return (
              <List.Item
                key={o.id}
                data-testid="objection"
                data-status={o.status}
                actions={
                  mayResolve && o.status === 'open'
                    ? [
                        <Button
                          key="resolve"
                          type="primary"
                          size="small"
                          onClick={() => setResolving(o)}
                          data-testid="objection-resolve"
                        >
                          处理
                        </Button>,
                      ]
                    : []
                }
              >
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    <Tag color={st.color}>{st.label}</Tag>
                    <span>
                      {o.lodgedByOrgName ?? ''}
                      {o.lodgedByName ? ` ${o.lodgedByName}` : ''}
                    </span>
                    <span className="muted">{formatDate(o.lodgedAt, true)}</span>
                  </Space>
                  <div data-testid="objection-reasons">{o.reasons}</div>
                  {o.resolution ? (
                    <div className="muted" data-testid="objection-resolution-text">
                      处理结果:{o.resolution}
                      {o.resolvedAt ? `(${formatDate(o.resolvedAt, true)})` : ''}
                    </div>
                  ) : null}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
      {resolving ? <ResolveDialog objection={resolving} onClose={() => setResolving(null)} /> : null}
    </div>
  );
}
