/**
 * The project pool of a 概念验证中心 or 中试基地(平台), for the users of its 依托单位 (issue 15 §8; `001 §14`): put a
 * project in; the centre records that it passed concept validation and offers it to a pilot base in 运行; the base
 * accepts it into its pool or declines with a reason; after the pilot the base links the 成果转化 listing it posted, which
 * then shows its origin. Each step confirms first; the server's refusals are shown as it words them.
 */
import { FIELD_LABELS, ListingKind } from '@jiebang/contracts';
import { App, Button, Card, Empty, Form, Input, List, Popconfirm, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { optionsOf } from '../lib/carriers';

type CarrierDetailDto = components['schemas']['CarrierDetailDto'];
type CarrierProjectDto = components['schemas']['CarrierProjectDto'];

/** Kinds that keep a project pool. */
export const POOL_KINDS = ['concept_validation', 'pilot_base', 'pilot_platform'];

const refresh = () => invalidate('/api/v1/carriers/{id}/projects');

/** The step a project offers the host, by its status and the carrier's kind. */
function ProjectActions({ c, p, incoming }: { c: CarrierDetailDto; p: CarrierProjectDto; incoming: boolean }) {
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [target, setTarget] = useState<string | undefined>();
  const [listingId, setListingId] = useState<string | undefined>();
  const validate = $api.useMutation('post', '/api/v1/carriers/projects/{id}/validate');
  const handOver = $api.useMutation('post', '/api/v1/carriers/projects/{id}/handover');
  const accept = $api.useMutation('post', '/api/v1/carriers/projects/{id}/accept');
  const decline = $api.useMutation('post', '/api/v1/carriers/projects/{id}/decline');
  const link = $api.useMutation('post', '/api/v1/carriers/projects/{id}/listing');
  const concept = c.kind === 'concept_validation';
  const bases = $api.useQuery(
    'get',
    '/api/v1/carriers',
    { params: { query: { kind: 'pilot_base', status: 'operating', pageSize: 100 } } },
    { enabled: concept && p.status === 'validated' },
  );
  const own = $api.useQuery(
    'get',
    '/api/v1/listings',
    { params: { query: { kind: ListingKind.Achievement, q: c.hostOrgName, hitsPerPage: 50 } } },
    { enabled: !concept && p.status === 'piloting' },
  );
  const path = { params: { path: { id: p.id } } };
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      await refresh();
      message.success(done);
    } catch (e) {
      message.error(errorText(e, '操作失败'));
    }
  };
  const confirm = (title: string, onConfirm: () => void, label: string, disabled = false, testId = '') => (
    <Popconfirm title={title} okText="确认办理" cancelText="取消" onConfirm={onConfirm} disabled={disabled}>
      <Button size="small" type="primary" disabled={disabled} data-testid={testId}>
        {label}
      </Button>
    </Popconfirm>
  );
  if (incoming)
    return (
      <Space wrap>
        {confirm(
          '接收该项目进入本基地项目库?',
          () => void run(() => accept.mutateAsync(path), '已接收入库'),
          '接收入库',
          false,
          'project-accept',
        )}
        <Input
          placeholder="不接收的理由"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          style={{ width: 200 }}
        />
        <Popconfirm
          title="退回该项目?"
          okText="确认办理"
          cancelText="取消"
          disabled={note.trim().length < 2}
          onConfirm={() => void run(() => decline.mutateAsync({ ...path, body: { note: note.trim() } }), '已退回')}
        >
          <Button size="small" danger disabled={note.trim().length < 2}>
            不接收
          </Button>
        </Popconfirm>
      </Space>
    );
  if (concept && p.status === 'in_pool')
    return (
      <Space wrap>
        <Input
          placeholder="概念验证结论"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          style={{ width: 200 }}
        />
        {confirm(
          '记录该项目通过概念验证?',
          () => void run(() => validate.mutateAsync({ ...path, body: { note: note.trim() } }), '已记录通过概念验证'),
          '通过概念验证',
          note.trim().length < 2,
          'project-validate',
        )}
      </Space>
    );
  if (concept && p.status === 'validated')
    return (
      <Space wrap>
        <Select
          placeholder="选择运行中的中试基地"
          value={target}
          onChange={setTarget}
          style={{ minWidth: 240 }}
          options={(bases.data?.items ?? []).map((b) => ({ value: b.id, label: b.plateName || b.name }))}
          data-testid="project-target"
        />
        {confirm(
          '将该项目移交所选中试基地?对方接收后项目进入其项目库。',
          () =>
            void run(() => handOver.mutateAsync({ ...path, body: { toCarrierId: target as string } }), '已移交,待接收'),
          '移交中试基地',
          !target,
          'project-handover',
        )}
      </Space>
    );
  if (!concept && p.status === 'piloting')
    return (
      <Space wrap>
        <Select
          placeholder="本单位发布的成果转化榜单"
          value={listingId}
          onChange={setListingId}
          style={{ minWidth: 240 }}
          options={(own.data?.hits ?? []).map((h) => ({ value: h.id, label: h.title }))}
        />
        {confirm(
          '将该榜单登记为本项目中试后发布的成果转化榜单?',
          () => void run(() => link.mutateAsync({ ...path, body: { listingId: listingId as string } }), '已关联榜单'),
          '关联成果转化榜单',
          !listingId,
        )}
      </Space>
    );
  return null;
}

