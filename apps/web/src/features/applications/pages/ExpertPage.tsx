/**
 * 专家评审 (`/expert`, experts): my assignments (`GET /expert/assignments`) — listings in 需求论证 to give an
 * opinion on (`POST /listings/:id/opinions`) and applications to score against the four criteria, 0–25 each
 * (`POST /applications/:id/scores`). Both are confirmed before they are sent.
 */
import { EditOutlined, ReloadOutlined, SolutionOutlined } from '@ant-design/icons';
import { ErrorCode, type ApplicationDto, type ListingSummaryDto, type ScoreDto } from '@jiebang/contracts';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Skeleton,
  Table,
  Tabs,
  type TableColumnsType,
} from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { ApiError } from '../../../api/errors';
import { $api, invalidate } from '../../../api/query';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { ApplicationDescriptions } from '../components/ApplicationParts';
import { ListingContent } from '../../listings/components/ListingContent';
import { ApplicationStatusTag, KindTag, StatusTag } from '../../../shared/components/tags';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { validationFieldErrors } from '../../../shared/lib/apiErrors';
import { formatDate } from '../../../shared/lib/format';
import { formatMoney } from '../../../shared/lib/money';
import { MAX_CRITERION_SCORE, RECOMMENDATION_LABELS, SCORE_CRITERIA } from '../../../shared/lib/pipeline';
import { invalidateApplicationReads } from '../lib/applicationReads';

/** What is open in the drawer. */
type Open = { kind: 'listing'; item: ListingSummaryDto } | { kind: 'application'; item: ApplicationDto };

/** The expert page. */
export function ExpertPage() {
  useDocumentTitle('专家评审');
  const assignments = $api.useQuery('get', '/api/v1/expert/assignments', {}, { placeholderData: (p) => p });
  const shown = assignments.data;
  const loading = assignments.isFetching;
  const [open, setOpen] = useState<Open>();
  // The action invalidated the assignments already: closing the drawer is all that is left.
  const done = () => setOpen(undefined);

  const listingColumns: TableColumnsType<ListingSummaryDto> = [
    {
      key: 'title',
      title: '榜单名称',
      render: (_, l) => (
        <span>
          <KindTag kind={l.kind} /> {l.title}
        </span>
      ),
    },
    { key: 'poster', title: '发榜单位', dataIndex: 'posterName', width: 220 },
    { key: 'status', title: '状态', width: 130, render: (_, l) => <StatusTag status={l.status} /> },
    {
      key: 'actions',
      title: '操作',
      width: 140,
      render: (_, l) => (
        <Button
          type="link"
          size="small"
          icon={<EditOutlined />}
          onClick={() => setOpen({ kind: 'listing', item: l })}
          data-testid="action-opinion"
        >
          出具论证意见
        </Button>
      ),
    },
  ];

  const applicationColumns: TableColumnsType<ApplicationDto> = [
    { key: 'listing', title: '榜单', dataIndex: 'listingTitle' },
    { key: 'applicant', title: '揭榜单位', width: 220, dataIndex: 'applicantName' },
    { key: 'budget', title: '申报经费', width: 200, render: (_, a) => formatMoney(a.budgetFen, 'application') },
    { key: 'status', title: '状态', width: 110, render: (_, a) => <ApplicationStatusTag status={a.status} /> },
    {
      key: 'actions',
      title: '操作',
      width: 100,
      render: (_, a) => (
        <Button
          type="link"
          size="small"
          icon={<EditOutlined />}
          onClick={() => setOpen({ kind: 'application', item: a })}
          data-testid="action-score"
        >
          评分
        </Button>
      ),
    },
  ];

  return (
    <Card
      className="staff-card"
      data-testid="expert-page"
      title={
        <span>
          <SolutionOutlined /> 专家评审
        </span>
      }
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void assignments.refetch()}>
          刷新
        </Button>
      }
    >
      {assignments.error ? (
        <ApiErrorView error={assignments.error} onRetry={() => void assignments.refetch()} title="评审任务加载失败" />
      ) : !shown ? (
        <Skeleton active />
      ) : (
        <Tabs
          items={[
            {
              key: 'listings',
              label: `需求论证 (${shown.listings.length})`,
              children: (
                <Table<ListingSummaryDto>
                  rowKey="id"
                  columns={listingColumns}
                  dataSource={shown.listings}
                  loading={loading}
                  pagination={false}
                  scroll={{ x: 760 }}
                  locale={{ emptyText: '暂无需求论证任务' }}
                  onRow={(l) =>
                    ({ 'data-testid': 'expert-listing-row', 'data-listing-id': l.id }) as HTMLAttributes<HTMLElement>
                  }
                />
              ),
            },
            {
              key: 'applications',
              label: `揭榜评审 (${shown.applications.length})`,
              children: (
                <Table<ApplicationDto>
                  rowKey="id"
                  columns={applicationColumns}
                  dataSource={shown.applications}
                  loading={loading}
                  pagination={false}
                  scroll={{ x: 760 }}
                  locale={{ emptyText: '暂无评审任务' }}
                  onRow={(a) =>
                    ({
                      'data-testid': 'expert-application-row',
                      'data-application-id': a.id,
                      'data-status': a.status,
                    }) as HTMLAttributes<HTMLElement>
                  }
                />
              ),
            },
          ]}
        />
      )}
      <Drawer
        open={!!open}
        onClose={() => setOpen(undefined)}
        size={820}
        destroyOnHidden
        title={
          open?.kind === 'listing' ? `需求论证 · ${open.item.title}` : open ? `评分 · ${open.item.applicantName}` : ''
        }
      >
        {open?.kind === 'listing' ? <OpinionPanel listing={open.item} onDone={done} /> : null}
        {open?.kind === 'application' ? <ScorePanel app={open.item} onDone={done} /> : null}
      </Drawer>
    </Card>
  );
}

