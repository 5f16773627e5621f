/**
 * 项目进程 of a deal (`GET /deals/:id/timeline`): everything that happened, oldest first — the action in Chinese,
 * when, who, the status change, the reason and the rule applied, with the entry's place in the hash-chained
 * audit log. Only its parties and staff may read it; for anyone else nothing is asked (the API would answer 404).
 */
import type { AuditEntryDto } from '@jiebang/contracts';
import { Empty, Skeleton, Tag, Timeline } from 'antd';
import { $api } from '../../../api/query';
import { basisText, dealActionLabel, dealHistoryStatusLabel, moneyYuan } from '../lib/deals';
import { formatDate } from '../../../shared/lib/format';
import { ApiErrorView } from '../../../shared/components/Forbidden';

/** The recorded facts an entry shows (amounts in fen), in this order. */
const FACTS: { key: string; label: string; money?: boolean }[] = [
  { key: 'amountFen', label: '金额', money: true },
  { key: 'paidOn', label: '拨付日期' },
  { key: 'workingDays', label: '公示工作日' },
  { key: 'lastDay', label: '公示截止' },
  { key: 'signedOn', label: '签订日期' },
  { key: 'contractRegistrationNo', label: '技术合同登记编号' },
  { key: 'taskBookNo', label: '任务书编号' },
  { key: 'plannedEndOn', label: '计划完成' },
  { key: 'newEndOn', label: '新的计划完成日期' },
  { key: 'to', label: '新的计划完成日期' },
  { key: 'baseFen', label: '计算基数', money: true },
  { key: 'capFen', label: '上限', money: true },
  { key: 'subsidyFen', label: '补助金额', money: true },
  { key: 'disbursedOn', label: '拨付日期' },
  { key: 'reference', label: '凭证号' },
  { key: 'disbursedFen', label: '已拨付财政资金', money: true },
  { key: 'auditedSpentFen', label: '审计确认已使用', money: true },
  { key: 'recoveryFen', label: '应追回', money: true },
];

/** The facts of an entry's `data` as `label value` texts. */
function factsOf(data: AuditEntryDto['data']): string[] {
  if (!data || typeof data !== 'object') return [];
  const out: string[] = [];
  for (const f of FACTS) {
    const v = (data as Record<string, unknown>)[f.key];
    if (v === null || v === undefined || v === '' || typeof v === 'object') continue;
    const text = f.money && /^-?\d+$/.test(String(v)) ? moneyYuan(String(v)) : String(v);
    if (!out.includes(`${f.label} ${text}`)) out.push(`${f.label} ${text}`);
  }
  return out;
}

/** Statuses shown in red. */
const NEGATIVE = new Set(['rejected', 'terminated', 'returned', 'acceptance_failed', 'failed', 'upheld', 'frozen']);

/** Props of `DealTimeline`. */
export interface DealTimelineProps {
  dealId: string;
  /**
   * Whether the user may read the history (a party or staff: `dealHistoryVisible`); when false nothing is asked
   * and a note says who may. Actions refresh it through `dealChanged`.
   */
  visible: boolean;
}

/** The timeline of one deal. */
export function DealTimeline({ dealId, visible }: DealTimelineProps) {
  const { data, error, refetch } = $api.useQuery(
    'get',
    '/api/v1/deals/{id}/timeline',
    { params: { path: { id: dealId } } },
    { enabled: visible },
  );
  if (!visible || (error && (error.statusCode === 403 || error.statusCode === 404))) {
    return (
      <Empty
        description="项目进程仅当事方和科技厅工作人员可见"
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        data-testid="deal-timeline-hidden"
      />
    );
  }
  if (error) return <ApiErrorView error={error} onRetry={() => void refetch()} title="项目进程加载失败" compact />;
  if (!data) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (data.length === 0) return <Empty description="暂无记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      className="audit-timeline"
      data-testid="deal-timeline"
      items={data.map((e) => ({
        key: e.seq,
        color: e.toStatus && NEGATIVE.has(e.toStatus) ? 'red' : e.toStatus === 'completed' ? 'green' : 'blue',
        content: <TimelineEntry entry={e} />,
      }))}
    />
  );
}

/** One entry. */
function TimelineEntry({ entry: e }: { entry: AuditEntryDto }) {
  const from = dealHistoryStatusLabel(e.fromStatus, e.entityType);
  const to = dealHistoryStatusLabel(e.toStatus, e.entityType);
  const facts = factsOf(e.data);
  return (
    <div className="audit-entry" data-testid="deal-timeline-entry" data-action={e.action}>
      <div className="audit-head">
        <strong>{dealActionLabel(e.action)}</strong>
        <span className="muted">{formatDate(e.at, true)}</span>
        <span>{e.actorName ?? '系统'}</span>
        {e.entityType === 'application' ? <Tag>揭榜申报</Tag> : null}
      </div>
      {from || to ? (
        <div className="audit-status">
          {from ? <Tag>{from}</Tag> : null}
          {from && to ? <span className="muted">→</span> : null}
          {to ? <Tag color={e.toStatus && NEGATIVE.has(e.toStatus) ? 'red' : 'blue'}>{to}</Tag> : null}
        </div>
      ) : null}
      {facts.length ? <div className="muted">{facts.join(' · ')}</div> : null}
      {e.reason ? <div className="audit-reason long-text">说明：{e.reason}</div> : null}
      <div className="audit-meta muted">
        {basisText(e.rule) ? <span>{basisText(e.rule)}</span> : null}
        <span title={e.hash}>
          记录号 {e.seq} · 校验 {e.hash.slice(0, 10)}
        </span>
      </div>
    </div>
  );
}
