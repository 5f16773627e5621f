/**
 * 信用记录 (联合惩戒名单 / 科研失信) of an organisation: a table, and the add form (`POST /credit-records`, which
 * invalidates the relation and match queries).
 */
import { CREDIT_KINDS, ErrorCode, type CreditKind } from '@jiebang/contracts';
import { Alert, App as AntdApp, Button, Col, DatePicker, Form, Input, Row, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { errorText, userMessage, validationFieldErrors } from '../../../shared/lib/apiErrors';
import { CREDIT_KIND_LABELS, formatValidity } from '../lib/orgLabels';
import { invalidateOrgRelations } from '../lib/queries';
import type { CreditRecord } from '../lib/types';
import { SourceText } from '../../../shared/components/SourceText';

/** The records of one organisation. */
export function CreditRecordTable({ records }: { records: CreditRecord[] }) {
  return (
    <Table<CreditRecord>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={records}
      data-testid="credit-records"
      locale={{ emptyText: '无信用记录' }}
      scroll={{ x: 640 }}
      columns={[
        {
          key: 'kind',
          title: '类型',
          width: 120,
          render: (_, r) => <Tag color="red">{CREDIT_KIND_LABELS[r.kind] ?? r.kind}</Tag>,
        },
        { key: 'reason', title: '事由', dataIndex: 'reason' },
        { key: 'valid', title: '有效期', width: 200, render: (_, r) => formatValidity(r.validFrom, r.validTo) },
        {
          key: 'inForce',
          title: '状态',
          width: 80,
          render: (_, r) => (r.inForce ? <Tag color="error">在效</Tag> : <Tag>已失效</Tag>),
        },
        { key: 'source', title: '来源', render: (_, r) => <SourceText source={r.source} /> },
      ]}
    />
  );
}

interface CreditFormValues {
  kind?: CreditKind;
  reason?: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  source?: string;
}

/** Form adding a credit record to `orgId`. */
export function CreditRecordForm({ orgId }: { orgId: string }) {
  const [form] = Form.useForm<CreditFormValues>();
  const create = $api.useMutation('post', '/api/v1/credit-records', { onSuccess: () => invalidateOrgRelations() });
  const { message } = AntdApp.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();

  const onFinish = async (v: CreditFormValues) => {
    if (!v.kind || !v.validFrom) return;
    setSubmitting(true);
    setFailure(undefined);
    try {
      await create.mutateAsync({
        body: {
          orgId,
          kind: v.kind,
          reason: (v.reason ?? '').trim(),
          validFrom: v.validFrom.format('YYYY-MM-DD'),
          validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : undefined,
          source: (v.source ?? '').trim(),
        },
      });
      message.success('已添加信用记录');
      form.resetFields();
    } catch (err) {
      if (!(err instanceof ApiError)) setFailure('添加失败，请稍后重试');
      else if (err.status === 403) setFailure('无权访问：仅对接专员或管理员可登记信用记录');
      else if (err.code === ErrorCode.VALIDATION_FAILED) {
        const entries = validationFieldErrors(err);
        if (entries.length) form.setFields(entries as Parameters<typeof form.setFields>[0]);
        else setFailure(userMessage(err, '填写内容有误，请检查后重新提交'));
      } else setFailure(errorText(err, '添加失败，请稍后重试'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<CreditFormValues> form={form} layout="vertical" onFinish={onFinish} data-testid="credit-record-form">
      {failure ? <Alert type="error" showIcon title={failure} className="form-alert" /> : null}
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择记录类型' }]}>
            <Select
              placeholder="请选择"
              options={CREDIT_KINDS.map((k) => ({ value: k, label: CREDIT_KIND_LABELS[k] }))}
              data-testid="credit-kind"
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="validFrom" label="生效日期" rules={[{ required: true, message: '请选择生效日期' }]}>
            <DatePicker className="full-width" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item
            name="validTo"
            label="失效日期"
            dependencies={['validFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null | undefined) => {
                  const from = getFieldValue('validFrom') as Dayjs | null | undefined;
                  return value && from && value.isBefore(from, 'day')
                    ? Promise.reject(new Error('失效日期不能早于生效日期'))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker className="full-width" placeholder="不填表示长期" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="reason"
            label="事由"
            rules={[
              { required: true, whitespace: true, message: '请填写事由' },
              { min: 2, max: 1000, message: '事由应为2-1000个字' },
            ]}
          >
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="source"
            label="来源"
            extra="文号或公示网址，如“信用中国”公示页面"
            rules={[
              { required: true, whitespace: true, message: '请填写来源(文号或网址)' },
              { min: 2, max: 500, message: '来源应为2-500个字' },
            ]}
          >
            <Input maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="credit-submit">
        添加信用记录
      </Button>
    </Form>
  );
}
