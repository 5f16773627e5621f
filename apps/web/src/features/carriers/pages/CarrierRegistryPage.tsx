/**
 * 载体平台名录 (`/carriers`, public; issue 15 §5): every registered carrier platform — kind, 依托单位, 文号, date and
 * status (筹建, 运行, 整改, 撤销) — from `GET /api/v1/carriers?kind=&status=&regionCode=&field=&page=&pageSize=`,
 * filterable by kind, status, 盟市 and field, 20 a page. A table on wide screens, cards on a phone (390 px). The
 * filters live in the URL so a filtered list can be shared. An organisation's carrier type on the board comes only
 * from this registry (RULEBOOK §7 On the board).
 */
import { CalculatorOutlined, ClusterOutlined, FormOutlined } from '@ant-design/icons';
import { CARRIER_KIND_LABEL, CARRIER_STATUS_LABEL, FIELD_LABELS } from '@jiebang/contracts';
import { Button, Card, Empty, Grid, List, Select, Skeleton, Space, Table, type TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import type { components, paths } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { useContext } from 'react';
import { AuthContext } from '../../../auth/AuthContext';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { regionLabel } from '../../../shared/lib/format';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { CarrierStatusTag } from '../components/CarrierTags';
import { CITY_OPTIONS, kindText, optionsOf } from '../lib/carriers';

type CarrierDto = components['schemas']['CarrierDto'];
type RegistryQuery = NonNullable<paths['/api/v1/carriers']['get']['parameters']['query']>;

/** Entries per page. */
export const REGISTRY_PAGE_SIZE = 20;

const FILTERS = ['kind', 'status', 'regionCode', 'field'] as const;
type FilterKey = (typeof FILTERS)[number];

const columns: TableColumnsType<CarrierDto> = [
  {
    key: 'name',
    title: '平台名称',
    render: (_, c) => (
      <Link to={`/carriers/${encodeURIComponent(c.id)}`} data-testid="carrier-link">
        {c.plateName || c.name}
      </Link>
    ),
  },
  { key: 'kind', title: '类型', render: (_, c) => kindText(c.kind, c.intlBaseType) },
  { key: 'host', title: '依托单位', dataIndex: 'hostOrgName' },
  { key: 'doc', title: '文号', dataIndex: 'documentNo' },
  { key: 'date', title: '公布日期', dataIndex: 'publishedOn', width: 110 },
  { key: 'region', title: '地区', render: (_, c) => regionLabel(c.regionCode) ?? '—' },
  { key: 'status', title: '状态', width: 80, render: (_, c) => <CarrierStatusTag status={c.status} /> },
];

/** One carrier as a card (phones). */
function CarrierCard({ c }: { c: CarrierDto }) {
  return (
    <List.Item data-testid="carrier-card">
      <List.Item.Meta
        title={
          <Space wrap>
            <Link to={`/carriers/${encodeURIComponent(c.id)}`} data-testid="carrier-link">
              {c.plateName || c.name}
            </Link>
            <CarrierStatusTag status={c.status} />
          </Space>
        }
        description={
          <div>
            <div>{kindText(c.kind, c.intlBaseType)}</div>
            <div>依托单位:{c.hostOrgName}</div>
            <div>
              {c.documentNo} · {c.publishedOn}
            </div>
          </div>
        }
      />
    </List.Item>
  );
}

/** The public registry of carrier platforms. */
export function CarrierRegistryPage() {
  useDocumentTitle('载体平台名录');
  const user = useContext(AuthContext)?.user; // public page: rendered signed in or not
  const [params, setParams] = useSearchParams();
  const narrow = Grid.useBreakpoint().md === false;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filter = (k: FilterKey) => params.get(k) || undefined;
  const query = {
    ...Object.fromEntries(FILTERS.map((k) => [k, filter(k)]).filter(([, v]) => v)),
    page,
    pageSize: REGISTRY_PAGE_SIZE,
  } as RegistryQuery;
  const list = $api.useQuery('get', '/api/v1/carriers', { params: { query } });

  const setFilter = (k: FilterKey, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('page');
    setParams(next, { replace: true });
  };
  const setPage = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    setParams(next);
  };

  const select = (k: FilterKey, placeholder: string, options: { value: string; label: string }[]) => (
    <Select
      allowClear
      placeholder={placeholder}
      value={filter(k)}
      onChange={(v?: string) => setFilter(k, v)}
      options={options}
      style={{ minWidth: 150 }}
      data-testid={`filter-${k}`}
      aria-label={placeholder}
    />
  );

  const data = list.data;
  return (
    <Card
      data-testid="carrier-registry"
      title={
        <span>
          <ClusterOutlined /> 载体平台名录
        </span>
      }
      extra={
        <Space wrap>
          <Link to="/carriers/support-preview">
            <CalculatorOutlined /> 补助测算
          </Link>
          {user?.orgId ? (
            <Link to="/carriers/applications" data-testid="my-carrier-applications-link">
              <FormOutlined /> 我的申报
            </Link>
          ) : null}
        </Space>
      }
    >
      <p className="muted">
        经科技厅备案、认定或批准组建的概念验证平台、中试基地、中试公共服务平台、国际科技合作基地和自治区技术创新中心。
        单位在榜单上显示的载体类型以本名录为准。
      </p>
      <Space wrap style={{ marginBottom: 16 }}>
        {select('kind', '载体类型', optionsOf(CARRIER_KIND_LABEL))}
        {select('status', '状态', optionsOf(CARRIER_STATUS_LABEL))}
        {select('regionCode', '盟市', CITY_OPTIONS)}
        {select('field', '领域', optionsOf(FIELD_LABELS))}
        {FILTERS.some((k) => filter(k)) ? (
          <Button onClick={() => setParams(new URLSearchParams(), { replace: true })} data-testid="filters-clear">
            清除筛选
          </Button>
        ) : null}
      </Space>
      {list.error ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} title="名录加载失败" />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : data.items.length === 0 ? (
        <Empty
          data-testid="carrier-registry-empty"
          description={FILTERS.some((k) => filter(k)) ? '没有符合筛选条件的载体平台' : '名录中尚无载体平台'}
        />
      ) : narrow ? (
        <List
          dataSource={data.items}
          rowKey={(c) => c.id}
          renderItem={(c) => <CarrierCard c={c} />}
          pagination={{
            current: page,
            pageSize: REGISTRY_PAGE_SIZE,
            total: data.total,
            onChange: setPage,
            simple: true,
          }}
        />
      ) : (
        <Table
          rowKey="id"
          columns={columns}
          dataSource={data.items}
          data-testid="carrier-table"
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: REGISTRY_PAGE_SIZE,
            total: data.total,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 个`,
          }}
        />
      )}
    </Card>
  );
}