/** One project: title, status, field, history in words, and its next step. */
function ProjectItem({ c, p, incoming }: { c: CarrierDetailDto; p: CarrierProjectDto; incoming: boolean }) {
  return (
    <List.Item data-testid="project-item">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <strong>{p.title}</strong>
          <Tag color="blue">{p.statusLabel}</Tag>
          {p.field ? <Tag color="cyan">{(FIELD_LABELS as Record<string, string>)[p.field] ?? p.field}</Tag> : null}
        </Space>
        <span className="muted">{p.history.map((h) => `${h.carrierName} ${h.actionLabel}`).join(' → ')}</span>
        <ProjectActions c={c} p={p} incoming={incoming} />
      </Space>
    </List.Item>
  );
}

/** The pool panel (the host's users only; the server answers 404 to anyone else). */
export function CarrierProjects({ c }: { c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const pool = $api.useQuery('get', '/api/v1/carriers/{id}/projects', { params: { path: { id: c.id } } });
  const create = $api.useMutation('post', '/api/v1/carriers/{id}/projects');
  const onFinish = async (v: { title: string; field?: string; summary?: string }) => {
    try {
      await create.mutateAsync({
        params: { path: { id: c.id } },
        body: { title: v.title.trim(), field: v.field as never, summary: v.summary?.trim() || undefined },
      });
      await refresh();
      message.success('项目已入库');
      form.resetFields();
    } catch (e) {
      message.error(errorText(e, '入库失败'));
    }
  };
  const items = pool.data?.items ?? [];
  const incoming = pool.data?.incoming ?? [];
  return (
    <Card title="项目库(001 §14)" size="small" data-testid="carrier-projects">
      {incoming.length ? (
        <List
          size="small"
          header="待接收的项目"
          dataSource={incoming}
          renderItem={(p) => <ProjectItem c={c} p={p} incoming />}
        />
      ) : null}
      {items.length === 0 ? (
        <Empty description="项目库暂无项目" />
      ) : (
        <List
          size="small"
          dataSource={items}
          pagination={items.length > 10 ? { pageSize: 10, size: 'small' } : false}
          renderItem={(p) => <ProjectItem c={c} p={p} incoming={false} />}
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} style={{ maxWidth: 640, marginTop: 12 }}>
        <Form.Item name="title" label="项目名称" rules={[{ required: true, min: 2, message: '请填写项目名称' }]}>
          <Input maxLength={200} data-testid="project-title" />
        </Form.Item>
        <Form.Item name="field" label="领域">
          <Select allowClear options={optionsOf(FIELD_LABELS)} />
        </Form.Item>
        <Form.Item name="summary" label="项目简介">
          <Input.TextArea rows={2} maxLength={3000} />
        </Form.Item>
        <Button htmlType="submit" loading={create.isPending} data-testid="project-create">
          项目入库
        </Button>
      </Form>
    </Card>
  );
}
