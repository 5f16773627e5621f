/**
 * 辖区记录 (`/authority`): what a recommending authority (推荐部门) sees, read only — its region's organisations,
 * the listings they posted, their applications and the deals they are party to, one tab each with server
 * pagination. A recommender sees its own authority; an administrator picks one (`?authority=`).
 */
import { ApartmentOutlined } from '@ant-design/icons';
import {
  APPLICATION_STATUS_LABELS,
  AUTHORITIES,
  Capability,
  DEAL_STATUS_LABELS,
  LISTING_STATUS_LABELS,
  StaffRole,
  type ApplicationStatus,
  type DealStatus,
  type ListingStatus,
} from '@jiebang/contracts';
import { Card, Select, Table, Tabs } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { useAuth, useCan } from '../../../auth/useAuth';
import { ApiErrorView, Forbidden } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';

/** One record of an authority. */
type AuthorityRecordDto = components['schemas']['AuthorityRecordDto'];
/** The kinds of records, as the API's paths name them. */
type Kind = 'organizations' | 'listings' | 'applications' | 'deals';

const KINDS: { key: Kind; label: string; titleHeader: string; orgHeader: string }[] = [
  { key: 'organizations', label: '单位', titleHeader: '单位名称', orgHeader: '单位' },
  { key: 'listings', label: '榜单', titleHeader: '榜单', orgHeader: '发榜单位' },
  { key: 'applications', label: '揭榜申报', titleHeader: '所揭榜单', orgHeader: '申报单位' },
  { key: 'deals', label: '项目', titleHeader: '项目(榜单)', orgHeader: '揭榜单位' },
];

/** The status of a record in words. */
export function statusText(kind: Kind, status: string): string {
  if (kind === 'organizations') return status === 'verified' ? '已审核' : '待审核';
  if (kind === 'listings') return LISTING_STATUS_LABELS[status as ListingStatus] ?? status;
  if (kind === 'applications') return APPLICATION_STATUS_LABELS[status as ApplicationStatus] ?? status;
  return DEAL_STATUS_LABELS[status as DealStatus] ?? status;
}

/** Rows per page. */
const PAGE_SIZE = 20;

/** One tab: a page of records of `kind`. */
function RecordTable({ kind, authority }: { kind: Kind; authority: string | undefined }) {
  const [page, setPage] = useState(1);
  const meta = KINDS.find((k) => k.key === kind) ?? KINDS[0];
  const list = $api.useQuery(
    'get',
    `/api/v1/authority/${kind}`,
    { params: { query: { authority, page, pageSize: PAGE_SIZE } } },
    { placeholderData: (p) => p },
  );
  if (list.error) return <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="加载失败" />;
  return (
    <Table<AuthorityRecordDto>
      rowKey="id"
      size="middle"
      data-testid={`authority-${kind}`}
      loading={list.isFetching}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: '暂无记录' }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: list.data?.total ?? 0,
        onChange: setPage,
        showSizeChanger: false,
        showTotal: (t) => `共 ${t} 条`,
      }}
      columns={[
        {
          title: meta.titleHeader,
          key: 'title',
          render: (_, r) =>
            kind === 'listings' ? (
              <Link to={`/listings/${r.id}`}>{r.title}</Link>
            ) : kind === 'organizations' ? (
              <Link to={`/organizations/${r.id}`}>{r.title}</Link>
            ) : (
              r.title
            ),
        },
        ...(kind === 'organizations' ? [] : [{ title: meta.orgHeader, dataIndex: 'orgName' }]),
        { title: '行政区划代码', key: 'region', render: (_, r) => r.regionCode ?? '—' },
        { title: '状态', key: 'status', render: (_, r) => statusText(kind, r.status) },
        { title: '创建时间', key: 'at', render: (_, r) => r.createdAt.slice(0, 10) },
      ]}
    />
  );
}

/** The page. */
export function AuthorityPage() {
  useDocumentTitle('辖区记录');
  const { user } = useAuth();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const recommender = !!user?.staffRoles.includes(StaffRole.Recommender);
  const chosen = params.get('authority') ?? undefined;
  const authority = recommender ? undefined : chosen;
  const name = AUTHORITIES.find((a) => a.code === (recommender ? user?.authority : chosen))?.name;
  if (!can(Capability.ViewAuthorityRecords)) return <Forbidden description="辖区记录仅限推荐部门和管理员查看。" />;

  return (
    <Card
      className="staff-card"
      data-testid="authority-page"
      title={
        <span>
          <ApartmentOutlined /> 辖区记录{name ? ` · ${name}` : ''}
        </span>
      }
      extra={
        recommender ? null : (
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择推荐部门"
            style={{ width: 220 }}
            value={chosen}
            onChange={(v: string) => setParams(new URLSearchParams({ authority: v }))}
            options={AUTHORITIES.map((a) => ({ value: a.code, label: a.name }))}
          />
        )
      }
    >
      <p className="muted">本辖区单位及其榜单、揭榜申报和项目,只读。</p>
      {!recommender && !chosen ? (
        <p>请先在右上角选择推荐部门。</p>
      ) : (
        <Tabs
          items={KINDS.map((k) => ({
            key: k.key,
            label: k.label,
            children: <RecordTable kind={k.key} authority={authority} />,
          }))}
        />
      )}
    </Card>
  );
}
