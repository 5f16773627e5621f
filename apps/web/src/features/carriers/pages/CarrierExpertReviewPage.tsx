/**
 * 载体评审 for an invited expert (issue 15 §4; RULEBOOK §7; seeds `000` 四.3, `001 §10(二)`):
 * - `/expert/carriers` (`CarrierExpertReviewsPage`): the carrier applications the expert was invited to review
 *   (`GET /api/v1/expert/carrier-reviews`), 待评审 first by default, 20 a page, each with its status and the
 *   expert's own score once given;
 * - `/expert/carriers/:id` (`CarrierExpertReviewPage`): one application as the expert reads it
 *   (`GET /api/v1/carriers/applications/{id}`) — applicant, kind, round, the thresholds with the declared figures
 *   (`ThresholdTable`), the 申报书 content (fields, annex lists, the evidence files read-only via `EvidenceUpload`)
 *   — with the recusal rule stated, and the opinion form (`POST /api/v1/carriers/applications/{id}/expert-opinion`: score 0–100, 建议通过 or not, the
 *   opinion text), confirmed before it is sent; once given, the expert's opinion is shown instead. The server's
 *   refusals (`NOT_INVITED`, a status other than 专家评审) are shown as it words them.
 */
import { ArrowLeftOutlined, ExperimentOutlined } from '@ant-design/icons';
import { FIELD_LABELS, type CarrierKind } from '@jiebang/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Divider,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Radio,
  Segmented,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { errorText } from '../../../shared/lib/apiErrors';
import { formatDate } from '../../../shared/lib/format';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { CarrierApplicationStatusTag } from '../components/CarrierTags';
import { EvidenceUpload } from '../components/EvidenceUpload';
import { ThresholdTable } from '../components/ThresholdTable';
import { applicationRouteText, carriersChanged, kindText } from '../lib/carriers';
import { formEvidence, ruleSetFor } from '../lib/applicationForm';

type ApplicationDto = components['schemas']['CarrierApplicationDto'];

/** Rows per page of the list. */
const PAGE_SIZE = 20;

/** The recusal rule as the expert reads it (`000` 四.3; the server checks it when staff invite). */
export const RECUSAL_TEXT =
  '回避:与申报单位存在隶属、控股、任职或其他利益关联的专家应当回避(000 四.3)。邀请时系统已按单位关联核查;如您发现仍存在关联,请不要评审,并告知科技厅另行邀请。';

/** Annex lists of the 申报书 and their columns (as the applicant's form names them). */
const ANNEXES: { key: string; title: string; cols: [string, string][] }[] = [
  {
    key: 'projects',
    title: '项目库',
    cols: [
      ['name', '项目名称'],
      ['stage', '阶段/进展'],
    ],
  },
  {
    key: 'foreignPartners',
    title: '国外主要合作伙伴',
    cols: [
      ['country', '国别'],
      ['name', '合作单位'],
    ],
  },
  {
    key: 'coBuilders',
    title: '共建单位',
    cols: [
      ['name', '单位名称'],
      ['role', '分工'],
    ],
  },
  {
    key: 'branches',
    title: '分支机构',
    cols: [
      ['name', '名称'],
      ['function', '功能定位'],
    ],
  },
];