interface OpinionValues {
  recommendation?: 'pass' | 'reject';
  opinion?: string;
}

/** The listing and the 论证意见 form. */
function OpinionPanel({ listing, onDone }: { listing: ListingSummaryDto; onDone: () => void }) {
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<OpinionValues>();
  const [action, setAction] = useState<ActionConfig>();
  const { data, error, refetch } = $api.useQuery('get', '/api/v1/listings/{id}', {
    params: { path: { id: listing.id } },
  });
  const opine = $api.useMutation('post', '/api/v1/listings/{id}/opinions', {
    onSuccess: () => invalidate('/api/v1/expert/assignments', '/api/v1/listings/{id}/opinions'),
  });

  const onFinish = (v: OpinionValues) => {
    if (!v.recommendation) return;
    const body = { recommendation: v.recommendation, opinion: (v.opinion ?? '').trim() };
    setAction({
      title: '提交论证意见',
      okText: '确认提交',
      description: <p>结论：{RECOMMENDATION_LABELS[body.recommendation]}。提交后将供科技厅确认论证结果，不能修改。</p>,
      onConfirm: async () => {
        try {
          await opine.mutateAsync({ params: { path: { id: listing.id } }, body });
        } catch (err) {
          if (
            err instanceof ApiError &&
            err.code === ErrorCode.VALIDATION_FAILED &&
            validationFieldErrors(err).length
          ) {
            form.setFields(validationFieldErrors(err) as Parameters<typeof form.setFields>[0]);
            return;
          }
          throw err;
        }
        message.success('论证意见已提交');
        onDone();
      },
    });
  };

  return (
    <div data-testid="opinion-panel">
      {error ? <ApiErrorView error={error} onRetry={() => void refetch()} title="榜单加载失败" compact /> : null}
      {!error && !data ? <Skeleton active /> : null}
      {data ? <ListingContent listing={data} /> : null}
      <h3 className="section-title">论证意见</h3>
      <Form<OpinionValues> form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="recommendation" label="论证结论" rules={[{ required: true, message: '请选择论证结论' }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'pass', label: RECOMMENDATION_LABELS.pass },
              { value: 'reject', label: RECOMMENDATION_LABELS.reject },
            ]}
            data-testid="opinion-recommendation"
          />
        </Form.Item>
        <Form.Item
          name="opinion"
          label="论证意见"
          extra="5-3000字：需求是否真实、必要，指标是否明确可考核，需修改的内容"
          rules={[
            { required: true, whitespace: true, message: '请填写论证意见' },
            { min: 5, max: 3000, message: '论证意见应为5-3000字' },
          ]}
        >
          <Input.TextArea rows={6} maxLength={3000} showCount data-testid="opinion-text" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="opinion-submit">
          提交论证意见
        </Button>
      </Form>
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </div>
  );
}

