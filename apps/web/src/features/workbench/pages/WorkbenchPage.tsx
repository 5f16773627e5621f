/**
 * 工作台 (`/workbench`, every signed-in user; issue 14 item 1): what waits for me, per work queue, oldest first,
 * each with its due date counted in Chinese working days ("剩余 N 个工作日", red 已逾期), a link to where it is
 * worked, and the overdue totals. Staff see the queues their sub-roles allow, experts their review invitations,
 * institute and enterprise users their organisation's work (`GET /api/v1/workbench`). Lists are cards, so the
 * page reads on a 390 px phone as on a desk.
 */
import { ScheduleOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, List, Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';

type WorkQueueDto = components['schemas']['WorkQueueDto'];
type WorkItemDto = components['schemas']['WorkItemDto'];

/** A Beijing date and time, e.g. `2026-12-07 10:00`. */
function beijing(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);
}

/** Where an item stands against its due date, in words and colour. */
export function dueTag(item: Pick<WorkItemDto, 'overdue' | 'workingDaysLeft'>) {
  if (item.overdue) return <Tag color="red">已逾期</Tag>;
  if (item.workingDaysLeft <= 0) return <Tag color="orange">今日到期</Tag>;
  return <Tag color={item.workingDaysLeft <= 1 ? 'orange' : 'blue'}>剩余 {item.workingDaysLeft} 个工作日</Tag>;
}

/** How long a queue's items may wait, with the source of the period. */
function periodText(q: WorkQueueDto): string {
  if (q.workingDays === null) return '按约定日期';
  return `期限 ${q.workingDays} 个工作日`;
}

function sourceText(q: WorkQueueDto): string {
  return q.source === 'configuration' ? '政策文件未规定期限,由本平台配置' : `依据:${q.source}`;
}

/** One queue as a card of items. */
function QueueCard({ q }: { q: WorkQueueDto }) {
  const hidden = q.total - q.items.length;
  return (
    <Card
      size="small"
      data-testid={`queue-${q.queue}`}
      title={
        <Space wrap size={4}>
          <span>{q.label}</span>
          <Tag>{q.total} 项</Tag>
          {q.overdue > 0 && <Tag color="red">{q.overdue} 项已逾期</Tag>}
        </Space>
      }
      extra={
        <Tooltip title={sourceText(q)}>
          <Typography.Text type="secondary">{periodText(q)}</Typography.Text>
        </Tooltip>
      }
    >
      <List<WorkItemDto>
        dataSource={q.items}
        locale={{ emptyText: '暂无待办' }}
        renderItem={(item) => (
          <List.Item key={item.id} data-testid="work-item">
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Link to={item.link}>{item.title}</Link>
              <Space wrap size={4}>
                {dueTag(item)}
                <Typography.Text type={item.overdue ? 'danger' : 'secondary'}>截止 {item.dueOn}</Typography.Text>
                {item.provisional && <Tag>节假日安排未公布,日期可能调整</Tag>}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                收到于 {beijing(item.enteredAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {hidden > 0 && (
        <Typography.Text type="secondary" data-testid="queue-more">
          另有 {hidden} 项较新的待办未显示
        </Typography.Text>
      )}
    </Card>
  );
}

/** The page. */
export function WorkbenchPage() {
  useDocumentTitle('工作台');
  const wb = $api.useQuery('get', '/api/v1/workbench', { params: { query: { limit: 20 } } });
  const queues = (wb.data?.queues ?? []).filter((q) => q.total > 0);
  return (
    <Card
      className="staff-card"
      data-testid="workbench-page"
      loading={wb.isLoading}
      title={
        <span>
          <ScheduleOutlined /> 工作台
        </span>
      }
    >
      {wb.error ? (
        <ApiErrorView error={wb.error} onRetry={() => void wb.refetch()} title="待办加载失败" />
      ) : wb.data && wb.data.total === 0 ? (
        <Empty description="暂无待办" />
      ) : wb.data ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type={wb.data.overdue > 0 ? 'error' : 'info'}
            showIcon
            title={
              wb.data.overdue > 0
                ? `共 ${wb.data.total} 项待办,其中 ${wb.data.overdue} 项已逾期,请优先处理`
                : `共 ${wb.data.total} 项待办,按收到先后排列`
            }
            description="期限按工作日计算(周末和法定节假日不计,调休上班日计入)。"
          />
          {queues.map((q) => (
            <QueueCard key={q.queue} q={q} />
          ))}
        </Space>
      ) : null}
    </Card>
  );
}
