/**
 * 编辑专家资料 — a staff administrator keeps an expert's profile in the pool (`PATCH /api/v1/users/{id}` with
 * `expert`): fields, other fields, title, specialities, contact and availability.
 */
import { Field, FIELD_LABELS } from '@jiebang/contracts';
import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';

/** An expert of the pool. */
type ExpertPoolEntryDto = components['schemas']['ExpertPoolEntryDto'];

/** Values of the form. */
interface ExpertValues {
  fields: Field[];
  otherFields: string[];
  title?: string;
  specialities: string[];
  phone?: string;
  email?: string;
  available: boolean;
}

/** Props of `EditExpertModal`. */
export interface EditExpertModalProps {
  /** The expert to edit; closed while null. */
  expert: ExpertPoolEntryDto | null;
  onClose: () => void;
}

/** The edit form in a modal. */
export function EditExpertModal({ expert, onClose }: EditExpertModalProps) {
  const [form] = Form.useForm<ExpertValues>();
  const [error, setError] = useState<string>();
  const save = $api.useMutation('patch', '/api/v1/users/{id}', {
    onSuccess: () => invalidate('/api/v1/experts', '/api/v1/users'),
  });

  const submit = async () => {
    if (!expert) return;
    const v = await form.validateFields();
    setError(undefined);
    try {
      await save.mutateAsync({
        params: { path: { id: expert.id } },
        body: {
          expert: {
            fields: v.fields,
            otherFields: v.otherFields,
            title: v.title ?? '',
            specialities: v.specialities,
            phone: v.phone || undefined,
            email: v.email || undefined,
            available: v.available,
          },
        },
      });
      onClose();
    } catch (err) {
      setError(errorText(err, '保存失败,请稍后重试'));
    }
  };

  return (
    <Modal
      open={!!expert}
      title={expert ? `编辑专家资料 · ${expert.displayName}` : ''}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} className="form-alert" /> : null}
      {expert ? (
        <Form<ExpertValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          preserve={false}
          initialValues={{
            fields: expert.fields,
            otherFields: expert.otherFields,
            title: expert.title ?? undefined,
            specialities: expert.specialities,
            phone: expert.phone ?? undefined,
            email: expert.email ?? undefined,
            available: expert.available,
          }}
        >
          <Form.Item name="fields" label="擅长领域(五大领域)">
            <Select mode="multiple" options={Object.values(Field).map((f) => ({ value: f, label: FIELD_LABELS[f] }))} />
          </Form.Item>
          <Form.Item name="otherFields" label="其他领域" extra="输入后按回车添加">
            <Select mode="tags" open={false} />
          </Form.Item>
          <Form.Item name="title" label="职称">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="specialities" label="专长" extra="输入后按回车添加">
            <Select mode="tags" open={false} />
          </Form.Item>
          <Form.Item
            name="phone"
            label="电话"
            rules={[{ pattern: /^[0-9+\-() ]{5,20}$/, message: '手机/电话号码格式不正确' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="email" label="电子邮箱" rules={[{ type: 'email', message: '电子邮箱格式不正确' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="available" label="可接受评审邀请" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
