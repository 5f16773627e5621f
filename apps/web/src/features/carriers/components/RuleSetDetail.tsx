/**
 * One stored carrier rule set as staff read it (issue 15 §1; RULEBOOK §7): its source document, whether it is
 * Inner Mongolia's own and in force or a reference (参照, e.g. Yunnan's `云科规〔2025〕11号` standing in for
 * 内党科办发〔2025〕12号), the periods, the recommenders' quotas, the support rates and caps (fen shown in 万元 and
 * 元 by `formatMoney`), the thresholds with their units and articles, and the evidence required. Read-only: a rule
 * set is never edited, a new version is loaded instead.
 */
import { CARRIER_PROGRAMME_TYPE_LABEL, type CarrierRuleSet, type CarrierThreshold } from '@jiebang/contracts';
import { Descriptions, Table, Tag, Typography } from 'antd';
import type { components } from '../../../../generated/openapi-schema';
import { formatMoney } from '../../../shared/lib/money';
import { kindText } from '../lib/carriers';

type RuleSetRecord = components['schemas']['CarrierRuleSetRecordDto'];

/** Basis points as an exact percentage (`2000` → `20%`, `1250` → `12.5%`). */
export function bpText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/** Where a rule set stands, as the data says: 参照 (another region's rules), 现行, 未生效 or 已失效 (Beijing `today`). */
export function ruleSetStanding(
  rules: Pick<CarrierRuleSet, 'source' | 'validFrom' | 'validUntil'>,
  today: string,
): { label: string; color: string } {
  const region = rules.source?.region ?? '';
  if (!region.startsWith('内蒙古')) return { label: `参照(${region.split(/[(（]/)[0] || '外省'})`, color: 'gold' };
  if (rules.validFrom && today < rules.validFrom) return { label: '未生效', color: 'default' };
  if (rules.validUntil && today > rules.validUntil) return { label: '已失效', color: 'red' };
  return { label: '现行', color: 'green' };
}

/** Today's date in Beijing (`YYYY-MM-DD`). */
export function beijingToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const UNIT: Record<string, string> = { m2: 'm²', person: '人', count: '项', year: '年' };

/** A threshold's requirement in words (`≥ 1000 m²`, `≥ 500 万元(…)`, `是`, `≥ 1/2`). */
export function requirementText(t: CarrierThreshold): string {
  if (t.unit === 'bool') return '须满足';
  if (t.unit === 'ratio') {
    const parts = [];
    if (t.minRatio) parts.push(`≥ ${t.minRatio[0]}/${t.minRatio[1]}`);
    if (t.maxRatio) parts.push(`≤ ${t.maxRatio[0]}/${t.maxRatio[1]}`);
    return parts.join(',');
  }
  const v = (n: number) => (t.unit === 'fen' ? (formatMoney(n, 'application') ?? String(n)) : `${n} ${UNIT[t.unit]}`);
  const parts = [];
  if (t.min !== undefined) parts.push(`≥ ${v(t.min)}`);
  if (t.max !== undefined) parts.push(`≤ ${v(t.max)}`);
  return parts.join(',');
}

/** A period in years or days, or 未规定. */
const years = (n: number | null) => (n === null ? '未规定' : `${n} 年`);

/** Props of `RuleSetDetail`. */
export interface RuleSetDetailProps {
  record: RuleSetRecord;
}

