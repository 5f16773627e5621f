/**
 * Organisation profile (`/organizations/:id`, signed in): registration data and verification state, its
 * control relations (控制关系), for staff its credit records (信用记录), and for staff or its own users the
 * listings it may take (可揭榜的榜单), ranked.
 */
import { ApartmentOutlined, ArrowLeftOutlined, AuditOutlined, EditOutlined, TrophyOutlined } from '@ant-design/icons';
import { Capability, ErrorCode, FIELD_LABELS, ORG_TYPE_LABELS } from '@jiebang/contracts';
import { Button, Card, Descriptions, Empty, Pagination, Result, Skeleton, Tag, type DescriptionsProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { isStaff, useAuth, useCan } from '../../../auth/useAuth';
import { SourceLinks } from '../../listings/components/AnnouncementList';
import { ControlEdgeTable } from '../components/ControlEdges';
import { CreditRecordTable } from '../components/CreditRecords';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { OrgManageDrawer, type ManageTab } from '../components/OrgManageDrawer';
import { ScoreBadge, ScoreParts } from '../../listings/components/ScoreParts';
import { KindTag } from '../../../shared/components/tags';
import { VerifiedTag } from '../components/VerifiedTag';
import { VerifyModal } from '../components/VerifyModal';
import type { Organization } from '../lib/types';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { EMPTY_TEXT, formatDate, labelOf, regionLabel } from '../../../shared/lib/format';
import { formatFenAsWan } from '../../../shared/lib/money';

/** Listings per page of 可揭榜的榜单. */
const MATCH_PAGE_SIZE = 10;

/** A value, or 未填写. */
function orEmpty(value: ReactNode): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="empty-value">{EMPTY_TEXT}</span>;
  return value;
}

