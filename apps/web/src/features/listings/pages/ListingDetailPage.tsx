/**
 * Detail page of one listing (`/listings/:id`): the 征集表 fields of its kind that are filled (issue 16 item 14; on a
 * phone labels stand above values, item 21), the demand block of a challenge, its attachments (附件, downloads) and its sources; 我要揭榜 for institute and enterprise users on a published listing; for staff
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
  ListingKind,
  ORG_TYPE_LABELS,
  RESULT_TYPE_LABELS,
} from '@jiebang/contracts';
import { Alert, Button, Card, Descriptions, Grid, Result, Skeleton, Tag, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { isStaff, useAuth } from '../../../auth/useAuth';
import { SourceLinks } from '../components/AnnouncementList';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import type { BoardLinkState } from '../../board/components/ListingCard';
import { cooperationFormsText, LISTING_TERM_LABELS, offerAmountLabel } from '../../board/lib/listingTerms';
import { ListingStaffPanels } from '../components/ListingStaffPanels';
import { ApplySection } from '../../applications/components/ApplySection';
import { ListingAttachments } from '../components/Attachments';
import { AuditButton } from '../../../shared/components/AuditTimeline';
import { DemandDescriptions } from '../components/ListingContent';
import { ListingOrigin } from '../../carriers/components/ListingOrigin';
import { KindTag, StatusTag } from '../../../shared/components/tags';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { labelOf, regionLabel } from '../../../shared/lib/format';
import { formatMoney } from '../../../shared/lib/money';
import {
  inferredFieldLabel,
  investmentLabel,
  LISTING_FIELD_LABELS as L,
  PUBLIC_DETAIL_FIELDS,
  SHOWN_WHEN_EMPTY,
  summaryLabel,
  type PublicDetailField,
} from '../lib/fieldLabels';
import { filledDemand, type ListingDetailDto } from '../lib/listingDto';

/** True for a value that says nothing (null, undefined, blank text, an empty list). */
function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && !value.trim()) ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Multi-line free text, line breaks kept. */
function longText(value: string): ReactNode {
  return <div className="long-text">{value}</div>;
}

/**
 * The public value of one 征集表 field of `d`, or `undefined` when it is empty (the row is then left out, issue 16
 * item 14), or 未公开 for the few fields a reader must know are missing (`SHOWN_WHEN_EMPTY`).
 */
function fieldValue(d: ListingDetailDto, f: PublicDetailField): ReactNode {
  let value: ReactNode;
  switch (f) {
    case 'field':
      value = labelOf(FIELD_LABELS, d.field);
      break;
    case 'regionCode':
      value = regionLabel(d.regionCode, d.regionName);
      break;
    case 'resultType':
      value = labelOf(RESULT_TYPE_LABELS, d.resultType);
      break;
    case 'achievementType':
      value = labelOf(ACHIEVEMENT_TYPE_LABELS, d.achievementType);
      break;
    case 'hasOwnIp':
      value = d.hasOwnIp === null ? undefined : d.hasOwnIp ? '是' : '否';
      break;
    case 'ipTypes':
      value = d.ipTypes.map((t) => labelOf(IP_TYPE_LABELS, t)).join('、');
      break;
    case 'summary':
      value = d.summary?.trim() ? longText(d.summary) : undefined;
      break;
    case 'team':
      value = d.team?.trim() ? longText(d.team) : undefined;
      break;
    case 'suggestedTimeLimit':
      value = d.suggestedTimeLimit;
      break;
    case 'totalInvestmentWan':
      value = formatMoney(d.totalInvestmentFen, 'listing');
      break;
  }
  if (!isEmpty(value)) return value;
  return SHOWN_WHEN_EMPTY.includes(f) ? <span className="empty-value">未公开</span> : undefined;
}

/** Label of a public field on a listing of `kind`. */
function fieldLabel(f: PublicDetailField, kind: ListingKind): string {
  if (f === 'summary') return summaryLabel(kind);
  if (f === 'totalInvestmentWan') return investmentLabel(kind);
  return L[f];
}

/**
 * The date readers are shown: the day the source published it (`publishedOn`), else the source's year; never the
 * import's timestamp (issue 16 item 14). `undefined` when the source gives neither.
 */
function sourceDateText(d: Pick<ListingDetailDto, 'sourceYear'> & { publishedOn?: string | null }) {
  if (d.publishedOn) return `发布于 ${d.publishedOn}`;
  if (d.sourceYear) return `${d.sourceYear} 年公开`;
  return undefined;
}

/**
 * The Descriptions rows of a listing's public page: the fields of its kind (`PUBLIC_DETAIL_FIELDS`), the poster,
 * E1's listing terms when the DTO carries them, and the date; empty fields are left out (issue 16 item 14).
 */