/** The 申报书 content besides the thresholds: fields, annex lists and the evidence (files, else references). */
function ApplicationContent({ a }: { a: ApplicationDto }) {
  const form = (a.form ?? {}) as Record<string, unknown>;
  const fields = Array.isArray(form.fields) ? (form.fields as string[]) : [];
  const evidence = (form.evidence ?? {}) as Record<string, unknown>;
  const labels = new Map(
    formEvidence(ruleSetFor(null, a.kind as CarrierKind), a.kind as CarrierKind).map((e) => [e.key, e.label]),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="expert-application-content">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="所属领域">
          {fields.length ? fields.map((f) => (FIELD_LABELS as Record<string, string>)[f] ?? f).join('、') : '—'}
        </Descriptions.Item>
      </Descriptions>
      {ANNEXES.filter((x) => Array.isArray(form[x.key]) && (form[x.key] as unknown[]).length).map((x) => (
        <div key={x.key} data-testid={`expert-annex-${x.key}`}>
          <Typography.Text strong>{x.title}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {(form[x.key] as Record<string, unknown>[]).map((row, i) => (
              <li key={i}>{x.cols.map(([k, l]) => `${l}:${String(row?.[k] ?? '—')}`).join(';')}</li>
            ))}
          </ul>
        </div>
      ))}
      <Typography.Text strong>证明材料</Typography.Text>
      {a.evidenceItems?.length ? (
        // The uploaded files per required item (an invited expert may download them).
        <EvidenceUpload applicationId={a.id} items={a.evidenceItems} editable={false} />
      ) : (
        // Applications from before evidence files: the references typed into the 申报书.
        <Descriptions size="small" column={1} data-testid="expert-evidence">
          {Object.keys(evidence).length ? (
            Object.entries(evidence).map(([k, v]) => (
              <Descriptions.Item key={k} label={labels.get(k) ?? k}>
                {String(v ?? '—')}
              </Descriptions.Item>
            ))
          ) : (
            <Descriptions.Item label="材料">未提交</Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Space>
  );
}

interface OpinionValues {
  score: number;
  recommend: boolean;
  opinion: string;
}

/** The expert's opinion: the form while it is due and the review open, else what was given; `onDone` refetches. */
function OpinionSection({ a, userId, onDone }: { a: ApplicationDto; userId: string; onDone: () => unknown }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<OpinionValues>();
  const [values, setValues] = useState<OpinionValues | null>(null);
  const send = $api.useMutation('post', '/api/v1/carriers/applications/{id}/expert-opinion');
  const mine = a.experts.find((e) => e.expertUserId === userId);
  if (mine?.submittedAt)
    return (
      <Alert
        type="success"
        showIcon
        data-testid="expert-opinion-given"
        title={`您已于 ${formatDate(mine.submittedAt, true) ?? ''} 提交评审意见`}
        description={`评分 ${mine.score ?? '—'} 分;${mine.recommend ? '建议通过' : '不建议通过'};${mine.opinion ?? ''}`}
      />
    );
  if (a.status !== 'expert_review')
    return (
      <Alert
        type="info"
        showIcon
        data-testid="expert-opinion-closed"
        title="该申报当前不在专家评审阶段,不能提交评审意见"
      />
    );
  const submit = async () => {
    if (!values) return;
    try {
      await send.mutateAsync({
        params: { path: { id: a.id } },
        body: { score: values.score, recommend: values.recommend, opinion: values.opinion.trim() },
      });
      await Promise.all([carriersChanged(), invalidate('/api/v1/expert/carrier-reviews'), onDone()]);
      message.success('评审意见已提交');
    } catch (e) {
      message.error(errorText(e, '评审意见未能提交'));
    } finally {
      setValues(null);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ maxWidth: 640 }}
      data-testid="expert-opinion-form"
      onFinish={(v) => setValues(v)}
    >
      <Form.Item name="score" label="评分(0–100 分)" rules={[{ required: true, message: '请填写评分' }]}>
        <InputNumber min={0} max={100} precision={0} data-testid="expert-score" />
      </Form.Item>
      <Form.Item name="recommend" label="评审结论" rules={[{ required: true, message: '请选择评审结论' }]}>
        <Radio.Group
          data-testid="expert-recommend"
          options={[
            { value: true, label: '建议通过' },
            { value: false, label: '不建议通过' },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="opinion"
        label="评审意见"
        rules={[
          { required: true, whitespace: true, message: '请填写评审意见' },
          { max: 4000, message: '评审意见不超过 4000 字' },
        ]}
      >
        <Input.TextArea rows={4} data-testid="expert-opinion" />
      </Form.Item>
      <Popconfirm
        open={!!values}
        title="评审意见提交后不能修改,确定提交?"
        okText="提交"
        cancelText="再看看"
        okButtonProps={{ 'data-testid': 'expert-opinion-confirm', loading: send.isPending } as never}
        onConfirm={() => void submit()}
        onCancel={() => setValues(null)}
      >
        <Button type="primary" htmlType="submit" data-testid="expert-opinion-submit">
          提交评审意见
        </Button>
      </Popconfirm>
    </Form>
  );
}

/** One application as the invited expert reads it, with the opinion form. */
export function CarrierExpertReviewPage() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const q = $api.useQuery('get', '/api/v1/carriers/applications/{id}', { params: { path: { id } } });
  const a = q.data;
  useDocumentTitle(a ? `载体评审:${a.platformName}` : '载体评审');
  const back = (
    <Link to="/expert/carriers">
      <ArrowLeftOutlined /> 我的载体评审
    </Link>
  );
  if (q.error)
    return (
      <Card extra={back}>
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} title="申报加载失败" />
      </Card>
    );
  if (!a || !user)
    return (
      <Card extra={back}>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  return (
    <Card
      data-testid="carrier-expert-review"
      title={
        <Space wrap>
          <span>{a.platformName}</span>
          <CarrierApplicationStatusTag status={a.status} />
        </Space>
      }
      extra={back}
    >
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="申报单位">{a.orgName}</Descriptions.Item>
          <Descriptions.Item label="类型">{kindText(a.kind, a.intlBaseType)}</Descriptions.Item>
          <Descriptions.Item label="批次">{a.roundTitle}</Descriptions.Item>
          <Descriptions.Item label="申报途径">{applicationRouteText(a)}</Descriptions.Item>
        </Descriptions>
        <Alert type="warning" showIcon data-testid="expert-recusal" title={RECUSAL_TEXT} />
        <Divider titlePlacement="start">申报条件(申报数据与要求对照)</Divider>
        <ThresholdTable thresholds={a.thresholds} applicationId={a.id} evidence={a.evidenceItems} />
        <Divider titlePlacement="start">申报书内容</Divider>
        <ApplicationContent a={a} />
        <Divider titlePlacement="start">评审意见</Divider>
        <OpinionSection a={a} userId={user.id} onDone={() => q.refetch()} />
      </Space>
    </Card>
  );
}

/** The expert's carrier review invitations. */
export function CarrierExpertReviewsPage() {
  useDocumentTitle('载体评审');
  const [state, setState] = useState<'pending' | 'done' | 'all'>('pending');
  const [page, setPage] = useState(1);
  const list = $api.useQuery('get', '/api/v1/expert/carrier-reviews', {
    params: { query: { ...(state === 'all' ? {} : { state }), page, pageSize: PAGE_SIZE } },
  });
  const data = list.data;
  return (
    <Card
      data-testid="carrier-expert-reviews"
      title={
        <span>
          <ExperimentOutlined /> 载体评审
        </span>
      }
      extra={
        <Segmented
          value={state}
          onChange={(v) => {
            setState(v as typeof state);
            setPage(1);
          }}
          options={[
            { value: 'pending', label: '待评审' },
            { value: 'done', label: '已评审' },
            { value: 'all', label: '全部' },
          ]}
          data-testid="carrier-expert-state"
        />
      }
    >
      <p className="muted">{RECUSAL_TEXT}</p>
      {list.error ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} title="评审邀请加载失败" />
      ) : !data ? (
        <Skeleton active />
      ) : data.items.length === 0 ? (
        <Empty
          data-testid="carrier-expert-reviews-empty"
          description={state === 'pending' ? '暂无待评审的载体申报' : '暂无载体评审邀请'}
        />
      ) : (
        <List
          dataSource={data.items}
          rowKey={(r) => r.id}
          pagination={
            data.total > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, showSizeChanger: false }
              : false
          }
          renderItem={(r) => (
            <List.Item data-testid="carrier-expert-review-row">
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/expert/carriers/${encodeURIComponent(r.applicationId)}`}>{r.platformName}</Link>
                    <CarrierApplicationStatusTag status={r.status} />
                    {r.submittedAt ? (
                      <Tag color="green">已评审 {r.score ?? ''} 分</Tag>
                    ) : (
                      <Tag color="orange">待评审</Tag>
                    )}
                  </Space>
                }
                description={`${r.orgName} · ${kindText(r.kind, r.intlBaseType)} · ${r.roundTitle} · 邀请于 ${formatDate(r.assignedAt, true) ?? ''}`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
