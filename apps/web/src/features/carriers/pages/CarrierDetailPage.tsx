/**
 * A carrier platform (`/carriers/:id`, public; issue 15 §5–§6): its registry entry (plate name, kind, 依托单位,
 * 文号, date, status, region, fields, 加挂), a revoked carrier's ground and its bar on reapplying (`001 §18`,
 * `002 §12`), its annual reports and evaluations, and its history, from `GET /api/v1/carriers/{id}`.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { EVALUATION_GRADE_LABEL, FIELD_LABELS } from '@jiebang/contracts';
import { Alert, Card, Descriptions, Empty, Skeleton, Space, Table, Tag, Timeline } from 'antd';
import { useContext } from 'react';
import { Link, useParams } from 'react-router-dom';
import { AuthContext } from '../../../auth/AuthContext';
import { $api } from '../../../api/query';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { formatDate, regionLabel } from '../../../shared/lib/format';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { CarrierManagePanel } from '../components/CarrierManagePanel';
import { CarrierLists } from '../components/CarrierLists';
import { CarrierStatusTag } from '../components/CarrierTags';
import { applicationStatusText, carrierStatusText, kindText } from '../lib/carriers';

const REPORT_STATUS: Record<string, string> = { submitted: '已提交', reviewed: '推荐部门已审核', filed: '已备案' };

/** The carrier detail page. */
export function CarrierDetailPage() {
  const { id = '' } = useParams();
  const carrier = $api.useQuery('get', '/api/v1/carriers/{id}', { params: { path: { id } } });
  const c = carrier.data;
  const user = useContext(AuthContext)?.user; // public page: the panel only for those who act on the carrier
  useDocumentTitle(c ? c.plateName || c.name : '载体平台');
  const back = (
    <Link to="/carriers">
      <ArrowLeftOutlined /> 返回名录
    </Link>
  );
  if (carrier.error)
    return (
      <Card extra={back}>
        <ErrorResult error={carrier.error} onRetry={() => void carrier.refetch()} title="载体平台加载失败" />
      </Card>
    );
  if (!c)
    return (
      <Card extra={back}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  const statusText = (s: string | null) => (s ? `${carrierStatusText(s)}/${applicationStatusText(s)}` : '');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="carrier-detail">
      <Card
        title={
          <Space wrap>
            <span data-testid="carrier-plate-name">{c.plateName || c.name}</span>
            <CarrierStatusTag status={c.status} />
          </Space>
        }
        extra={back}
      >
        {c.status === 'revoked' ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="carrier-revoked"
            title={`已于 ${c.revokedOn ?? '—'} 撤销`}
            description={
              <>
                <div>撤销原因:{c.revocationGround ?? '—'}</div>
                {c.reapplyBarUntil ? <div>{c.reapplyBarUntil} 之前不得再次申请</div> : null}
              </>
            }
          />
        ) : null}
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label="类型">{kindText(c.kind, c.intlBaseType)}</Descriptions.Item>
          <Descriptions.Item label="依托单位">{c.hostOrgName}</Descriptions.Item>
          <Descriptions.Item label="文号">
            <span data-testid="carrier-document-no">{c.documentNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label="公布日期">{c.publishedOn}</Descriptions.Item>
          <Descriptions.Item label="地区">{regionLabel(c.regionCode) ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="领域">
            {c.fields.length
              ? c.fields.map((f) => <Tag key={f}>{(FIELD_LABELS as Record<string, string>)[f] ?? f}</Tag>)
              : '—'}
          </Descriptions.Item>
          {c.attached ? <Descriptions.Item label="加挂">加挂牌子(只享受运营支持,001 §17)</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      {user ? <CarrierManagePanel user={user} c={c} /> : null}
      <CarrierLists c={c} user={user} />
      <Card title="年度报告与考核评价" size="small">
        {c.reports.length === 0 && c.evaluations.length === 0 ? (
          <Empty description="尚无年度报告和考核评价" />
        ) : (
          <>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.reports}
              data-testid="carrier-reports"
              locale={{ emptyText: '尚无年度报告' }}
              columns={[
                { key: 'year', title: '报告年度', dataIndex: 'year' },
                { key: 'status', title: '状态', render: (_, r) => REPORT_STATUS[r.status] ?? r.status },
                { key: 'at', title: '提交时间', render: (_, r) => formatDate(r.submittedAt, true) },
              ]}
            />
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.evaluations}
              data-testid="carrier-evaluations"
              style={{ marginTop: 12 }}
              locale={{ emptyText: '尚无考核评价' }}
              columns={[
                { key: 'year', title: '评价年度', dataIndex: 'year' },
                {
                  key: 'grade',
                  title: '结果',
                  render: (_, e) => (EVALUATION_GRADE_LABEL as Record<string, string>)[e.grade] ?? e.grade,
                },
                { key: 'basis', title: '依据', dataIndex: 'basis' },
                {
                  key: 'to',
                  title: '评价后状态',
                  render: (_, e) => carrierStatusText(e.toStatus),
                },
              ]}
            />
          </>
        )}
      </Card>
      <Card title="历史记录" size="small">
        {c.history.length === 0 ? (
          <Empty description="暂无记录" />
        ) : (
          <Timeline
            data-testid="carrier-history"
            items={c.history.map((h, i) => ({
              key: i,
              children: (
                <div data-testid="carrier-history-entry">
                  <div>
                    <strong>{h.action}</strong> {formatDate(h.at, true)}
                    {h.actorName ? ` · ${h.actorName}` : ''}
                  </div>
                  {h.toStatus ? (
                    <div className="muted">
                      {h.fromStatus ? `${statusText(h.fromStatus)} → ` : ''}
                      {statusText(h.toStatus)}
                    </div>
                  ) : null}
                  {h.reason ? <div>{h.reason}</div> : null}
                  {h.rule ? <div className="muted">依据:{h.rule}</div> : null}
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </Space>
  );
}
