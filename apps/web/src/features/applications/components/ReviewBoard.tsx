/**
 * 评审 board of one published listing (staff): its applications (`GET /listings/:id/applications`) with
 * status, consortium, experts' scores and totals; actions 开始评审, 指派专家 (a conflict shows its control
 * path), 推荐 / 不推荐 (structured code + reason), each confirmed; 进入洽谈 of a recommended one; and each
 * application's 审计记录. The poster's opinion (发榜方意见, issue 16 item 4) shows beside the experts' scores.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { ApplicationStatus, DECLINE_CODES, type ApplicationDto } from '@jiebang/contracts';
import { App as AntdApp, Button, Card, Collapse, Empty, Form, Select, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { $api } from '../../../api/query';
import { invalidateApplicationReads } from '../lib/applicationReads';
import { formatMoney } from '../../../shared/lib/money';
import { DECLINE_CODE_LABELS } from '../../../shared/lib/pipeline';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { ApplicationStatusTag } from '../../../shared/components/tags';
import { EnterNegotiationButton } from '../../negotiations/components/MyNegotiations';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { ApplicationDescriptions, averageTotal, DecisionText, ScoresTable } from './ApplicationParts';
import { AuditButton } from '../../../shared/components/AuditTimeline';
import { expertConflictView, expertField } from './ExpertSelect';
import { PosterOpinionText } from './PosterReviewPanel';

/** Props of `ReviewBoard`. */
export interface ReviewBoardProps {
  listingId: string;
  listingTitle: string;
  /** Whether the user may act (otherwise read only). */
  canAct?: boolean;
}

