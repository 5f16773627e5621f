/**
 * 专家库 (`/staff/experts`, staff): the expert pool searched by field, availability and words (name, title,
 * speciality, affiliation), with each expert's affiliation, profile and review history. Filters live in the URL
 * (`?field=&available=&q=`); administrators edit an expert's profile (编辑资料). For one application the API also
 * flags who must recuse (`applicationId`), by the same rule the assignment enforces.
 */
import { ReloadOutlined, SolutionOutlined } from '@ant-design/icons';
import { Capability, Field, FIELD_LABELS } from '@jiebang/contracts';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { useCan } from '../../../auth/useAuth';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { EditExpertModal } from '../components/EditExpertModal';

/** An expert of the pool. */
type ExpertPoolEntryDto = components['schemas']['ExpertPoolEntryDto'];

/** The review history in words, e.g. `论证 3 次(通过 2、不通过 1)· 评审 4 项,已打分 3 项`. */
export function historyText(h: ExpertPoolEntryDto['history']): string {
  return `论证 ${h.listingInvitations} 次(通过 ${h.opinionsPass}、不通过 ${h.opinionsReject})· 评审 ${h.applicationAssignments} 项,已打分 ${h.scores} 项`;
}

/** The page. */
export function ExpertPoolPage() {
  useDocumentTitle('专家库');
  const can = useCan();
  const [editing, setEditing] = useState<ExpertPoolEntryDto | null>(null);
  const [params, setParams] = useSearchParams();
  const rawField = params.get('field');
  const field = (Object.values(Field) as string[]).includes(rawField ?? '') ? (rawField as Field) : undefined;
  const rawAvailable = params.get('available');
  const available = rawAvailable === 'true' || rawAvailable === 'false' ? rawAvailable : undefined;
  const q = params.get('q') ?? '';
  const pool = $api.useQuery(
    'get',
    '/api/v1/experts',
    { params: { query: { field, available, q: q || undefined } } },
    { placeholderData: (p) => p },
  );
  const setQuery = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  return (
    <Card
      className="staff-card"
      data-testid="expert-pool-page"
      title={
        <span>
          <SolutionOutlined /> 专家库
        </span>
      }
    >
      <div className="staff-toolbar">
        <Select
          allowClear
          placeholder="领域"
          style={{ width: 140 }}
          value={field}
          onChange={(v?: Field) => setQuery({ field: v })}
          options={Object.values(Field).map((f) => ({ value: f, label: FIELD_LABELS[f] }))}
          data-testid="expert-field"
        />
        <Select
          allowClear
          placeholder="是否可邀请"
          style={{ width: 140 }}
          value={available}
          onChange={(v?: string) => setQuery({ available: v })}
          options={[
            { value: 'true', label: '可邀请' },
            { value: 'false', label: '暂不可邀请' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="姓名、职称、专长或单位"
          style={{ width: 220 }}
          defaultValue={q}
          onSearch={(v) => setQuery({ q: v.trim() || undefined })}
        />
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void pool.refetch()}>
          刷新
        </Button>
      </div>
      {pool.error ? (
        <ApiErrorView error={pool.error} onRetry={() => void pool.refetch()} title="专家库加载失败" />
      ) : (
        <Table<ExpertPoolEntryDto>
          rowKey="id"
          size="middle"
          data-testid="expert-pool"
          loading={pool.isFetching}
          dataSource={pool.data ?? []}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 位专家` }}
          locale={{ emptyText: '没有符合条件的专家' }}
          columns={[
            {
              title: '专家',
              key: 'name',
              render: (_, e) => (
                <span>
                  {e.displayName}
                  {e.title ? <span className="muted"> · {e.title}</span> : null}
                </span>
              ),
            },
            { title: '工作单位', key: 'org', render: (_, e) => e.orgName ?? '—' },
            {
              title: '领域与专长',
              key: 'fields',
              render: (_, e) => (
                <Space size={4} wrap>
                  {e.fields.map((f) => (
                    <Tag key={f} color="blue">
                      {FIELD_LABELS[f as Field] ?? f}
                    </Tag>
                  ))}
                  {[...e.otherFields, ...e.specialities].map((s) => (
                    <Tag key={s}>{s}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '状态',
              key: 'available',
              render: (_, e) =>
                e.disabled ? (
                  <Tag color="red">账号已停用</Tag>
                ) : e.available ? (
                  <Tag color="green">可邀请</Tag>
                ) : (
                  <Tag>暂不可邀请</Tag>
                ),
            },
            { title: '评审记录', key: 'history', render: (_, e) => historyText(e.history) },
            {
              title: '联系方式',
              key: 'contact',
              render: (_, e) => [e.phone, e.email].filter(Boolean).join(' / ') || '—',
            },
            ...(can(Capability.ManageUsers)
              ? [
                  {
                    title: '操作',
                    key: 'edit',
                    render: (_: unknown, e: ExpertPoolEntryDto) => (
                      <Button size="small" onClick={() => setEditing(e)} data-testid={`edit-expert-${e.username}`}>
                        编辑资料
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <EditExpertModal expert={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
