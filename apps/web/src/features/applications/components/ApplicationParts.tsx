/**
 * Pieces that show an application (揭榜申报): its plan, team, budget and timetable; the consortium with each
 * member's consent; the decision (推荐 / 不推荐 with its structured reason); the experts' scores and totals.
 */
import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { ApplicationStatus, type ApplicationDto, type DeclineCode } from '@jiebang/contracts';
import { Descriptions, Table, Tag } from 'antd';
import { formatDate } from '../../../shared/lib/format';
import { formatMoney } from '../../../shared/lib/money';
import { DECLINE_CODE_LABELS, MAX_CRITERION_SCORE, SCORE_CRITERIA } from '../../../shared/lib/pipeline';
import { APPLICATION_FIELD_LABELS as A } from '../lib/fieldLabels';

/** The consortium: lead first, then each member with its consent. */
export function ConsortiumTags({ app }: { app: ApplicationDto }) {
  return (
    <span className="consortium" data-testid="consortium">
      <Tag color="blue">{app.applicantName}(牵头)</Tag>
      {app.members.map((m) => (
        <Tag
          key={m.orgId}
          color={m.consentedAt ? 'green' : 'gold'}
          icon={m.consentedAt ? <CheckCircleOutlined /> : <ClockCircleOutlined />}
          title={m.consentedAt ? `已确认 ${formatDate(m.consentedAt, true) ?? ''}` : '待确认'}
        >
          {m.name}
          {m.consentedAt ? '' : '(待确认)'}
        </Tag>
      ))}
    </span>
  );
}

/** 推荐 / 不推荐 and its reason (structured code first). */
export function DecisionText({ app }: { app: ApplicationDto }) {
  if (!app.decision) return null;
  const code = app.decision.code as DeclineCode | null;
  const declined = app.status === ApplicationStatus.Declined;
  return (
    <div className={declined ? 'row-reason' : 'row-reason decision-positive'} data-testid="decision">
      {code ? <Tag color={declined ? 'red' : 'green'}>{DECLINE_CODE_LABELS[code] ?? code}</Tag> : null}
      <span className="long-text">{app.decision.reason}</span>
    </div>
  );
}

/** Plan, team, budget, timetable and consortium of an application. */
export function ApplicationDescriptions({ app }: { app: ApplicationDto }) {
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      styles={{ label: { width: 140 } }}
      items={[
        { key: 'consortium', label: A.applicant, children: <ConsortiumTags app={app} /> },
        { key: 'budget', label: A.budgetWan, children: formatMoney(app.budgetFen, 'application') ?? '未填写' },
        { key: 'plan', label: A.plan, children: <div className="long-text">{app.plan}</div> },
        { key: 'team', label: A.team, children: <div className="long-text">{app.team}</div> },
        {
          key: 'timetable',
          label: A.timetable,
          children: app.timetable.length ? (
            <ol className="plain-list" data-testid="timetable">
              {app.timetable.map((t, i) => (
                <li key={i}>
                  {t.dueDate} 前：{t.milestone}
                </li>
              ))}
            </ol>
          ) : (
            <span className="empty-value">未填写</span>
          ),
        },
        { key: 'createdAt', label: A.createdAt, children: formatDate(app.createdAt, true) },
      ]}
    />
  );
}

type ScoreRow = NonNullable<ApplicationDto['scores']>[number];

/** Average of the experts' totals, one decimal (`undefined` without scores). */
export function averageTotal(scores: ScoreRow[] | undefined): string | undefined {
  if (!scores?.length) return undefined;
  const sum = scores.reduce((s, r) => s + r.total, 0);
  return (Math.round((sum / scores.length) * 10) / 10).toFixed(1);
}

/** The experts' scores: one row per expert, the four criteria, total and opinion; average below. */
export function ScoresTable({ scores }: { scores: ScoreRow[] }) {
  const avg = averageTotal(scores);
  return (
    <Table<ScoreRow>
      size="small"
      rowKey={(r, i) => `${r.expertName}:${i ?? 0}`}
      pagination={false}
      dataSource={scores}
      data-testid="scores-table"
      locale={{ emptyText: '尚无专家评分' }}
      scroll={{ x: 720 }}
      columns={[
        { key: 'expert', title: '专家', dataIndex: 'expertName', width: 110 },
        ...SCORE_CRITERIA.map((c) => ({
          key: c.key,
          title: `${c.label}(${MAX_CRITERION_SCORE})`,
          width: 100,
          render: (_: unknown, r: ScoreRow) => r[c.key],
        })),
        { key: 'total', title: '总分(100)', width: 90, render: (_, r) => <strong>{r.total}</strong> },
        { key: 'opinion', title: '评审意见', render: (_, r) => <div className="long-text">{r.opinion}</div> },
      ]}
      summary={() =>
        avg ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>平均</Table.Summary.Cell>
            <Table.Summary.Cell index={1} colSpan={4} />
            <Table.Summary.Cell index={5}>
              <strong data-testid="score-average">{avg}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6}>
              <span className="muted">共 {scores.length} 位专家</span>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
