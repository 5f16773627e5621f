/**
 * Detail page of one listing (`/listings/:id`): every form field with its Chinese label, the demand block of
 * a challenge, its attachments (附件, downloads) and its sources; 我要揭榜 for institute and enterprise users on a published listing; for staff
 * and the poster's users also 审计记录, 匹配候选 and 资格查询.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  ACHIEVEMENT_TYPE_LABELS,
  ErrorCode,
  FIELD_LABELS,
  IP_TYPE_LABELS,
  LISTING_KIND_LABELS,
  LISTING_STATUS_LABELS,
  ORG_TYPE_LABELS,
  RESULT_TYPE_LABELS,
} from '@jiebang/contracts';
import { Button, Card, Descriptions, Result, Skeleton, Tag, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { isStaff, useAuth } from '../../../auth/useAuth';
import { SourceLinks } from '../components/AnnouncementList';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import type { BoardLinkState } from '../../board/components/ListingCard';
import { ListingStaffPanels } from '../components/ListingStaffPanels';
import { ApplySection } from '../../applications/components/ApplySection';
import { ListingAttachments } from '../components/Attachments';
import { AuditButton } from '../../../shared/components/AuditTimeline';
import { DemandDescriptions } from '../components/ListingContent';
import { KindTag, StatusTag } from '../../../shared/components/tags';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { EMPTY_TEXT, formatDate, labelOf, regionLabel } from '../../../shared/lib/format';
import { formatFenAsWan } from '../../../shared/lib/money';
import {
  inferredFieldLabel,
  investmentLabel,
  LISTING_FIELD_LABELS as L,
  normaliseMember,
  titleLabel,
} from '../lib/fieldLabels';
import { filledDemand, type ListingDetailDto } from '../lib/listingDto';

/** Shows a value, or 未填写 when it is empty. */
function orEmpty(value: ReactNode): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="empty-value">{EMPTY_TEXT}</span>;
  return value;
}

/** Multi-line free text, line breaks kept. */
function longText(value: string | null): ReactNode {
  return value && value.trim() ? <div className="long-text">{value}</div> : orEmpty(null);
}

/** Builds the Descriptions rows of a listing. */
function detailItems(d: ListingDetailDto, linkPoster = false): DescriptionsProps['items'] {
  const inferred = new Set(d.inferredFields.map(normaliseMember));
  const row = (key: string, label: string, children: ReactNode, members: string[] = [key]) => ({
    key,
    label: (
      <span>
        {label}
        {members.some((m) => inferred.has(m)) ? (
          <Tag className="inferred-tag" color="gold">
            推断
          </Tag>
        ) : null}
      </span>
    ),
    children,
  });
  const amount = formatFenAsWan(d.totalInvestmentFen);
  const region = regionLabel(d.regionCode, d.regionName);
  const poster = d.poster;

  return [
    row('kind', L.kind, LISTING_KIND_LABELS[d.kind] ?? d.kind),
    row('field', L.field, orEmpty(labelOf(FIELD_LABELS, d.field))),
    row('title', titleLabel(d.kind), d.title),
    row('status', L.status, LISTING_STATUS_LABELS[d.status] ?? d.status),
    row('resultType', L.resultType, orEmpty(labelOf(RESULT_TYPE_LABELS, d.resultType))),
    row('achievementType', L.achievementType, orEmpty(labelOf(ACHIEVEMENT_TYPE_LABELS, d.achievementType))),
    row('hasOwnIp', L.hasOwnIp, orEmpty(d.hasOwnIp === null ? null : d.hasOwnIp ? '是' : '否')),
    row('ipTypes', L.ipTypes, orEmpty(d.ipTypes.map((t) => labelOf(IP_TYPE_LABELS, t)).join('、'))),
    row('summary', L.summary, longText(d.summary)),
    row('team', L.team, longText(d.team)),
    row('suggestedTimeLimit', L.suggestedTimeLimit, orEmpty(d.suggestedTimeLimit)),
    row('totalInvestmentFen', investmentLabel(d.kind), orEmpty(amount)),
    row(
      'poster',
      L.poster,
      <div className="poster-info" data-testid="detail-poster">
        <div className="poster-name">
          {orEmpty(d.posterName || poster?.name)}
          {linkPoster && poster ? (
            <Link
              to={`/organizations/${encodeURIComponent(poster.id)}`}
              className="poster-link"
              data-testid="poster-link"
            >
              查看单位档案
            </Link>
          ) : null}
        </div>
        <div>
          {L.posterType}：{orEmpty(labelOf(ORG_TYPE_LABELS, poster?.type))}
        </div>
        <div>
          {L.posterRegionCode}：{orEmpty(regionLabel(poster?.regionCode))}
        </div>
        <div>
          {L.uscc}：{poster?.uscc ? <code>{poster.uscc}</code> : <span className="empty-value">未公开</span>}
        </div>
      </div>,
      ['poster', 'posterName', 'posterType', 'posterOrgType', 'posterRegionCode', 'uscc', 'posterUscc'],
    ),
    row('region', L.regionCode, orEmpty(region), ['regionCode', 'regionName']),
    row('sourceYear', L.sourceYear, orEmpty(d.sourceYear === null ? null : `${d.sourceYear} 年`)),
    row('note', L.note, longText(d.note)),
    row(
      'inferredFields',
      L.inferredFields,
      d.inferredFields.length ? (
        <span data-testid="detail-inferred">以下字段为推断: {d.inferredFields.map(inferredFieldLabel).join('、')}</span>
      ) : (
        '无'
      ),
    ),
    row('publishedAt', L.publishedAt, orEmpty(formatDate(d.publishedAt, true))),
  ];
}

