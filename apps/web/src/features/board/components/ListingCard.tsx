/**
 * One search hit on the board, with Meilisearch highlights: the amount on offer, the 揭榜截止 and the forms of
 * co-operation (issue 16 item 16), and the 已揭榜 badge with who took it and when once its deal is signed (item 11;
 * the listing stays 已发布).
 */
import {
  BankOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  EnvironmentOutlined,
  MoneyCollectOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import {
  CARRIER_KIND_LABEL,
  FIELD_LABELS,
  ORG_TYPE_LABELS,
  type CarrierKind,
  type ListingHit,
} from '@jiebang/contracts';
import { Card, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { formatDate, labelOf, regionLabel } from '../../../shared/lib/format';
import { formatFenAsWan } from '../../../shared/lib/money';
import { Highlight } from './Highlight';
import { KindTag, StatusTag } from '../../../shared/components/tags';
import { investmentLabel, LISTING_FIELD_LABELS as L } from '../../listings/lib/fieldLabels';
import {
  beijingToday,
  cooperationFormsText,
  deadlinePassed,
  LISTING_TERM_LABELS as T,
  offerAmountLabel,
} from '../lib/listingTerms';

/** Router state handed to the detail page so its back link can restore the board's filters. */
export interface BoardLinkState {
  boardSearch: string;
}

/** Props of `ListingCard`. */
export interface ListingCardProps {
  hit: ListingHit;
  /** The board's current query string (e.g. `?q=石墨烯`), kept for the way back. */
  boardSearch: string;
}

/** A result card: highlighted title linking to the detail page, tags, poster, region, amount, summary. */
export function ListingCard({ hit, boardSearch }: ListingCardProps) {
  const f = hit._formatted ?? {};
  const amount = formatFenAsWan(hit.totalInvestmentFen);
  const region = regionLabel(hit.regionCode, hit.regionName);
  // The source's date, never the import's (issue 16 item 14).
  const published = hit.publishedOn ? formatDate(hit.publishedOn) : hit.sourceYear ? `${hit.sourceYear} 年公开` : null;
  const orgType = labelOf(ORG_TYPE_LABELS, hit.posterOrgType);
  const state: BoardLinkState = { boardSearch };
  const offer = formatFenAsWan(hit.offerAmountFen);
  const forms = cooperationFormsText(hit.cooperationForms);
  const closed = deadlinePassed(hit.applyDeadline, beijingToday());

  return (
    <Card size="small" className="result-card" data-testid="result-card" data-id={hit.id}>
      <div className="result-card-tags">
        <KindTag kind={hit.kind} />
        <Tag color="cyan">{FIELD_LABELS[hit.field] ?? hit.field}</Tag>
        <StatusTag status={hit.status} />
        {(hit.posterCarrierKinds ?? []).map((k) => (
          // The poster's carrier kinds, from the department's registry (issue 15 §8).
          <Tag key={k} color="purple" data-testid="carrier-kind-tag">
            {CARRIER_KIND_LABEL[k as CarrierKind] ?? k}
          </Tag>
        ))}
        {hit.taken ? (
          <Tag color="gold" icon={<TrophyOutlined />} data-testid="taken-badge">
            已揭榜
          </Tag>
        ) : null}
      </div>
      <h3 className="result-card-title">
        <Link to={`/listings/${encodeURIComponent(hit.id)}`} state={state} data-testid="result-title">
          <Highlight formatted={f.title} text={hit.title} />
        </Link>
      </h3>
      {hit.summary || f.summary ? (
        <p className="result-card-summary">
          <Highlight formatted={f.summary} text={hit.summary} />
        </p>
      ) : null}
      {hit.taken && hit.takerName ? (
        <p className="result-card-summary" data-testid="taken-result">
          {hit.takerName} 于 {hit.signedOn} 签订揭榜协议
        </p>
      ) : null}
      <div className="result-card-meta">
        {offer ? (
          <span title={offerAmountLabel(hit.kind)} data-testid="result-offer">
            <MoneyCollectOutlined /> {offerAmountLabel(hit.kind)} {offer}
          </span>
        ) : null}
        {hit.applyDeadline ? (
          <span title={T.applyDeadline} data-testid="result-deadline">
            <ClockCircleOutlined /> {T.applyDeadline} {hit.applyDeadline}
            {closed ? <span className="muted">(已截止)</span> : null}
          </span>
        ) : null}
        {forms ? (
          <span title={T.cooperationForms} data-testid="result-forms">
            {T.cooperationForms}:{forms}
          </span>
        ) : null}
        <span title={L.poster}>
          <BankOutlined /> <Highlight formatted={f.posterName} text={hit.posterName} />
          {orgType ? <span className="muted">（{orgType}）</span> : null}
        </span>
        {region ? (
          <span title={L.regionCode}>
            <EnvironmentOutlined /> {region}
          </span>
        ) : null}
        {amount ? (
          <span title={investmentLabel(hit.kind)} data-testid="result-amount">
            <MoneyCollectOutlined /> {amount}
          </span>
        ) : null}
        {published ? (
          <span title={L.publishedAt}>
            <CalendarOutlined /> {published}
          </span>
        ) : null}
      </div>
    </Card>
  );
}
