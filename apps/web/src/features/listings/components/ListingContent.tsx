/**
 * The content of a listing in the workflow (征集表 fields and, for 技术攻关类, the demand block), compact, for
 * the staff drawer, the expert page and the detail page, with the 附件 the caller may see; and the 论证意见 list
 * of experts.
 */
import {
  ACHIEVEMENT_TYPE_LABELS,
  FIELD_LABELS,
  IP_TYPE_LABELS,
  LISTING_KIND_LABELS,
  RESULT_TYPE_LABELS,
  type ChallengeDemandDto,
} from '@jiebang/contracts';
import { Descriptions, Empty, List, Tag } from 'antd';
import type { ReactNode } from 'react';
import { EMPTY_TEXT, formatDate, labelOf, regionLabel } from '../../../shared/lib/format';
import { formatMoney } from '../../../shared/lib/money';
import { RECOMMENDATION_LABELS } from '../../../shared/lib/pipeline';
import { ListingAttachments } from './Attachments';
import { investmentLabel, LISTING_FIELD_LABELS as L } from '../lib/fieldLabels';
import { filledDemand, type ListingDetailDto, type ScreeningOpinion } from '../lib/listingDto';

/** A value, or 未填写. */
function orEmpty(value: ReactNode): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="empty-value">{EMPTY_TEXT}</span>;
  return value;
}

/** Multi-line text, or 未填写. */
function long(value: string | null | undefined): ReactNode {
  return value?.trim() ? <div className="long-text">{value}</div> : orEmpty(null);
}

/**
 * The demand block of a challenge: its filled items only (an empty one is left out, issue 16 item 14); `wide`
 * false (a phone) puts each label above its value (issue 16 item 21).
 */
export function DemandDescriptions({ demand, wide = true }: { demand: ChallengeDemandDto; wide?: boolean }) {
  const text = (key: keyof ChallengeDemandDto & string, value: string | null | undefined) =>
    value?.trim() ? [{ key, label: L[`demand.${key}` as keyof typeof L], children: long(value) }] : [];
  const keyTechnologies = demand.keyTechnologies?.length
    ? [
        {
          key: 'keyTechnologies',
          label: L['demand.keyTechnologies'],
          children: (
            <ol className="plain-list">
              {demand.keyTechnologies.map((k, i) => (
                <li key={i}>
                  <strong>{k.name}</strong>：{k.targetIndicator}
                </li>
              ))}
            </ol>
          ),
        },
      ]
    : [];
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      layout={wide ? 'horizontal' : 'vertical'}
      styles={wide ? { label: { width: 160 } } : undefined}
      data-testid="demand-descriptions"
      items={[
        ...text('background', demand.background),
        ...text('content', demand.content),
        ...keyTechnologies,
        ...text('resultForm', demand.resultForm),
        ...text('takerRequirements', demand.takerRequirements),
        ...text('ipOwnership', demand.ipOwnership),
        ...text('benefitSharing', demand.benefitSharing),
      ]}
    />
  );
}

/** The form fields of a listing, its demand block and its attachments (hidden when there are none). */
export function ListingContent({ listing: l }: { listing: ListingDetailDto }) {
  const demand = filledDemand(l);
  return (
    <div className="listing-content" data-testid="listing-content">
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 160 } }}
        items={[
          { key: 'kind', label: L.kind, children: LISTING_KIND_LABELS[l.kind] ?? l.kind },
          { key: 'poster', label: L.poster, children: orEmpty(l.posterName || l.poster?.name) },
          { key: 'field', label: L.field, children: orEmpty(labelOf(FIELD_LABELS, l.field)) },
          { key: 'region', label: L.regionCode, children: orEmpty(regionLabel(l.regionCode, l.regionName)) },
          { key: 'resultType', label: L.resultType, children: orEmpty(labelOf(RESULT_TYPE_LABELS, l.resultType)) },
          {
            key: 'achievementType',
            label: L.achievementType,
            children: orEmpty(labelOf(ACHIEVEMENT_TYPE_LABELS, l.achievementType)),
          },
          {
            key: 'hasOwnIp',
            label: L.hasOwnIp,
            children: orEmpty(l.hasOwnIp === null || l.hasOwnIp === undefined ? null : l.hasOwnIp ? '是' : '否'),
          },
          {
            key: 'ipTypes',
            label: L.ipTypes,
            children: orEmpty((l.ipTypes ?? []).map((t) => labelOf(IP_TYPE_LABELS, t)).join('、')),
          },
          { key: 'summary', label: L.summary, children: long(l.summary) },
          { key: 'team', label: L.team, children: long(l.team) },
          { key: 'suggestedTimeLimit', label: L.suggestedTimeLimit, children: orEmpty(l.suggestedTimeLimit) },
          {
            key: 'investment',
            label: investmentLabel(l.kind),
            children: orEmpty(formatMoney(l.totalInvestmentFen, 'listing')),
          },
          {
            key: 'attestedAt',
            label: L.attestPublishable,
            children: l.attestedAt ? `已承诺(${formatDate(l.attestedAt, true)})` : orEmpty(null),
          },
        ]}
      />
      {demand ? (
        <>
          <h3 className="section-title">{L.demand}</h3>
          <DemandDescriptions demand={demand} />
        </>
      ) : null}
      <ListingAttachments listingId={l.id} heading="h3" className="listing-content-attachments" />
    </div>
  );
}

/** The experts' 论证意见. */
export function OpinionList({ opinions }: { opinions: ScreeningOpinion[] }) {
  if (!opinions.length) {
    return <Empty description="尚无专家出具论证意见" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  }
  return (
    <List
      data-testid="opinion-list"
      dataSource={opinions}
      renderItem={(o, i) => (
        <List.Item key={i} data-testid="opinion">
          <List.Item.Meta
            title={
              <span>
                {o.expertName}{' '}
                <Tag color={o.recommendation === 'pass' ? 'green' : 'red'}>
                  {labelOf(RECOMMENDATION_LABELS, o.recommendation)}
                </Tag>
                <span className="muted">{formatDate(o.at, true)}</span>
              </span>
            }
            description={<div className="long-text">{o.opinion}</div>}
          />
        </List.Item>
      )}
    />
  );
}