/** Reads the board query string handed over by the result card (empty when opened directly). */
function boardSearchOf(state: unknown): string {
  const s = (state as Partial<BoardLinkState> | null)?.boardSearch;
  return typeof s === 'string' && (s === '' || s.startsWith('?')) ? s : '';
}

/** The listing detail page. */
export function ListingDetailPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const back = { pathname: '/', search: boardSearchOf(location.state) };
  const { user } = useAuth();
  const query = $api.useQuery('get', '/api/v1/listings/{id}', { params: { path: { id } } });
  const { data, error } = query;
  // 404, or 400 for an id that cannot name any listing (not a UUID): either way there is nothing to show.
  const notFound =
    !!error && (error.statusCode === 404 || error.statusCode === 400 || error.code === ErrorCode.NOT_FOUND);
  useDocumentTitle(data?.title ?? (notFound ? '榜单不存在' : undefined));

  const backLink = (
    <Link to={back} className="back-link" data-testid="back-link">
      <ArrowLeftOutlined /> 返回榜单
    </Link>
  );

  if (notFound) {
    return (
      <Card className="detail-card">
        <Result
          status="404"
          title="榜单不存在或已下线"
          subTitle="该榜单可能已被撤回、关闭或链接有误。"
          data-testid="detail-not-found"
          extra={
            <Button type="primary" onClick={() => navigate(back)}>
              返回榜单
            </Button>
          }
        />
      </Card>
    );
  }

  if (error) {
    return (
      <Card className="detail-card">
        {backLink}
        <ErrorResult error={error} onRetry={() => void query.refetch()} title="榜单详情加载失败" />
      </Card>
    );
  }

  if (!data) {
    return (
      <Card className="detail-card" data-testid="detail-loading">
        {backLink}
        <Skeleton active title={{ width: '50%' }} paragraph={{ rows: 10 }} />
      </Card>
    );
  }

  const demand = filledDemand(data);
  return (
    <>
      <Card className="detail-card" data-testid="listing-detail">
        {backLink}
        <header className="detail-header">
          <div className="detail-tags">
            <KindTag kind={data.kind} />
            {data.field ? <Tag color="cyan">{FIELD_LABELS[data.field] ?? data.field}</Tag> : null}
            <StatusTag status={data.status} />
          </div>
          <h1 className="detail-title" data-testid="detail-title">
            {data.title}
          </h1>
          <div className="detail-subtitle">
            {data.posterName || data.poster?.name}
            {formatDate(data.publishedAt) ? ` · 发布于 ${formatDate(data.publishedAt)}` : null}
            {user && (isStaff(user) || (!!user.orgId && user.orgId === data.poster?.id)) ? (
              <AuditButton subject={{ type: 'listing', id: data.id, title: data.title }} />
            ) : null}
          </div>
          <ApplySection listing={data} />
        </header>
        <Descriptions
          bordered
          column={1}
          size="middle"
          className="detail-descriptions"
          styles={{ label: { width: 240 } }}
          items={detailItems(data, !!user)}
        />
        {demand ? (
          <section className="detail-demand" data-testid="detail-demand">
            <h2>{L.demand}</h2>
            <DemandDescriptions demand={demand} />
          </section>
        ) : null}
        <ListingAttachments listingId={data.id} />
        <section className="detail-sources" data-testid="detail-sources">
          <h2>{L.sourceUrls}</h2>
          {data.sourceUrls.length ? (
            <SourceLinks urls={data.sourceUrls} />
          ) : (
            <span className="empty-value">未提供</span>
          )}
        </section>
      </Card>
      <ListingStaffPanels listing={data} />
    </>
  );
}
