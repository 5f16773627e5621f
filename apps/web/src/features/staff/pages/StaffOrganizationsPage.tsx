/**
 * Staff console of organisations (`/staff/organizations`): search, 待认证/已认证 filter, pagination (all kept
 * in the URL), 认证 with confirmation, and a drawer editing control edges and credit records.
 */
import { ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { Capability, ORG_TYPE_LABELS } from '@jiebang/contracts';
import { Button, Card, Input, Segmented, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { useCan } from '../../../auth/useAuth';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { ExportButtons } from '../../../shared/components/ExportButtons';
import { OrgManageDrawer, type ManageTab } from '../../organisations/components/OrgManageDrawer';
import { VerifiedTag } from '../../organisations/components/VerifiedTag';
import { VerifyModal } from '../../organisations/components/VerifyModal';
import type { Organization } from '../../organisations/lib/types';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { regionLabel } from '../../../shared/lib/format';

/** Rows per page. */
const PAGE_SIZE = 20;
const MAX_PAGE = 1000;

type VerifiedFilter = 'all' | 'false' | 'true';

const FILTER_OPTIONS: { value: VerifiedFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'false', label: '待认证' },
  { value: 'true', label: '已认证' },
];

/** Filters of the console, read from the URL. */
function parseFilters(params: URLSearchParams): { q: string; verified: VerifiedFilter; page: number } {
  const v = params.get('verified');
  const page = Number(params.get('page'));
  return {
    q: params.get('q')?.trim() ?? '',
    verified: v === 'true' || v === 'false' ? v : 'all',
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

/** Writes the filters to the URL, leaving out defaults. */
function filtersToParams(f: { q: string; verified: VerifiedFilter; page: number }): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.verified !== 'all') p.set('verified', f.verified);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** The staff console page. */
export function StaffOrganizationsPage() {
  useDocumentTitle('单位管理');
  const can = useCan();
  const verify = can(Capability.VerifyOrganizations);
  const manage = can(Capability.EditControlGraph);
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const list = $api.useQuery(
    'get',
    '/api/v1/organizations',
    {
      params: {
        query: {
          q: filters.q || undefined,
          verified: filters.verified === 'all' ? undefined : filters.verified,
          page: filters.page,
          pageSize: PAGE_SIZE,
        },
      },
    },
    { placeholderData: (previous) => previous },
  );
  const shown = list.data;

  const [input, setInput] = useState(filters.q);
  const [inputFor, setInputFor] = useState(filters.q);
  if (inputFor !== filters.q) {
    setInputFor(filters.q);
    setInput(filters.q);
  }

  const [verifying, setVerifying] = useState<Organization>();
  const [managing, setManaging] = useState<Organization>();
  const [tab, setTab] = useState<ManageTab>('controls');
  const openManage = (org: Organization, t: ManageTab) => {
    setTab(t);
    setManaging(org);
  };

  const apply = (patch: Partial<typeof filters>) => setParams(filtersToParams({ ...filters, page: 1, ...patch }));

  const columns: TableColumnsType<Organization> = [
    {
      key: 'name',
      title: '单位名称',
      render: (_, o) => (
        <div className="org-cell">
          <Link to={`/organizations/${encodeURIComponent(o.id)}`} data-testid="org-link">
            {o.name}
          </Link>
          {o.formerNames.length ? <div className="muted org-cell-sub">曾用名：{o.formerNames.join('、')}</div> : null}
        </div>
      ),
    },
    {
      key: 'uscc',
      title: '统一社会信用代码',
      width: 190,
      render: (_, o) => (o.uscc ? <code>{o.uscc}</code> : <span className="empty-value">未填写</span>),
    },
    { key: 'type', title: '单位类型', width: 120, render: (_, o) => ORG_TYPE_LABELS[o.type] ?? o.type },
    {
      key: 'region',
      title: '所在地区',
      width: 200,
      render: (_, o) => regionLabel(o.regionCode, o.regionName) ?? <span className="empty-value">未填写</span>,
    },
    { key: 'verified', title: '认证状态', width: 100, render: (_, o) => <VerifiedTag org={o} /> },
    {
      key: 'actions',
      title: '操作',
      width: 290,
      render: (_, o) =>
        verify || manage ? (
          <Space size={0} wrap>
            {verify && !o.verified ? (
              <Button type="link" size="small" onClick={() => setVerifying(o)} data-testid="verify-button">
                认证
              </Button>
            ) : null}
            {manage ? (
              <>
                <Button
                  type="link"
                  size="small"
                  icon={<ApartmentOutlined />}
                  onClick={() => openManage(o, 'controls')}
                  data-testid="controls-button"
                >
                  控制关系
                </Button>
                <Button type="link" size="small" onClick={() => openManage(o, 'credit')} data-testid="credit-button">
                  信用记录
                </Button>
              </>
            ) : null}
          </Space>
        ) : (
          <Link to={`/organizations/${encodeURIComponent(o.id)}`}>查看</Link>
        ),
    },
  ];

  return (
    <Card
      className="staff-card"
      data-testid="staff-organizations"
      title={
        <span>
          <TeamOutlined /> 单位管理
        </span>
      }
      extra={verify || manage ? null : <span className="muted">仅可查看；认证与编辑由对接专员或管理员办理</span>}
    >
      <div className="staff-toolbar">
        <Input.Search
          className="staff-search"
          allowClear
          placeholder="搜索单位名称、曾用名或统一社会信用代码"
          value={input}
          maxLength={100}
          onChange={(e) => setInput(e.target.value)}
          onSearch={(v) => apply({ q: v.trim() })}
          enterButton="搜索"
          data-testid="staff-search"
        />
        <Segmented<VerifiedFilter>
          value={filters.verified}
          options={FILTER_OPTIONS}
          onChange={(verified) => apply({ verified })}
          data-testid="verified-filter"
        />
        {shown ? <span className="muted">共 {shown.total} 家</span> : null}
        <ExportButtons
          kind="organizations"
          filters={{ q: filters.q || undefined, verified: filters.verified === 'all' ? undefined : filters.verified }}
        />
      </div>
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="单位列表加载失败" />
      ) : (
        <Table<Organization>
          rowKey="id"
          columns={columns}
          dataSource={shown?.items ?? []}
          loading={list.isFetching}
          data-testid="org-table"
          scroll={{ x: 960 }}
          locale={{ emptyText: filters.q ? `没有找到与“${filters.q}”匹配的单位` : '暂无单位' }}
          pagination={{
            current: filters.page,
            pageSize: PAGE_SIZE,
            total: shown?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 家`,
            onChange: (page) => setParams(filtersToParams({ ...filters, page })),
          }}
        />
      )}
      <VerifyModal org={verifying} onClose={() => setVerifying(undefined)} onVerified={() => setVerifying(undefined)} />
      <OrgManageDrawer org={managing} tab={tab} onTabChange={setTab} onClose={() => setManaging(undefined)} />
    </Card>
  );
}