type ScoreValues = Partial<ScoreDto>;

/** The application and the scoring form. */
function ScorePanel({ app, onDone }: { app: ApplicationDto; onDone: () => void }) {
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<ScoreValues>();
  const values = Form.useWatch([], form) as ScoreValues | undefined;
  const [action, setAction] = useState<ActionConfig>();
  const score = $api.useMutation('post', '/api/v1/applications/{id}/scores', { onSuccess: invalidateApplicationReads });
  const total = SCORE_CRITERIA.reduce((s, c) => s + (Number(values?.[c.key]) || 0), 0);

  const onFinish = (v: ScoreValues) => {
    const body: ScoreDto = {
      qualification: Number(v.qualification),
      feasibility: Number(v.feasibility),
      cost: Number(v.cost),
      team: Number(v.team),
      opinion: (v.opinion ?? '').trim(),
    };
    const sum = body.qualification + body.feasibility + body.cost + body.team;
    setAction({
      title: '提交评分',
      okText: '确认提交',
      description: (
        <p>
          {SCORE_CRITERIA.map((c) => `${c.label} ${body[c.key]}`).join('，')}，总分 <strong>{sum}</strong>
          。提交后不能修改。
        </p>
      ),
      onConfirm: async () => {
        try {
          await score.mutateAsync({ params: { path: { id: app.id } }, body });
        } catch (err) {
          if (
            err instanceof ApiError &&
            err.code === ErrorCode.VALIDATION_FAILED &&
            validationFieldErrors(err).length
          ) {
            form.setFields(validationFieldErrors(err) as Parameters<typeof form.setFields>[0]);
            return;
          }
          throw err;
        }
        message.success('评分已提交');
        onDone();
      },
    });
  };

  return (
    <div data-testid="score-panel">
      <h3 className="section-title">
        {app.listingTitle} <span className="muted">· 提交于 {formatDate(app.createdAt, true)}</span>
      </h3>
      <ApplicationDescriptions app={app} />
      <h3 className="section-title">评分(每项 0–{MAX_CRITERION_SCORE} 分，满分 100 分)</h3>
      <Alert
        type="info"
        showIcon
        className="form-alert"
        title="如与揭榜单位存在利害关系，请勿评分并告知科技厅，由其另行指派专家。"
      />
      <Form<ScoreValues> form={form} layout="vertical" onFinish={onFinish}>
        <Row gutter={16}>
          {SCORE_CRITERIA.map((c) => (
            <Col xs={12} md={6} key={c.key}>
              <Form.Item
                name={c.key}
                label={c.label}
                tooltip={c.hint}
                rules={[
                  { required: true, message: `请为${c.label}打分` },
                  {
                    type: 'integer',
                    min: 0,
                    max: MAX_CRITERION_SCORE,
                    message: `${c.label}应为0-${MAX_CRITERION_SCORE}的整数`,
                  },
                ]}
              >
                <InputNumber
                  min={0}
                  max={MAX_CRITERION_SCORE}
                  precision={0}
                  className="full-width"
                  suffix="分"
                  data-testid={`score-${c.key}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <div className="score-live" data-testid="score-total">
          总分：<strong>{total}</strong> / 100
        </div>
        <Form.Item
          name="opinion"
          label="评审意见"
          rules={[
            { required: true, whitespace: true, message: '请填写评审意见' },
            { min: 5, max: 3000, message: '评审意见应为5-3000字' },
          ]}
        >
          <Input.TextArea rows={5} maxLength={3000} showCount data-testid="score-opinion" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="score-submit">
          提交评分
        </Button>
      </Form>
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </div>
  );
}
