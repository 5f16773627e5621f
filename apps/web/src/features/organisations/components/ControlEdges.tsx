/**
 * Control edges of an organisation (控制关系): tables of its controllers and the organisations it controls, with
 * each edge's state (有效 / 已终止 / 未生效), an end action (终止, `POST /controls/:id/end`) for staff who may edit —
 * an edge is never deleted, so eligibility on a past date can be rebuilt —, and the add-edge form
 * (`POST /controls`). Both invalidate the relation and match queries.
 */
import { StopOutlined, SwapOutlined } from '@ant-design/icons';
import { CONTROL_KINDS, ErrorCode, type ControlKind } from '@jiebang/contracts';
import {
  Alert,
  App as AntdApp,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { errorText, userMessage, validationFieldErrors } from '../../../shared/lib/apiErrors';
import { CONTROL_KIND_COLORS, CONTROL_KIND_LABELS, formatPct, formatValidity } from '../lib/orgLabels';
import { invalidateOrgRelations } from '../lib/queries';
import type { ControlEdge } from '../lib/types';
import { OrgSelect } from './OrgSelect';
import { SourceText } from '../../../shared/components/SourceText';

/** Which end of the edge the table shows (the other end is the current organisation). */
export type EdgeSide = 'controller' | 'controlled';

/** Props of `ControlEdgeTable`. */
export interface ControlEdgeTableProps {
  edges: ControlEdge[];
  side: EdgeSide;
  /** Whether the user may end edges (an 终止 action per edge still in force). */
  editable?: boolean;
  testId?: string;
}

/** Kind tag of an edge. */
export function ControlKindTag({ kind }: { kind: ControlKind }) {
  return <Tag color={CONTROL_KIND_COLORS[kind] ?? 'default'}>{CONTROL_KIND_LABELS[kind] ?? kind}</Tag>;
}

/** State of an edge today: in force, ended (its last day is past) or not yet in force. */
function EdgeStateTag({ edge }: { edge: ControlEdge }) {
  if (edge.inForce) return <Tag color="green">有效</Tag>;
  return edge.validTo && dayjs(edge.validTo).isBefore(dayjs(), 'day') ? (
    <Tag data-testid="control-ended">已终止</Tag>
  ) : (
    <Tag color="blue">未生效</Tag>
  );
}

interface EndFormValues {
  validTo: Dayjs;
  reason?: string;
}

/** Chinese text of the end-edge refusals that have a fixed meaning. */
const END_ERRORS: Record<string, string> = {
  [ErrorCode.CONTROL_EDGE_ENDED]: '该控制关系已终止,无需再次终止',
};

/**
 * End button: a confirmation dialog with the last day the relation held (default yesterday, so it no longer
 * counts from today) and the reason, recorded in the audit log. The edge stays, with its end date.
 */
function EndEdge({ edge }: { edge: ControlEdge }) {
  const { message } = AntdApp.useApp();
  const end = $api.useMutation('post', '/api/v1/controls/{id}/end', { onSuccess: () => invalidateOrgRelations() });
  const [open, setOpen] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [form] = Form.useForm<EndFormValues>();
  const submit = async (v: EndFormValues) => {
    setSubmitting(true);
    setFailure(undefined);
    try {
      await end.mutateAsync({
        params: { path: { id: edge.id } },
        body: { validTo: v.validTo.format('YYYY-MM-DD'), reason: v.reason?.trim() || undefined },
      });
      message.success('已终止控制关系');
      setOpen(false);
    } catch (err) {
      const e = err instanceof ApiError ? err : undefined;
      setFailure(
        e?.status === 403
          ? '无权访问：仅对接专员或管理员可编辑控制关系'
          : ((e && END_ERRORS[e.code]) ?? errorText(err, '终止失败，请稍后重试')),
      );
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <>
      <Button
        type="link"
        danger
        size="small"
        icon={<StopOutlined />}
        data-testid="control-end"
        onClick={() => {
          setFailure(undefined);
          setOpen(true);
        }}
      >
        终止
      </Button>
      <Modal
        open={open}
        title="终止这条控制关系？"
        okText="终止"
        cancelText="取消"
        okButtonProps={{ danger: true, loading: submitting, ...({ 'data-testid': 'control-end-confirm' } as object) }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <p className="popconfirm-text">
          {edge.controllerName} → {edge.controlledName}
          <br />
          终止后，记录仍保留并注明失效日期；失效日期之后的资格审查不再据此认定两家单位的控制关系，此前日期的审查仍会看到它。
        </p>
        {failure ? <Alert type="error" showIcon title={failure} className="form-alert" /> : null}
        <Form<EndFormValues>
          form={form}
          name={`end-control-edge-${edge.id}`}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{ validTo: dayjs().subtract(1, 'day') }}
        >
          <Form.Item
            name="validTo"
            label="最后有效日"
            extra="控制关系成立的最后一天；默认昨天，即自今日起不再有效"
            rules={[{ required: true, message: '请选择最后有效日' }]}
          >
            <DatePicker className="full-width" data-testid="control-end-date" />
          </Form.Item>
          <Form.Item name="reason" label="终止原因" rules={[{ max: 1000, message: '终止原因最多1000个字' }]}>
            <Input.TextArea
              rows={2}
              maxLength={1000}
              placeholder="如：股权转让公告文号、工商变更登记"
              data-testid="control-end-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The controllers (`side="controller"`) or the controlled organisations of the current organisation. */
export function ControlEdgeTable({ edges, side, editable, testId }: ControlEdgeTableProps) {
  const columns: TableColumnsType<ControlEdge> = [
    {
      key: 'org',
      title: side === 'controller' ? '控制方' : '受控单位',
      render: (_, e) => {
        const id = side === 'controller' ? e.controllerOrgId : e.controlledOrgId;
        const name = side === 'controller' ? e.controllerName : e.controlledName;
        return (
          <Link to={`/organizations/${encodeURIComponent(id)}`} data-testid="control-org-link">
            {name}
          </Link>
        );
      },
    },
    { key: 'kind', title: '关系类型', width: 100, render: (_, e) => <ControlKindTag kind={e.kind} /> },
    {
      key: 'equity',
      title: '持股比例',
      width: 90,
      render: (_, e) => formatPct(e.equityPct) ?? <span className="empty-value">—</span>,
    },
    { key: 'valid', title: '有效期', width: 200, render: (_, e) => formatValidity(e.validFrom, e.validTo) },
    { key: 'state', title: '状态', width: 80, render: (_, e) => <EdgeStateTag edge={e} /> },
    { key: 'source', title: '来源', render: (_, e) => <SourceText source={e.source} /> },
  ];
  if (editable) {
    columns.push({
      key: 'actions',
      title: '操作',
      width: 80,
      render: (_, e) => (e.validTo === null || e.inForce ? <EndEdge edge={e} /> : null),
    });
  }
  return (
    <Table<ControlEdge>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={edges}
      pagination={false}
      data-testid={testId}
      locale={{ emptyText: side === 'controller' ? '未登记控制方' : '未登记受控单位' }}
      scroll={{ x: 640 }}
    />
  );
}

interface EdgeFormValues {
  controllerOrgId?: string;
  controlledOrgId?: string;
  kind: ControlKind;
  equityPct?: number | null;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  source?: string;
}

/** Chinese text of the add-edge errors that have a fixed meaning. */
const EDGE_ERRORS: Record<string, string> = {
  [ErrorCode.CONTROL_EDGE_EXISTS]: '这两家单位之间已登记同类且有效期重叠的控制关系；如情况有变，请先终止原记录',
  [ErrorCode.CONTROL_SELF_EDGE]: '控制方与受控单位不能是同一单位',
};

/** Props of `ControlEdgeForm`. */
export interface ControlEdgeFormProps {
  /** The organisation being edited; preset as the controlled organisation. */
  org: { id: string; name: string };
}

/** Form adding one control edge. */
export function ControlEdgeForm({ org }: ControlEdgeFormProps) {
  const [form] = Form.useForm<EdgeFormValues>();
  const create = $api.useMutation('post', '/api/v1/controls', { onSuccess: () => invalidateOrgRelations() });
  const { message } = AntdApp.useApp();
  const kind = Form.useWatch('kind', form);
  const pct = Form.useWatch('equityPct', form);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const preset = [{ value: org.id, label: org.name, hint: '当前单位' }];

  const swap = () => {
    const { controllerOrgId, controlledOrgId } = form.getFieldsValue(['controllerOrgId', 'controlledOrgId']);
    form.setFieldsValue({ controllerOrgId: controlledOrgId, controlledOrgId: controllerOrgId });
    void form.validateFields(['controlledOrgId']).catch(() => undefined);
  };

  const onFinish = async (v: EdgeFormValues) => {
    if (!v.controllerOrgId || !v.controlledOrgId) return;
    setSubmitting(true);
    setFailure(undefined);
    try {
      await create.mutateAsync({
        body: {
          controllerOrgId: v.controllerOrgId,
          controlledOrgId: v.controlledOrgId,
          kind: v.kind,
          equityPct: v.kind === 'equity' && typeof v.equityPct === 'number' ? v.equityPct : undefined,
          validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : undefined,
          validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : undefined,
          source: (v.source ?? '').trim(),
        },
      });
      message.success('已添加控制关系');
      form.resetFields();
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setFailure('添加失败，请稍后重试');
      } else if (EDGE_ERRORS[err.code]) {
        form.setFields([{ name: 'controlledOrgId', errors: [EDGE_ERRORS[err.code]] }]);
      } else if (err.status === 403) {
        setFailure('无权访问：仅对接专员或管理员可编辑控制关系');
      } else if (err.code === ErrorCode.VALIDATION_FAILED) {
        const entries = validationFieldErrors(err);
        if (entries.length) form.setFields(entries as Parameters<typeof form.setFields>[0]);
        else setFailure(userMessage(err, '填写内容有误，请检查后重新提交'));
      } else {
        setFailure(errorText(err, '添加失败，请稍后重试'));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<EdgeFormValues>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      initialValues={{ controlledOrgId: org.id, kind: 'equity' }}
      data-testid="control-edge-form"
    >
      {failure ? <Alert type="error" showIcon title={failure} className="form-alert" /> : null}
      <Row gutter={12} align="bottom">
        <Col xs={24} md={11}>
          <Form.Item name="controllerOrgId" label="控制方" rules={[{ required: true, message: '请选择控制方单位' }]}>
            <OrgSelect presetOptions={preset} testId="control-controller-select" />
          </Form.Item>
        </Col>
        <Col xs={24} md={2} className="swap-col">
          <Form.Item label=" ">
            <Button
              icon={<SwapOutlined />}
              onClick={swap}
              aria-label="交换控制方与受控单位"
              title="交换控制方与受控单位"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={11}>
          <Form.Item
            name="controlledOrgId"
            label="受控单位"
            dependencies={['controllerOrgId']}
            rules={[
              { required: true, message: '请选择受控单位' },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  value && value === getFieldValue('controllerOrgId')
                    ? Promise.reject(new Error(EDGE_ERRORS.CONTROL_SELF_EDGE))
                    : Promise.resolve(),
              }),
            ]}
          >
            <OrgSelect presetOptions={preset} testId="control-controlled-select" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label="关系类型" rules={[{ required: true, message: '请选择关系类型' }]}>
            <Radio.Group
              optionType="button"
              options={CONTROL_KINDS.map((k) => ({
                value: k,
                label: k === 'equity' ? '股权控制' : CONTROL_KIND_LABELS[k],
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          {kind === 'equity' ? (
            <Form.Item
              name="equityPct"
              label="持股比例"
              extra={
                typeof pct === 'number' && pct <= 50
                  ? '持股未超过50%，请确认是否构成实际控制(如一致行动、表决权委托)'
                  : '控制方直接持有受控单位的股权比例'
              }
              rules={[{ required: true, message: '股权控制须填写持股比例(0-100)' }]}
            >
              <InputNumber<number>
                min={0}
                max={100}
                precision={2}
                step={1}
                suffix="%"
                placeholder="如 60"
                className="full-width"
                data-testid="control-equity"
              />
            </Form.Item>
          ) : null}
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="validFrom" label="生效日期">
            <DatePicker className="full-width" placeholder="不填表示自始有效" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
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
            <DatePicker className="full-width" placeholder="不填表示长期有效" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="source"
            label="来源"
            extra="如：国家企业信用信息公示系统、上市公司年报、股东协议文号或公告网址"
            rules={[
              { required: true, whitespace: true, message: '请填写控制关系的来源(公告、工商登记等)' },
              { min: 2, message: '来源至少2个字' },
              { max: 500, message: '来源最多500个字' },
            ]}
          >
            <Input.TextArea rows={2} maxLength={500} showCount data-testid="control-source" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="control-submit">
        添加控制关系
      </Button>
    </Form>
  );
}
