/**
 * 认证 confirmation: verifying an organisation lets it post and take listings, so it is confirmed first
 * (`POST /organizations/:id/verify`, which invalidates the organisation and its lists).
 */
import { ORG_TYPE_LABELS } from '@jiebang/contracts';
import { Alert, App as AntdApp, Checkbox, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { regionLabel } from '../../../shared/lib/format';
import { invalidateOrganizations } from '../lib/queries';
import type { Organization } from '../lib/types';

interface VerifyValues {
  note?: string;
  independentLegalPerson: boolean;
}

/** Props of `VerifyModal`. */
export interface VerifyModalProps {
  /** The organisation to verify; the modal is open while set. */
  org: Organization | undefined;
  onClose: () => void;
  onVerified: (org: Organization) => void;
}

/** The confirmation modal. */
export function VerifyModal({ org, onClose, onVerified }: VerifyModalProps) {
  const [form] = Form.useForm<VerifyValues>();
  const { message } = AntdApp.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const verify = $api.useMutation('post', '/api/v1/organizations/{id}/verify', {
    onSuccess: () => invalidateOrganizations(),
  });

  const submit = async () => {
    if (!org) return;
    const values = await form.validateFields();
    setSubmitting(true);
    setFailure(undefined);
    try {
      const updated = await verify.mutateAsync({
        params: { path: { id: org.id } },
        body: { note: values.note?.trim() || undefined, independentLegalPerson: values.independentLegalPerson },
      });
      message.success(`已认证：${updated.name}`);
      onVerified(updated);
    } catch (err) {
      const e = err instanceof ApiError ? err : undefined;
      setFailure(e?.status === 403 ? '无权访问：仅对接专员或管理员可认证单位' : errorText(err, '认证失败，请稍后重试'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={!!org}
      title="认证单位"
      okText="确认认证"
      cancelText="取消"
      confirmLoading={submitting}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => setFailure(undefined)}
      okButtonProps={{ 'data-testid': 'verify-confirm' } as Record<string, string>}
    >
      {org ? (
        <>
          <Alert
            type="warning"
            showIcon
            className="form-alert"
            title="认证后，该单位即可发布榜单和揭榜"
            description="请先核验营业执照或法人登记证书：单位名称、统一社会信用代码须与登记信息一致。"
          />
          <Descriptions
            size="small"
            column={1}
            bordered
            className="verify-descriptions"
            items={[
              { key: 'name', label: '单位名称', children: org.name },
              { key: 'uscc', label: '统一社会信用代码', children: org.uscc ?? '未填写' },
              { key: 'type', label: '单位类型', children: ORG_TYPE_LABELS[org.type] ?? org.type },
              { key: 'region', label: '所在地区', children: regionLabel(org.regionCode, org.regionName) ?? '未填写' },
            ]}
          />
          {failure ? <Alert type="error" showIcon title={failure} className="form-alert" /> : null}
          <Form<VerifyValues>
            form={form}
            layout="vertical"
            initialValues={{ independentLegalPerson: org.independentLegalPerson ?? true }}
          >
            <Form.Item name="independentLegalPerson" valuePropName="checked" extra="分公司等非独立法人请取消勾选">
              <Checkbox>具有独立法人资格</Checkbox>
            </Form.Item>
            <Form.Item name="note" label="审核备注" rules={[{ max: 500, message: '最多500个字' }]}>
              <Input.TextArea rows={2} maxLength={500} placeholder="如：已核验营业执照原件" />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}
