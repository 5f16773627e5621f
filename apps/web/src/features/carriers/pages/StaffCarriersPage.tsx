/**
 * 载体管理 (`/staff/carriers`, staff; issue 15 §3–§4, §9): the recommender's queue and the staff review console
 * over `GET /api/v1/carriers/applications` (a recommender sees its own authority's applications, staff all). A
 * recommender starts on 待推荐 (submitted); staff on everything in review. Choosing an application opens its
 * review: the applicant and kind, the thresholds met or missed with the declared figures and evidence, the
 * experts' opinions, the recommendation and the steps recorded, the next step for this user (`ReviewActions`) and
 * the history. 20 a page. `?status=` picks the status filter and `?open=<id>` opens that review (the workbench's
 * links, e.g. 公示期满待发文公布).
 */
import { AuditOutlined } from '@ant-design/icons';
import { can, Capability, CARRIER_APPLICATION_STATUS_LABEL, type CurrentUser } from '@jiebang/contracts';
import { Card, Descriptions, Drawer, Empty, Grid, Select, Skeleton, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { formatDate } from '../../../shared/lib/format';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { ApplicationHistory } from '../components/ApplicationHistory';
import { CarrierApplicationStatusTag } from '../components/CarrierTags';
import { ObjectionsPanel } from '../components/ObjectionsPanel';
import { ReviewActions } from '../components/ReviewActions';
import { ThresholdTable } from '../components/ThresholdTable';
import { applicationRouteText, kindText, optionsOf } from '../lib/carriers';

type ApplicationDto = components['schemas']['CarrierApplicationDto'];

/** Rows per page. */
const PAGE_SIZE = 20;

/** A recorded step (`{ note, by, at, pass … }`) as text. */
function stepText(step: Record<string, unknown> | null): string | null {
  if (!step) return null;
  const parts = ['siteCheck', 'creditCheck', 'opinion', 'note']
    .map((k) => (typeof step[k] === 'string' ? String(step[k]) : null))
    .filter(Boolean);
  const verdict = step.pass === true ? '通过' : step.pass === false ? '不通过' : null;
  return [verdict, ...parts].filter(Boolean).join(';') || null;
}

/** The review of one application. */
function Review({ user, id }: { user: CurrentUser; id: string }) {
  const q = $api.useQuery('get', '/api/v1/carriers/applications/{id}', { params: { path: { id } } });
  const a = q.data;
  if (q.error) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} title="申报加载失败" />;
  if (!a) return <Skeleton active paragraph={{ rows: 8 }} />;
  const steps: [string, Record<string, unknown> | null][] = [
    ['推荐', a.recommendation],
    ['形式审查', a.formalReview],
    ['实地考察', a.siteVisit],
    ['会议研究', a.decision],
  ];
  const evidence = (a.form?.evidence ?? {}) as Record<string, unknown>;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="carrier-review">
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label="申报单位">{a.orgName}</Descriptions.Item>
        <Descriptions.Item label="平台名称">{a.platformName}</Descriptions.Item>
        <Descriptions.Item label="类型">{kindText(a.kind, a.intlBaseType)}</Descriptions.Item>
        <Descriptions.Item label="批次">{a.roundTitle}</Descriptions.Item>
        <Descriptions.Item label="申报途径">
          {applicationRouteText(a)}
          {a.nationalLevel ? '(国家级国合基地,不占名额)' : ''}
        </Descriptions.Item>
        <Descriptions.Item label="状态">
          <CarrierApplicationStatusTag status={a.status} />
          {a.noticeLastDay ? ` 公示至 ${a.noticeLastDay}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="诚信承诺">
          {a.integrityPledgeAt ? `已承诺 ${formatDate(a.integrityPledgeAt, true)}` : '未承诺'}
        </Descriptions.Item>
      </Descriptions>
      <ReviewActions user={user} app={a} />
      <ObjectionsPanel user={user} app={a} />
      <Typography.Title level={5}>申报条件(申报数据与佐证)</Typography.Title>
      <ThresholdTable thresholds={a.thresholds} applicationId={a.id} evidence={a.evidenceItems} />
      {Object.keys(evidence).length ? (
        <Descriptions size="small" column={1} title="证明材料" data-testid="review-evidence">
          {Object.entries(evidence).map(([k, v]) => (
            <Descriptions.Item key={k} label={k}>
              {String(v ?? '—')}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : null}
      <Descriptions size="small" column={1} title="办理意见">
        {steps.map(([label, s]) => (
          <Descriptions.Item key={label} label={label}>
            {stepText(s) ?? '—'}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {a.experts.length ? (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          data-testid="review-experts"
          dataSource={a.experts}
          columns={[
            { key: 'name', title: '专家', render: (_, e) => e.expertName ?? '—' },
            { key: 'score', title: '评分', render: (_, e) => e.score ?? '未提交' },
            {
              key: 'rec',
              title: '结论',
              render: (_, e) => (e.recommend === null ? '—' : e.recommend ? '建议通过' : '不建议'),
            },
            { key: 'op', title: '意见', render: (_, e) => e.opinion ?? '—' },
          ]}
        />
      ) : null}
      <Typography.Title level={5}>办理记录</Typography.Title>
      <ApplicationHistory id={a.id} />
    </Space>
  );
}

/** The staff console of carrier applications (recommender queue and review). */
export function StaffCarriersPage() {
  useDocumentTitle('载体管理');
  const { user } = useAuth();
  const recommenderOnly =
    !!user && can(user, Capability.RecommendCarriers) && !can(user, Capability.RunCarrierProgrammes);
  // A workbench link (`?status=on_notice&open=<id>`, queue 公示期满待发文公布) opens the list filtered and the review.
  const [params] = useSearchParams();
  const linkedStatus = params.get('status');
  const [status, setStatus] = useState<string | undefined>(
    linkedStatus && linkedStatus in CARRIER_APPLICATION_STATUS_LABEL
      ? linkedStatus
      : recommenderOnly
        ? 'submitted'
        : undefined,
  );
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(params.get('open'));
  const narrow = Grid.useBreakpoint().md === false;
  const list = $api.useQuery('get', '/api/v1/carriers/applications', {
    params: { query: { ...(status ? { status } : {}), page, pageSize: PAGE_SIZE } },
  });
  if (!user) return null;
  const data = list.data;
  return (
    <Card
      data-testid="staff-carriers"
      title={
        <span>
          <AuditOutlined /> {recommenderOnly ? '载体申报推荐' : '载体申报审核'}
        </span>
      }
      extra={
        <Select
          allowClear
          placeholder="全部状态"
          value={status}
          onChange={(v?: string) => {
            setStatus(v);
            setPage(1);
          }}
          options={optionsOf(CARRIER_APPLICATION_STATUS_LABEL).filter((o) => o.value !== 'draft')}
          style={{ minWidth: 160 }}
          data-testid="staff-carriers-status"
          aria-label="状态"
        />
      }
    >
      {recommenderOnly ? (
        <p className="muted">
          请在审核申报材料、实地核查和信用审核的基础上填写推荐表;逾期推荐和无推荐的不予受理(000
          四.2)。推荐名额:盟市不超过 3 个、自治区部门不超过 2 个(002 二)。
        </p>
      ) : null}
      {list.error ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} title="申报加载失败" />
      ) : !data ? (
        <Skeleton active />
      ) : data.items.length === 0 ? (
        <Empty data-testid="staff-carriers-empty" description={status ? '该状态下没有申报' : '暂无申报'} />
      ) : (
        <Table<ApplicationDto>
          rowKey="id"
          data-testid="staff-carriers-table"
          dataSource={data.items}
          scroll={{ x: 760 }}
          onRow={(a) =>
            ({
              onClick: () => setOpen(a.id),
              style: { cursor: 'pointer' },
              'data-testid': 'staff-carrier-row',
            }) as never
          }
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data.total,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            { key: 'name', title: '平台名称', dataIndex: 'platformName' },
            { key: 'org', title: '申报单位', dataIndex: 'orgName' },
            { key: 'kind', title: '类型', render: (_, a) => kindText(a.kind, a.intlBaseType) },
            { key: 'round', title: '批次', dataIndex: 'roundTitle' },
            { key: 'status', title: '状态', render: (_, a) => <CarrierApplicationStatusTag status={a.status} /> },
            { key: 'at', title: '提交时间', render: (_, a) => formatDate(a.submittedAt, true) ?? '—' },
          ]}
        />
      )}
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        width={narrow ? '100%' : 880}
        title="申报审核"
        destroyOnHidden
      >
        {open ? <Review user={user} id={open} /> : null}
      </Drawer>
    </Card>
  );
}