/** The detail of one rule set. */
export function RuleSetDetail({ record }: RuleSetDetailProps) {
  const r = record.rules as unknown as CarrierRuleSet;
  const standing = ruleSetStanding(r, beijingToday());
  const a = r.articles ?? ({} as CarrierRuleSet['articles']);
  const q = r.quota;
  const s = r.support;
  const cap = (fen: string) => formatMoney(fen, 'application') ?? fen;
  const quotaText = (n: number | null) => (n === null ? '未规定' : `${n} 项`);
  return (
    <div data-testid="rule-set-detail">
      <Descriptions size="small" bordered column={1} title="来源与效力">
        <Descriptions.Item label="规则集">
          {record.title} <Tag>{record.id}</Tag>
          <Tag color={standing.color} data-testid="rule-set-standing">
            {standing.label}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label="计划类型">
          {(CARRIER_PROGRAMME_TYPE_LABEL as Record<string, string>)[r.programme] ?? r.programme}
        </Descriptions.Item>
        <Descriptions.Item label="来源文件">
          {r.source.title}({r.source.documentNo},{r.source.issuer})
          {r.source.url ? (
            <>
              {' '}
              <a href={r.source.url} target="_blank" rel="noreferrer">
                原文
              </a>
            </>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label="适用地区">{r.source.region}</Descriptions.Item>
        <Descriptions.Item label="载体类型">{r.kinds.map((k) => kindText(k)).join('、')}</Descriptions.Item>
        <Descriptions.Item label="有效期">
          {r.validFrom ?? '未规定'} 至 {r.validUntil ?? '未规定'}
        </Descriptions.Item>
        <Descriptions.Item label="加载方式">
          {record.shipped ? '随平台发布' : `工作人员加载(${record.createdAt.slice(0, 10)})`}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={1} title="期限" style={{ marginTop: 16 }}>
        <Descriptions.Item label="公示期">
          {r.noticeWorkingDays === null ? '未规定' : `${r.noticeWorkingDays} 个工作日`}({a.noticeWorkingDays})
        </Descriptions.Item>
        <Descriptions.Item label="年度报告截止">
          {r.annualReportDueMonthDay ? `次年 ${r.annualReportDueMonthDay}` : '未规定'}({a.annualReportDue})
        </Descriptions.Item>
        <Descriptions.Item label="考核周期">
          {years(r.evaluationEveryYears)}({a.evaluationEvery})
        </Descriptions.Item>
        <Descriptions.Item label="整改期">
          {years(r.rectificationYears)}({a.rectification})
        </Descriptions.Item>
        <Descriptions.Item label="筹建期">
          {years(r.preparingYears)}({a.preparing})
        </Descriptions.Item>
        <Descriptions.Item label="撤销后不得再申请">
          {years(r.reapplyBarYears)}({a.reapplyBar})
        </Descriptions.Item>
        <Descriptions.Item label="连续未报年度报告撤销">
          {years(r.missedReportsRevokeYears)}
          {r.missedReportCountsUnqualified ? ';无故未报视为不合格' : ''}({a.missedReports})
        </Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={1} title="推荐名额与补助" style={{ marginTop: 16 }}>
        <Descriptions.Item label="推荐名额">
          盟市 {quotaText(q.city)};自治区部门 {quotaText(q.department)};直接申报 {quotaText(q.direct)}
          {q.directAllowed ? '(可直接申报)' : ''}
          {q.nationalLevelOutsideQuota ? '(国家级基地不占名额)' : ''}({q.rule})
        </Descriptions.Item>
        <Descriptions.Item label="建设补助">
          {s.construction ? (
            <span data-testid="rule-set-construction">
              {bpText(s.construction.rateBp)},最高 {cap(s.construction.capFen)}
              {s.construction.once ? ',限一次' : ''}({s.construction.rule})
            </span>
          ) : (
            '无'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="运营补助">
          {s.operation ? (
            <span data-testid="rule-set-operation">
              {bpText(s.operation.rateBp)},每年最高 {cap(s.operation.capFen)}({s.operation.rule})
            </span>
          ) : (
            '无'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="补助规则">
          {[
            s.oneClassPerApplication && `每次申报只享受一类(${s.oneClassPerApplication})`,
            s.highestNotSum && `就高不重复(${s.highestNotSum})`,
            s.attachedOperationOnly && `加挂的只享受运营补助(${s.attachedOperationOnly})`,
            s.staffDecidedReward && `奖励性后补助由主管部门确定(${s.staffDecidedReward})`,
          ]
            .filter(Boolean)
            .join(';') || '—'}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        申报条件({r.thresholds.length} 项)
      </Typography.Title>
      <Table<CarrierThreshold>
        size="small"
        rowKey={(t) => `${t.key}-${(t.kinds ?? []).join(',')}-${t.rule}`}
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={r.thresholds}
        data-testid="rule-set-thresholds"
        columns={[
          { key: 'label', title: '条件', dataIndex: 'label' },
          { key: 'req', title: '要求', width: 170, render: (_, t) => requirementText(t) },
          {
            key: 'kinds',
            title: '适用类型',
            width: 150,
            render: (_, t) => (t.kinds?.length ? t.kinds.map((k) => kindText(k)).join('、') : '全部'),
          },
          { key: 'rule', title: '依据', width: 110, dataIndex: 'rule' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        证明材料
      </Typography.Title>
      {r.requiredEvidence.length ? (
        <ul>
          {r.requiredEvidence.map((e) => (
            <li key={`${e.key}-${(e.kinds ?? []).join(',')}`}>
              {e.label}
              {e.kinds?.length ? `(${e.kinds.map((k) => kindText(k)).join('、')})` : ''}{' '}
              <span className="muted">{e.rule}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">未规定</p>
      )}
    </div>
  );
}
