/**
 * The top of the deal page: the status tag, the lifecycle bar (协议审查 → 公示 → 签约 → 实施 → 验收 → 补助 → 完成)
 * and the agreed terms (amount, payment schedule, IP ownership, benefit sharing, duration, registration numbers).
 */
import { DEAL_FORM_LABELS, DEAL_STATUS_LABELS, type DealDto, type DealForm, type DealStatus } from '@jiebang/contracts';
import { Descriptions, Steps, Tag } from 'antd';
import { formatYuan } from '../../negotiations/lib/negotiation';
import { DEAL_STATUS_COLORS, lifecycleSteps, moneyText } from '../lib/deals';

/** The status tag of a deal (`data-status` carries the raw status; test id `deal-status` unless given). */
export function DealStatusTag({ status, label, testId }: { status: DealStatus; label?: string; testId?: string }) {
  return (
    <Tag color={DEAL_STATUS_COLORS[status] ?? 'default'} data-testid={testId ?? 'deal-status'} data-status={status}>
      {DEAL_STATUS_LABELS[status] ?? label ?? status}
    </Tag>
  );
}

/** The lifecycle bar of a deal. */
export function DealLifecycle({ deal }: { deal: DealDto }) {
  const steps = lifecycleSteps(deal);
  const current = Math.max(
    0,
    steps.findIndex((s) => s.status === 'process' || s.status === 'error'),
  );
  return (
    <Steps
      size="small"
      current={steps.every((s) => s.status === 'finish') ? steps.length : current}
      data-testid="deal-lifecycle"
      items={steps.map((s) => ({
        key: s.key,
        title: s.title,
        status: s.status,
        content: s.note ? <span className="muted">{s.note}</span> : undefined,
      }))}
    />
  );
}

/** The agreed terms and the registration data of the signed agreement. */
export function DealTerms({ deal }: { deal: DealDto }) {
  const t = deal.terms;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      bordered
      data-testid="deal-terms"
      items={[
        {
          key: 'form',
          label: '合作方式',
          children: DEAL_FORM_LABELS[t.dealForm as DealForm] ?? t.dealForm,
        },
        {
          key: 'amount',
          label: '协议金额',
          children: <strong data-testid="deal-amount">{moneyText(deal.amountFen)}</strong>,
        },
        {
          key: 'schedule',
          label: '付款计划',
          span: 'filled',
          children: t.schedule.length ? (
            <ol className="nego-schedule-list">
              {t.schedule.map((i, n) => (
                <li key={`${i.dueDate}-${n}`}>
                  第 {n + 1} 期 · {i.dueDate} · {formatYuan(i.amountYuan)}
                </li>
              ))}
            </ol>
          ) : (
            '—'
          ),
        },
        {
          key: 'ip',
          label: '知识产权归属',
          span: 'filled',
          children: <span className="long-text">{t.ipOwnership}</span>,
        },
        {
          key: 'benefit',
          label: '收益分配',
          span: 'filled',
          children: <span className="long-text">{t.benefitSharing}</span>,
        },
        { key: 'duration', label: '合作期限', children: `${t.durationMonths} 个月` },
        { key: 'end', label: '计划完成日期', children: deal.plannedEndOn ?? '签约后确定' },
        { key: 'signed', label: '签约日期', children: deal.signedOn ?? '未签约' },
        { key: 'contract', label: '技术合同登记编号', children: deal.contractRegistrationNo ?? '—' },
        { key: 'taskbook', label: '任务书编号', children: deal.taskBookNo ?? '—' },
        {
          key: 'rd',
          label: '研发总投入(任务书)',
          children: deal.totalRdInvestmentFen ? moneyText(deal.totalRdInvestmentFen) : '—',
        },
      ]}
    />
  );
}
