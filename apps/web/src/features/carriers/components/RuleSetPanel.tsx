/**
 * 规则集 (issue 15 §1): the stored rule sets (`GET /api/v1/carriers/rule-sets`, newest first) with their code and
 * version, source document and standing (参照 / 现行 / 未生效 / 已失效, from the data), a detail drawer of their
 * values (`RuleSetDetail`) and 加载规则集 (`RuleSetLoadModal`). Staff with `RunCarrierProgrammes`.
 */
import { PlusOutlined } from '@ant-design/icons';
import type { CarrierRuleSet } from '@jiebang/contracts';
import { Button, Card, Drawer, Empty, Grid, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { beijingToday, RuleSetDetail, ruleSetStanding } from './RuleSetDetail';
import { RuleSetLoadModal } from './RuleSetLoadModal';

type RuleSetRecord = components['schemas']['CarrierRuleSetRecordDto'];

/** The card of rule sets. */
export function RuleSetPanel() {
  const q = $api.useQuery('get', '/api/v1/carriers/rule-sets');
  const [shown, setShown] = useState<RuleSetRecord | null>(null);
  const [loading, setLoading] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;
  const today = beijingToday();
  return (
    <Card
      title="规则集"
      data-testid="rule-sets"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setLoading(true)} data-testid="rule-set-load">
          加载规则集
        </Button>
      }
    >
      {q.error ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} title="规则集加载失败" />
      ) : !q.data ? (
        <Skeleton active />
      ) : q.data.items.length === 0 ? (
        <Empty description="尚无规则集" data-testid="rule-sets-empty" />
      ) : (
        <Table<RuleSetRecord>
          rowKey="id"
          size="small"
          dataSource={q.data.items}
          scroll={{ x: 820 }}
          pagination={q.data.items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          onRow={(r) => ({ 'data-testid': 'rule-set-row', 'data-id': r.id }) as never}
          columns={[
            {
              key: 'id',
              title: '标识/版本',
              width: 200,
              render: (_, r) => (
                <span>
                  {r.key} <Tag>v{r.version}</Tag>
                </span>
              ),
            },
            { key: 'title', title: '名称', dataIndex: 'title' },
            { key: 'doc', title: '来源文号', dataIndex: 'documentNo', width: 170 },
            {
              key: 'standing',
              title: '效力',
              width: 120,
              render: (_, r) => {
                const s = ruleSetStanding(r.rules as unknown as CarrierRuleSet, today);
                return <Tag color={s.color}>{s.label}</Tag>;
              },
            },
            {
              key: 'act',
              title: '',
              width: 80,
              render: (_, r) => (
                <Button type="link" size="small" onClick={() => setShown(r)} data-testid="rule-set-view">
                  查看
                </Button>
              ),
            },
          ]}
        />
      )}
      <Drawer
        open={!!shown}
        onClose={() => setShown(null)}
        size={narrow ? '100%' : 880}
        title={shown ? `规则集 ${shown.id}` : '规则集'}
        destroyOnHidden
      >
        {shown ? <RuleSetDetail record={shown} /> : null}
      </Drawer>
      <RuleSetLoadModal open={loading} onClose={() => setLoading(false)} />
    </Card>
  );
}