function detailItems(d: ListingDetailDto, linkPoster = false): DescriptionsProps['items'] {
  const poster = d.poster;
  const rows: NonNullable<DescriptionsProps['items']> = [];
  const push = (key: string, label: string, children: ReactNode) => {
    if (!isEmpty(children)) rows.push({ key, label, children });
  };
  push('kind', L.kind, LISTING_KIND_LABELS[d.kind] ?? d.kind);
  push('status', L.status, LISTING_STATUS_LABELS[d.status] ?? d.status);
  const posterRegion = regionLabel(poster?.regionCode);
  const posterType = labelOf(ORG_TYPE_LABELS, poster?.type);
  push(
    'poster',
    L.poster,
    <div className="poster-info" data-testid="detail-poster">
      <div className="poster-name">
        {d.posterName || poster?.name}
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
      {posterType ? (
        <div>
          {L.posterType}：{posterType}
        </div>
      ) : null}
      {posterRegion ? (
        <div>
          {L.posterRegionCode}：{posterRegion}
        </div>
      ) : null}
      {poster?.uscc ? (
        <div>
          {L.uscc}：<code>{poster.uscc}</code>
        </div>
      ) : null}
    </div>,
  );
  for (const f of PUBLIC_DETAIL_FIELDS[d.kind] ?? PUBLIC_DETAIL_FIELDS[ListingKind.Achievement]) {
    const value = fieldValue(d, f);
    if (value !== undefined) push(f, fieldLabel(f, d.kind), value);
  }
  // The listing's terms (issue 16 item 16, labels from the board's one home): 榜额 / 意向转让价格 in 万元 with 元 in
  // brackets, 揭榜截止, 合作方式, 联系人 (signed-in readers only).
  push('offerAmount', offerAmountLabel(d.kind), formatMoney(d.offerAmountFen, 'listing'));
  push(
    'applyDeadline',
    LISTING_TERM_LABELS.applyDeadline,
    d.applyDeadline ? `${d.applyDeadline}(北京时间当日 24:00 前)` : null,
  );
  push('cooperationForms', LISTING_TERM_LABELS.cooperationForms, cooperationFormsText(d.cooperationForms));
  const contact = [d.contact?.name, d.contact?.phone, d.contact?.email].filter((v) => !isEmpty(v)).join(' · ');
  push('contact', '联系人', contact || (d.contactHidden ? <span className="empty-value">登录后可见</span> : null));
  push('publishedOn', L.publishedAt, sourceDateText(d));
  return rows;
}

/**
 * The import's provenance, for staff only (issue 16 item 14): its note, the fields it inferred and the mirror
 * copies of its sources. The API sends them to staff only; nothing is shown when there are none.
 */
function ProvenanceSection({ d }: { d: ListingDetailDto }) {
  const mirrors = d.mirrorUrls ?? [];
  if (!d.note && !d.inferredFields.length && !mirrors.length) return null;
  return (
    <section className="detail-provenance" data-testid="detail-provenance">
      <h2>来源说明(仅工作人员可见)</h2>
      {d.note ? <div className="long-text">{d.note}</div> : null}
      {d.inferredFields.length ? (
        <div data-testid="detail-inferred">以下字段为推断：{d.inferredFields.map(inferredFieldLabel).join('、')}</div>
      ) : null}
      {mirrors.length ? (
        <div>
          转载副本(不对外链接)：
          <ul className="source-links">
            {mirrors.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
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
  const wide = !!Grid.useBreakpoint().sm;
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
            {sourceDateText(data) ? ` · ${sourceDateText(data)}` : null}
            {user && (isStaff(user) || (!!user.orgId && user.orgId === data.poster?.id)) ? (
              <AuditButton subject={{ type: 'listing', id: data.id, title: data.title }} />
            ) : null}
          </div>
          {data.kind === 'achievement' ? <ListingOrigin listingId={data.id} /> : null}
          {data.taken ? (
            // 已揭榜 (issue 16 item 11, 004 §9(七)): the listing stays 已发布, applying is over; the 揭榜结果 instead.
            <Alert
              type="success"
              showIcon
              className="form-alert"
              data-testid="listing-taken"
              title="已揭榜"
              description={
                data.result
                  ? `${data.result.takerName} 于 ${data.result.signedOn} 签订揭榜协议,本榜单不再接受揭榜申报。`
                  : '本榜单已签订揭榜协议,不再接受揭榜申报。'
              }
            />
          ) : (
            <ApplySection listing={data} />
          )}
        </header>
        <Descriptions
          bordered
          column={1}
          size="middle"
          // On a phone the label stands above its value: a 240 px label column left one character per line.
          layout={wide ? 'horizontal' : 'vertical'}
          className="detail-descriptions"
          styles={wide ? { label: { width: 200 } } : undefined}
          items={detailItems(data, !!user)}
          data-testid="detail-descriptions"
        />
        {demand ? (
          <section className="detail-demand" data-testid="detail-demand">
            <h2>{L.demand}</h2>
            <DemandDescriptions demand={demand} wide={wide} />
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
        <ProvenanceSection d={data} />
      </Card>
      <ListingStaffPanels listing={data} />
    </>
  );
}