/** The board. */
export function ReviewBoard({ listingId, listingTitle, canAct = true }: ReviewBoardProps) {
  const { message } = AntdApp.useApp();
  const list = $api.useQuery(
    'get',
    '/api/v1/listings/{id}/applications',
    { params: { path: { id: listingId } } },
    { placeholderData: (previous) => previous },
  );
  const changed = { onSuccess: invalidateApplicationReads };
  const startReview = $api.useMutation('post', '/api/v1/applications/{id}/review', changed);
  const assignExpert = $api.useMutation('post', '/api/v1/applications/{id}/experts', changed);
  const recommendOne = $api.useMutation('post', '/api/v1/applications/{id}/recommend', changed);
  const declineOne = $api.useMutation('post', '/api/v1/applications/{id}/decline', changed);
  const [action, setAction] = useState<ActionConfig>();
  const apps = list.data;
  /** The path parameters of application `a`. */
  const of = (a: ApplicationDto) => ({ params: { path: { id: a.id } } });

  if (list.error) {
    return <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="揭榜申报加载失败" compact />;
  }
  if (!apps) return <Skeleton active paragraph={{ rows: 4 }} />;

  const begin = (a: ApplicationDto) =>
    setAction({
      title: '开始评审',
      okText: '开始评审',
      description: <p>将“{a.applicantName}”的揭榜申报转入评审，之后可指派专家评分。</p>,
      onConfirm: async () => {
        await startReview.mutateAsync(of(a));
        message.success('已开始评审');
      },
    });

  const assign = (a: ApplicationDto) =>
    setAction({
      title: '指派评审专家',
      okText: '确认指派',
      description: <p>为“{a.applicantName}”的申报指派评审专家。与揭榜单位存在关联的专家须回避。</p>,
      fields: expertField(a.id),
      errorView: expertConflictView,
      onConfirm: async (v) => {
        await assignExpert.mutateAsync({ ...of(a), body: { expertUserId: String(v.expertUserId) } });
        message.success('已指派专家');
      },
    });

  const recommend = (a: ApplicationDto) =>
    setAction({
      title: '推荐揭榜单位',
      okText: '确认推荐',
      reason: 'required',
      reasonLabel: '推荐理由',
      reasonPlaceholder: '如：综合专家评审意见，方案可行、团队实力强',
      description: (
        <p>
          推荐“{a.applicantName}”揭榜“{listingTitle}”
          {averageTotal(a.scores) ? `(专家平均分 ${averageTotal(a.scores)})` : ''}。申报单位将收到通知。
        </p>
      ),
      onConfirm: async ({ reason }) => {
        await recommendOne.mutateAsync({ ...of(a), body: { reason: reason ?? '' } });
        message.success('已推荐');
      },
    });

  const decline = (a: ApplicationDto) =>
    setAction({
      title: '不予推荐',
      okText: '确认不推荐',
      danger: true,
      reason: 'required',
      reasonLabel: '具体理由(申报单位可见)',
      description: <p>不推荐“{a.applicantName}”的揭榜申报。请选择原因类别并说明理由，申报单位将看到。</p>,
      fields: (
        <Form.Item name="code" label="原因类别" rules={[{ required: true, message: '请选择原因类别' }]}>
          <Select
            placeholder="请选择"
            options={DECLINE_CODES.map((c) => ({ value: c, label: DECLINE_CODE_LABELS[c] }))}
            data-testid="decline-code"
          />
        </Form.Item>
      ),
      onConfirm: async ({ reason, code }) => {
        await declineOne.mutateAsync({
          ...of(a),
          body: { code: code as (typeof DECLINE_CODES)[number], reason: reason ?? '' },
        });
        message.success('已记录不推荐');
      },
    });

  return (
    <div className="review-board" data-testid="review-board">
      <div className="staff-toolbar">
        <span>共 {apps.length} 份揭榜申报</span>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
          刷新
        </Button>
      </div>
      {apps.length === 0 ? <Empty description="暂无揭榜申报" image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
      <Space orientation="vertical" size={12} className="full-width">
        {apps.map((a) => {
          const avg = averageTotal(a.scores);
          const review = a.status === ApplicationStatus.UnderReview;
          return (
            <Card
              key={a.id}
              size="small"
              className="application-card"
              data-testid="application-row"
              data-status={a.status}
              data-application-id={a.id}
              title={
                <Space size={8} wrap>
                  <span>{a.applicantName}</span>
                  {a.members.length ? <span className="muted">等 {a.members.length + 1} 家联合体</span> : null}
                  <ApplicationStatusTag status={a.status} />
                  <span className="muted">申报经费 {formatMoney(a.budgetFen, 'application')}</span>
                  {avg ? <span className="score-total">平均分 {avg}</span> : null}
                </Space>
              }
              extra={
                <Space size={0} wrap>
                  {canAct && a.status === ApplicationStatus.Submitted ? (
                    <Button type="link" size="small" onClick={() => begin(a)} data-testid="action-start-review">
                      开始评审
                    </Button>
                  ) : null}
                  {canAct && review ? (
                    <>
                      <Button type="link" size="small" onClick={() => assign(a)} data-testid="action-assign-expert">
                        指派专家
                      </Button>
                      <Button type="link" size="small" onClick={() => recommend(a)} data-testid="action-recommend">
                        推荐
                      </Button>
                      <Button type="link" size="small" danger onClick={() => decline(a)} data-testid="action-decline">
                        不推荐
                      </Button>
                    </>
                  ) : null}
                  <EnterNegotiationButton applicationId={a.id} status={a.status} />
                  <AuditButton subject={{ type: 'application', id: a.id, title: a.applicantName }} />
                </Space>
              }
            >
              <DecisionText app={a} />
              {a.scores ? (
                <>
                  <h3 className="section-title">专家评分</h3>
                  <ScoresTable scores={a.scores} />
                </>
              ) : null}
              {a.posterOpinion !== undefined ? (
                <>
                  <h3 className="section-title">发榜方意见</h3>
                  <PosterOpinionText opinion={a.posterOpinion} />
                </>
              ) : null}
              <Collapse
                ghost
                size="small"
                items={[{ key: 'content', label: '申报内容', children: <ApplicationDescriptions app={a} /> }]}
              />
            </Card>
          );
        })}
      </Space>
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </div>
  );
}
