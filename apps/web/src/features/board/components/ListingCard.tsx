/** One search hit on the board, with Meilisearch highlights. */
import { BankOutlined, CalendarOutlined, EnvironmentOutlined, MoneyCollectOutlined } from '@ant-design/icons';
import { FIELD_LABELS, ORG_TYPE_LABELS, type ListingHit } from '@jiebang/contracts';
import { Card, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { formatDate, labelOf, regionLabel } from '../../../shared/lib/format';
import { formatFenAsWan } from '../../../shared/lib/money';
import { Highlight } from './Highlight';
import { KindTag, StatusTag } from '../../../shared/components/tags';
import { investmentLabel, LISTING_FIELD_LABELS as L } from '../../listings/lib/fieldLabels';

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
  const published = formatDate(hit.publishedAt);
  const orgType = labelOf(ORG_TYPE_LABELS, hit.posterOrgType);
  const state: BoardLinkState = { boardSearch };

  return (
    <Card size="small" className="result-card" data-testid="result-card" data-id={hit.id}>
      <div className="result-card-tags">
        <KindTag kind={hit.kind} />
        <Tag color="cyan">{FIELD_LABELS[hit.field] ?? hit.field}</Tag>
        <StatusTag status={hit.status} />
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
      <div className="result-card-meta">
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
