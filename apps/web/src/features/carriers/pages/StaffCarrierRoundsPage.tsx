/**
 * 申报批次与规则集 (`/staff/carriers/rounds`, staff with `RunCarrierProgrammes`; issue 15 §1, §9): programmes'
 * rounds as data — the rounds (`GET /api/v1/carriers/rounds`: title, programme and kinds, 文号, opening and closing
 * dates, the recommenders' deadline, the rule set, status), 新建批次 (a draft, `RoundCreateDrawer`) and 开启申报
 * (`POST /api/v1/carriers/rounds/:id/open`, confirmed first: an opened round cannot be taken back); below, the
 * stored rule sets with their values and 加载规则集 (`RuleSetPanel`). The API returns every round at once; the
 * table pages them 10 at a time. Tables scroll inside their card on a phone.
 */
import { PlusOutlined } from '@ant-design/icons';
import { can, Capability } from '@jiebang/contracts';
import { App, Button, Card, Empty, Popconfirm, Skeleton, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { Forbidden } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { errorText } from '../../../shared/lib/apiErrors';
import { RoundCreateDrawer } from '../components/RoundCreateDrawer';
import { RuleSetPanel } from '../components/RuleSetPanel';
import { kindText } from '../lib/carriers';

type RoundDto = components['schemas']['CarrierRoundDto'];

/** A round's status: its words and tag colour. */
const ROUND_STATUS: Record<string, { label: string; color: string }> = {
  draft: { label: '草稿', color: 'default' },
  open: { label: '申报中', color: 'green' },
  closed: { label: '已截止', color: 'red' },
};

/** The 开启申报 button of a draft round, with its confirmation. */
function OpenRoundButton({ round }: { round: RoundDto }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const open = $api.useMutation('post', '/api/v1/carriers/rounds/{id}/open');
  const onConfirm = async () => {
    try {
      await open.mutateAsync({ params: { path: { id: round.id } } });
      await client.invalidateQueries({ queryKey: ['get', '/api/v1/carriers/rounds'] });
      message.success(`“${round.title}”已开启申报`);
    } catch (e) {
      message.error(errorText(e, '开启失败'));
    }
  };
  return (
    <Popconfirm
      title="开启申报"
      description={
        <span>
          开启后各单位即可在 {round.opensOn} 至 {round.closesOn} 申报,此操作不可撤回。
          <br />
          请确认文号、日期和规则集无误。
        </span>
      }
      okText="确认开启"
      cancelText="取消"
      okButtonProps={{ 'data-testid': 'round-open-confirm' } as never}
      onConfirm={onConfirm}
    >
      <Button size="small" type="primary" loading={open.isPending} data-testid="round-open">
        开启申报
      </Button>
    </Popconfirm>
  );
}

/** The page. */
export function StaffCarrierRoundsPage() {
  useDocumentTitle('申报批次与规则集');
  const { user } = useAuth();
  const allowed = !!user && can(user, Capability.RunCarrierProgrammes);
  const rounds = $api.useQuery('get', '/api/v1/carriers/rounds', {}, { enabled: allowed });
  const ruleSets = $api.useQuery('get', '/api/v1/carriers/rule-sets', {}, { enabled: allowed });
  const [creating, setCreating] = useState(false);
  if (!user) return null;
  if (!allowed) return <Forbidden description="申报批次和规则集由负责载体计划的工作人员管理。" />;
  const titleOf = new Map((ruleSets.data?.items ?? []).map((r) => [r.id, r.title]));
  const data = rounds.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="staff-carrier-rounds">
      <Card
        title="申报批次"
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            disabled={!ruleSets.data}
            data-testid="round-new"
          >
            新建批次
          </Button>
        }
      >
        {rounds.error ? (
          <ErrorResult error={rounds.error} onRetry={() => void rounds.refetch()} title="批次加载失败" />
        ) : !data ? (
          <Skeleton active />
        ) : data.items.length === 0 ? (
          <Empty data-testid="rounds-empty" description="尚无申报批次,点击“新建批次”创建" />
        ) : (
          <Table<RoundDto>
            rowKey="id"
            size="small"
            data-testid="rounds-table"
            dataSource={data.items}
            scroll={{ x: 1050 }}
            pagination={data.items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            onRow={(r) => ({ 'data-testid': 'round-row', 'data-id': r.id }) as never}
            columns={[
              // Every column has a width that fits 1366 px beside the menu: the title was squeezed to two characters
              // a line when the others took it all.
              { key: 'title', title: '批次', dataIndex: 'title', width: 180 },
              {
                key: 'programme',
                title: '计划/类型',
                width: 200,
                render: (_, r) => (
                  <span>
                    {r.programmeName}
                    <br />
                    <span className="muted">{r.kinds.map((k) => kindText(k)).join('、')}</span>
                  </span>
                ),
              },
              { key: 'doc', title: '文号', dataIndex: 'documentNo', width: 140 },
              {
                key: 'dates',
                title: '申报时间/推荐截止',
                width: 200,
                render: (_, r) => (
                  <span>
                    {r.opensOn} 至 {r.closesOn}
                    <br />
                    <span className="muted">推荐截止 {r.recommendDeadline}</span>
                  </span>
                ),
              },
              {
                key: 'rules',
                title: '规则集',
                width: 160,
                render: (_, r) => titleOf.get(r.ruleSetId) ?? r.ruleSetId,
              },
              {
                key: 'status',
                title: '状态',
                width: 70,
                render: (_, r) => {
                  const s = ROUND_STATUS[r.status] ?? { label: r.status, color: 'default' };
                  return (
                    <Tag color={s.color} data-testid="round-status">
                      {s.label}
                    </Tag>
                  );
                },
              },
              {
                key: 'act',
                title: '操作',
                width: 100,
                render: (_, r) => (r.status === 'draft' ? <OpenRoundButton round={r} /> : null),
              },
            ]}
          />
        )}
      </Card>
      <RuleSetPanel />
      <RoundCreateDrawer open={creating} onClose={() => setCreating(false)} ruleSets={ruleSets.data?.items ?? []} />
    </Space>
  );
}
