/**
 * 发榜方评审 (issue 16 item 4; seed `004 §9(五)`: 评审由科技厅会同发榜方组织): the poster's users read the
 * applications to their listing — the applicant's qualifications, plan, team, budget and timetable — and, while an
 * application is under review, record whether they recommend it and why (`PUT /applications/:id/poster-opinion`);
 * staff read that opinion beside the experts' scores (`PosterOpinionText` in the staff review board). A later save
 * replaces the opinion; nothing else can be changed here.
 */
import {
  ApplicationStatus,
  ORG_TYPE_LABELS,
  regionFullName,
  type ApplicationDto,
  type PosterOpinionDto,
} from '@jiebang/contracts';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Form,
  Input,
  Radio,
  Skeleton,
  Space,
  Tag,
} from 'antd';
import { $api } from '../../../api/query';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { ApplicationStatusTag } from '../../../shared/components/tags';
import { formatDate } from '../../../shared/lib/format';
import { formatFenAsWan } from '../../../shared/lib/money';
import { errorText } from '../../../shared/lib/apiErrors';
import { invalidateApplicationReads } from '../lib/applicationReads';
import { ApplicationDescriptions } from './ApplicationParts';

/** 推荐 / 不推荐 of the poster, its reason, who wrote it and when. */
export function PosterOpinionText({ opinion }: { opinion: PosterOpinionDto | null | undefined }) {
  if (!opinion)
    return (
      <span className="muted" data-testid="poster-opinion-none">
        发榜方尚未填写意见
      </span>
    );
  return (
    <div className="row-reason" data-testid="poster-opinion">
      <Tag color={opinion.recommend ? 'green' : 'red'}>{opinion.recommend ? '发榜方推荐' : '发榜方不推荐'}</Tag>
      <span className="long-text">{opinion.opinion}</span>
      <div className="muted">
        {opinion.authorName} · {formatDate(opinion.updatedAt, true)}
      </div>
    </div>
  );
}

/** The applicant's qualifications as the review reads them. */
function ApplicantProfile({ app }: { app: ApplicationDto }) {
  const p = app.applicantProfile;
  if (!p) return null;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2 }}
      data-testid="applicant-profile"
      items={[
        { key: 'type', label: '单位类型', children: ORG_TYPE_LABELS[p.type] ?? p.type },
        { key: 'verified', label: '平台认证', children: p.verified ? '已认证' : '未认证' },
        { key: 'uscc', label: '统一社会信用代码', children: p.uscc ?? '未登记' },
        { key: 'region', label: '所在地区', children: regionFullName(p.regionCode) ?? '未登记' },
        { key: 'legal', label: '独立法人', children: p.independentLegalPerson ? '是' : '否' },
        {
          key: 'capital',
          label: '注册资本',
          children: formatFenAsWan(p.registeredCapitalFen) ?? '未登记',
        },
        { key: 'business', label: '主营业务', children: p.mainBusiness ?? '未登记' },
      ]}
    />
  );
}

/** The opinion form of one application under review. */
function OpinionForm({ app }: { app: ApplicationDto }) {
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<{ recommend: boolean; opinion: string }>();
  const save = $api.useMutation('put', '/api/v1/applications/{id}/poster-opinion', {
    onSuccess: invalidateApplicationReads,
  });
  const onFinish = async (v: { recommend: boolean; opinion: string }) => {
    await save.mutateAsync({ params: { path: { id: app.id } }, body: { recommend: v.recommend, opinion: v.opinion } });
    message.success('发榜方意见已保存');
  };
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="poster-opinion-form"
      initialValues={app.posterOpinion ?? undefined}
      onFinish={(v) => void onFinish(v).catch(() => undefined)}
    >
      <Form.Item name="recommend" label="是否推荐" rules={[{ required: true, message: '请选择是否推荐' }]}>
        <Radio.Group
          options={[
            { value: true, label: '推荐' },
            { value: false, label: '不推荐' },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="opinion"
        label="发榜方意见(科技厅评审时参考,申报单位不可见)"
        rules={[
          { required: true, whitespace: true, message: '请填写发榜方意见' },
          { min: 5, message: '请至少写 5 个字,说明推荐或不推荐的理由' },
          { max: 3000, message: '不超过 3000 字' },
        ]}
      >
        <Input.TextArea
          rows={3}
          showCount
          maxLength={3000}
          placeholder="如：技术路线与我方需求契合,团队有同类项目经验"
        />
      </Form.Item>
      {save.error ? (
        <Alert
          type="error"
          showIcon
          className="form-alert"
          data-testid="poster-opinion-error"
          title={errorText(save.error)}
        />
      ) : null}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="poster-opinion-save">
        {app.posterOpinion ? '更新意见' : '保存意见'}
      </Button>
    </Form>
  );
}

/** Props of `PosterReviewPanel`. */
export interface PosterReviewPanelProps {
  listingId: string;
}

/** The poster's review panel of one listing. */
export function PosterReviewPanel({ listingId }: PosterReviewPanelProps) {
  const list = $api.useQuery('get', '/api/v1/listings/{id}/applications', { params: { path: { id: listingId } } });
  if (list.error) {
    return <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="揭榜申报加载失败" compact />;
  }
  const apps = list.data;
  if (!apps) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (apps.length === 0) return <Empty description="暂无揭榜申报" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Space orientation="vertical" size={12} className="full-width" data-testid="poster-review">
      <p className="muted">
        评审由科技厅会同发榜方组织：申报进入评审后,请阅读申报单位的资质与实施方案,填写是否推荐及理由,供科技厅与专家评分一并参考。
      </p>
      {apps.map((a) => (
        <Card
          key={a.id}
          size="small"
          data-testid="poster-application"
          data-application-id={a.id}
          title={
            <Space size={8} wrap>
              <span>{a.applicantName}</span>
              <ApplicationStatusTag status={a.status} />
            </Space>
          }
        >
          <ApplicantProfile app={a} />
          <Collapse
            ghost
            size="small"
            items={[
              {
                key: 'content',
                label: '申报内容(实施方案、团队、经费、进度)',
                children: <ApplicationDescriptions app={a} />,
              },
            ]}
          />
          <h3 className="section-title">发榜方意见</h3>
          {a.status === ApplicationStatus.UnderReview ? (
            <OpinionForm app={a} />
          ) : (
            <>
              <PosterOpinionText opinion={a.posterOpinion} />
              <div className="muted" data-testid="poster-opinion-closed">
                {a.status === ApplicationStatus.Submitted || a.status === ApplicationStatus.PendingConsent
                  ? '科技厅开始评审后可填写意见。'
                  : '评审已结束,意见不能再修改。'}
              </div>
            </>
          )}
        </Card>
      ))}
    </Space>
  );
}