/** Descriptions rows of an organisation. */
function profileItems(org: Organization): DescriptionsProps['items'] {
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: '单位名称', children: org.name },
    ...(org.shortName ? [{ key: 'shortName', label: '简称', children: org.shortName }] : []),
    {
      key: 'formerNames',
      label: '曾用名',
      children: org.formerNames.length ? (
        <span data-testid="org-former-names">{org.formerNames.join('、')}</span>
      ) : (
        <span className="empty-value">无</span>
      ),
    },
    {
      key: 'uscc',
      label: '统一社会信用代码',
      children: org.uscc ? <code data-testid="org-uscc">{org.uscc}</code> : orEmpty(null),
    },
    { key: 'type', label: '单位类型', children: labelOf(ORG_TYPE_LABELS, org.type) },
    {
      key: 'legalPerson',
      label: '法人资格',
      children: org.independentLegalPerson ? '独立法人' : <Tag color="orange">非独立法人(分公司等)</Tag>,
    },
    { key: 'region', label: '所在地区', children: orEmpty(regionLabel(org.regionCode, org.regionName)) },
    { key: 'address', label: '单位地址', children: orEmpty(org.address) },
    { key: 'legalRepresentative', label: '法定代表人', children: orEmpty(org.legalRepresentative) },
    { key: 'capital', label: '注册资金', children: orEmpty(formatFenAsWan(org.registeredCapitalFen)) },
    {
      key: 'mainBusiness',
      label: '主营业务 / 研究方向',
      children: org.mainBusiness ? <div className="long-text">{org.mainBusiness}</div> : orEmpty(null),
    },
    {
      key: 'fields',
      label: '聚焦领域',
      children: org.fields.length
        ? org.fields.map((f) => (
            <Tag color="cyan" key={f}>
              {FIELD_LABELS[f] ?? f}
            </Tag>
          ))
        : orEmpty(null),
    },
    {
      key: 'verified',
      label: '认证状态',
      children: (
        <span>
          <VerifiedTag org={org} />
          {org.verified && formatDate(org.verifiedAt, true) ? (
            <span className="muted">认证于 {formatDate(org.verifiedAt, true)}</span>
          ) : null}
          {!org.verified ? <span className="muted">科技厅审核认证前，不能发榜或揭榜</span> : null}
        </span>
      ),
    },
  ];
  if (org.contacts) {
    items.push({
      key: 'contacts',
      label: '联系人',
      children: org.contacts.length ? (
        <ul className="plain-list">
          {org.contacts.map((c, i) => (
            <li key={i}>
              {c.name}
              {c.title ? `(${c.title})` : ''}
              {c.phone ? ` · ${c.phone}` : ''}
              {c.email ? ` · ${c.email}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        orEmpty(null)
      ),
    });
  }
  if (org.note) items.push({ key: 'note', label: '备注', children: <div className="long-text">{org.note}</div> });
  items.push({
    key: 'sources',
    label: '信息来源',
    children: org.sourceUrls.length ? (
      <SourceLinks urls={org.sourceUrls} />
    ) : (
      <span className="empty-value">未提供</span>
    ),
  });
  return items;
}

/** 控制关系 card. */
function ControlsCard({ orgId, onEdit }: { orgId: string; onEdit?: () => void }) {
  const { data, error, refetch } = $api.useQuery('get', '/api/v1/organizations/{id}/controls', {
    params: { path: { id: orgId } },
  });
  let body;
  if (error) body = <ApiErrorView error={error} onRetry={() => void refetch()} title="控制关系加载失败" compact />;
  else if (!data) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else
    body = (
      <>
        <h4 className="section-title">控制方(上级)</h4>
        <ControlEdgeTable edges={data.controllers} side="controller" testId="controllers-table" />
        <h4 className="section-title">受控单位(下级)</h4>
        <ControlEdgeTable edges={data.controlled} side="controlled" testId="controlled-table" />
      </>
    );
  return (
    <Card
      className="panel-card"
      data-testid="org-controls"
      title={
        <span>
          <ApartmentOutlined /> 控制关系
        </span>
      }
      extra={
        onEdit ? (
          <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="edit-controls">
            编辑控制关系
          </Button>
        ) : (
          <span className="muted">直接控制关系，用于揭榜资格审查</span>
        )
      }
    >
      {body}
    </Card>
  );
}

/** 信用记录 card (staff). */
function CreditCard({ orgId, onEdit }: { orgId: string; onEdit?: () => void }) {
  const { data, error, refetch } = $api.useQuery('get', '/api/v1/organizations/{id}/credit-records', {
    params: { path: { id: orgId } },
  });
  let body;
  if (error) body = <ApiErrorView error={error} onRetry={() => void refetch()} title="信用记录加载失败" compact />;
  else if (!data) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else body = <CreditRecordTable records={data} />;
  return (
    <Card
      className="panel-card"
      data-testid="org-credit"
      title={
        <span>
          <AuditOutlined /> 信用记录
        </span>
      }
      extra={
        onEdit ? (
          <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="edit-credit">
            新增信用记录
          </Button>
        ) : null
      }
    >
      {body}
    </Card>
  );
}

/** 可揭榜的榜单 card (staff or the organisation's own users). */
function OrgMatchesCard({ orgId }: { orgId: string }) {
  const [page, setPage] = useState(1);
  const { data, error, isFetching, refetch } = $api.useQuery(
    'get',
    '/api/v1/organizations/{id}/matches',
    { params: { path: { id: orgId }, query: { page, pageSize: MATCH_PAGE_SIZE } } },
    { placeholderData: (previous) => previous },
  );
  let body;
  if (error) body = <ApiErrorView error={error} onRetry={() => void refetch()} title="可揭榜的榜单加载失败" compact />;
  else if (!data) body = <Skeleton active paragraph={{ rows: 5 }} />;
  else if (data.items.length === 0)
    body = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={data.total > 0 ? '该页没有榜单' : '暂无该单位可揭的榜单'}
        data-testid="org-matches-empty"
      />
    );
  else {
    const first = (data.page - 1) * data.pageSize;
    body = (
      <>
        <ol className="match-list" aria-busy={isFetching}>
          {data.items.map((m, i) => (
            <li className="match-row" key={m.listingId} data-testid="listing-match-row" data-listing-id={m.listingId}>
              <div className={first + i < 3 ? 'match-rank match-rank-top' : 'match-rank'}>{first + i + 1}</div>
              <div className="match-main">
                <div className="match-head">
                  <Link to={`/listings/${encodeURIComponent(m.listingId)}`} className="match-name">
                    {m.title}
                  </Link>
                </div>
                <div className="match-sub">
                  <KindTag kind={m.kind} />
                  <Tag color="cyan">{FIELD_LABELS[m.field] ?? m.field}</Tag>
                  <span className="muted">发榜单位：{m.posterName}</span>
                </div>
                <ScoreParts parts={m.parts} />
              </div>
              <ScoreBadge score={m.score} />
            </li>
          ))}
        </ol>
        {data.total > MATCH_PAGE_SIZE ? (
          <Pagination
            className="match-pagination"
            align="center"
            size="small"
            current={page}
            pageSize={MATCH_PAGE_SIZE}
            total={data.total}
            showSizeChanger={false}
            showTotal={(total) => `共 ${total} 条`}
            onChange={setPage}
          />
        ) : null}
      </>
    );
  }
  return (
    <Card
      className="panel-card"
      data-testid="org-matches"
      title={
        <span>
          <TrophyOutlined /> 可揭榜的榜单
        </span>
      }
      extra={data && !error ? <span className="muted">共 {data.total} 条，按匹配度排序</span> : null}
    >
      {body}
    </Card>
  );
}

/** The profile page. */
export function OrganizationPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { user } = useAuth();
  const can = useCan();
  // A refetch after a change (认证) keeps showing the organisation, so open dialogs stay put.
  const {
    data: org,
    error,
    refetch,
  } = $api.useQuery('get', '/api/v1/organizations/{id}', {
    params: { path: { id } },
  });
  const notFound =
    !!error && (error.statusCode === 404 || error.statusCode === 400 || error.code === ErrorCode.NOT_FOUND);
  useDocumentTitle(org?.name ?? (notFound ? '单位不存在' : '单位档案'));

  const [verifying, setVerifying] = useState<Organization>();
  const [managing, setManaging] = useState<ManageTab>();

  const staff = isStaff(user);
  const verify = can(Capability.VerifyOrganizations);
  const manage = can(Capability.EditControlGraph);
  const own = !!user?.orgId && user.orgId === id;
  const back = staff ? (
    <Link to="/staff/organizations" className="back-link">
      <ArrowLeftOutlined /> 返回单位管理
    </Link>
  ) : (
    <Link to="/" className="back-link">
      <ArrowLeftOutlined /> 返回榜单
    </Link>
  );

  if (notFound) {
    return (
      <Card className="detail-card">
        <Result
          status="404"
          title="单位不存在"
          subTitle="该单位可能尚未登记，或链接有误。"
          data-testid="org-not-found"
          extra={
            <Button type="primary" onClick={() => navigate(staff ? '/staff/organizations' : '/')}>
              {staff ? '返回单位管理' : '返回榜单'}
            </Button>
          }
        />
      </Card>
    );
  }
  if (error) {
    return (
      <Card className="detail-card">
        {back}
        <ApiErrorView error={error} onRetry={() => void refetch()} title="单位档案加载失败" />
      </Card>
    );
  }
  if (!org) {
    return (
      <Card className="detail-card" data-testid="org-loading">
        {back}
        <Skeleton active title={{ width: '40%' }} paragraph={{ rows: 8 }} />
      </Card>
    );
  }

  return (
    <div className="org-page">
      <Card className="detail-card" data-testid="org-profile">
        {back}
        <header className="detail-header">
          <div className="detail-tags">
            <VerifiedTag org={org} />
            <Tag>{ORG_TYPE_LABELS[org.type] ?? org.type}</Tag>
            {own ? <Tag color="blue">本单位</Tag> : null}
          </div>
          <h1 className="detail-title" data-testid="org-name">
            {org.name}
          </h1>
          {org.formerNames.length ? <div className="detail-subtitle">曾用名：{org.formerNames.join('、')}</div> : null}
          {verify && !org.verified ? (
            <Button
              type="primary"
              className="org-verify-button"
              icon={<AuditOutlined />}
              onClick={() => setVerifying(org)}
              data-testid="verify-button"
            >
              认证
            </Button>
          ) : null}
        </header>
        <Descriptions
          bordered
          column={1}
          size="middle"
          className="detail-descriptions"
          styles={{ label: { width: 200 } }}
          items={profileItems(org)}
        />
      </Card>
      <ControlsCard orgId={org.id} onEdit={manage ? () => setManaging('controls') : undefined} />
      {staff ? <CreditCard orgId={org.id} onEdit={manage ? () => setManaging('credit') : undefined} /> : null}
      {staff || own ? <OrgMatchesCard orgId={org.id} /> : null}
      <VerifyModal org={verifying} onClose={() => setVerifying(undefined)} onVerified={() => setVerifying(undefined)} />
      <OrgManageDrawer
        org={managing ? org : undefined}
        tab={managing ?? 'controls'}
        onTabChange={setManaging}
        onClose={() => setManaging(undefined)}
      />
    </div>
  );
}
