/**
 * 验收 of a deal (seed `004 §13`) and, for achievement transfers, the 经济效益认定 that a post-subsidy needs (seed
 * `004 §12`): staff record each expert's opinion, conclude the acceptance (passed / failed, irreversible) and
 * confirm the economic benefit with its evidence.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { DealStatus } from '@jiebang/contracts';
import { Alert, Button, Card, Empty, Form, Input, Radio, Space, Tag } from 'antd';
import { useDealMutation } from '../hooks/useDealMutation';
import { ACCEPTANCE_STATUS_META } from '../lib/deals';
import { formatDate } from '../../../shared/lib/format';
import { DealFileLink, DealUploadInput } from './DealFiles';
import type { DealSectionProps } from './types';

/** Deal statuses in which acceptance may be worked on. */
const ACCEPTANCE_OPEN = new Set<DealStatus>([DealStatus.InProgress]);
/** Deal statuses in which the benefit may be confirmed. */
const BENEFIT_OPEN = new Set<DealStatus>([DealStatus.InProgress, DealStatus.Accepted]);

/** The 验收 section (from signing on). */
export function AcceptanceSection({ deal, can, openForm, done }: DealSectionProps) {
  const addAcceptanceOpinion = useDealMutation('/api/v1/deals/{id}/acceptance/opinions');
  const concludeAcceptance = useDealMutation('/api/v1/deals/{id}/acceptance/conclude');
  const confirmBenefit = useDealMutation('/api/v1/deals/{id}/benefit');
  if (!deal.signedOn) return null;
  const a = deal.acceptance;
  const meta = ACCEPTANCE_STATUS_META[a.status] ?? { label: a.status, color: 'default' };
  const openMilestones = deal.milestones.filter((m) => m.status !== 'approved').length;
  const canWork = can.broker && ACCEPTANCE_OPEN.has(deal.status) && a.status === 'pending' && openMilestones === 0;
  const achievement = deal.kind === 'achievement';
  const benefitFiles = deal.attachments.filter((f) => f.purpose === 'benefit');

  const opinionForm = () =>
    openForm({
      title: '录入验收专家意见',
      okText: '保存专家意见',
      testId: 'acceptance-opinion-form',
      initialValues: { conclusion: 'pass' },
      fields: (
        <>
          <Form.Item
            name="expertName"
            label="专家姓名"
            rules={[
              { required: true, whitespace: true, message: '请填写专家姓名' },
              { min: 2, max: 64, message: '姓名应为 2–64 个字符' },
            ]}
          >
            <Input maxLength={64} data-testid="acceptance-expert" />
          </Form.Item>
          <Form.Item name="conclusion" label="专家结论" rules={[{ required: true, message: '请选择专家结论' }]}>
            <Radio.Group
              options={[
                { value: 'pass', label: '同意通过验收' },
                { value: 'fail', label: '不同意通过验收' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="opinion"
            label="专家意见"
            rules={[
              { required: true, whitespace: true, message: '请填写专家意见' },
              { min: 2, message: '请填写专家意见' },
              { max: 4000, message: '最多 4000 个字' },
            ]}
          >
            <Input.TextArea rows={5} maxLength={4000} showCount data-testid="acceptance-opinion" />
          </Form.Item>
        </>
      ),
      onSubmit: async (v) => {
        await addAcceptanceOpinion.mutateAsync({
          params: { path: { id: deal.id } },
          body: {
            expertName: String(v.expertName ?? '').trim(),
            conclusion: v.conclusion === 'fail' ? 'fail' : 'pass',
            opinion: String(v.opinion ?? '').trim(),
          },
        });
        done('专家意见已录入');
      },
    });

  const concludeForm = () =>
    openForm({
      title: '作出验收结论',
      okText: '提交验收结论',
      testId: 'acceptance-conclude-form',
      description: (
        <p>
          已录入 {a.opinions.length} 份专家意见(同意 {a.opinions.filter((o) => o.conclusion === 'pass').length} 份)。
        </p>
      ),
      initialValues: { result: 'passed' },
      fields: (
        <>
          <Form.Item name="result" label="验收结论" rules={[{ required: true, message: '请选择验收结论' }]}>
            <Radio.Group
              options={[
                { value: 'passed', label: '验收通过' },
                { value: 'failed', label: '验收不通过' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label="结论说明"
            rules={[
              { required: true, whitespace: true, message: '请填写验收结论说明' },
              { min: 2, message: '请填写验收结论说明' },
              { max: 4000, message: '最多 4000 个字' },
            ]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount data-testid="acceptance-note" />
          </Form.Item>
        </>
      ),
      confirm: (v) => ({
        title: v.result === 'failed' ? '确认验收不通过？' : '确认验收通过？',
        content: '验收结论作出后不能修改，并记入项目审计记录。',
        okText: '确认结论',
        danger: v.result === 'failed',
      }),
      onSubmit: async (v) => {
        await concludeAcceptance.mutateAsync({
          params: { path: { id: deal.id } },
          body: {
            result: v.result === 'failed' ? 'failed' : 'passed',
            note: String(v.note ?? '').trim(),
          },
        });
        done('验收结论已作出');
      },
    });

  const benefitForm = () =>
    openForm({
      title: '认定经济效益',
      okText: '认定经济效益',
      testId: 'benefit-form',
      description: (
        <p>成果转化类项目的后补助，须在转化完成、经济效益经认定且通过验收后拨付(《揭榜挂帅实施办法》第十二条)。</p>
      ),
      fields: (
        <>
          <Form.Item
            name="note"
            label="认定的经济效益及依据"
            rules={[
              { required: true, whitespace: true, message: '请写明认定的经济效益及依据' },
              { min: 2, message: '请写明认定的经济效益及依据' },
              { max: 4000, message: '最多 4000 个字' },
            ]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount data-testid="benefit-note" />
          </Form.Item>
          <Form.Item name="evidenceAttachmentId" label="证明材料(可选)">
            <DealUploadInput dealId={deal.id} purpose="benefit" buttonText="上传经济效益证明" />
          </Form.Item>
        </>
      ),
      onSubmit: async (v) => {
        await confirmBenefit.mutateAsync({
          params: { path: { id: deal.id } },
          body: {
            note: String(v.note ?? '').trim(),
            evidenceAttachmentId: (v.evidenceAttachmentId as string | undefined) || undefined,
          },
        });
        done('经济效益已认定');
      },
    });

  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="deal-acceptance-section"
      title={
        <span>
          <SafetyCertificateOutlined /> 验收{achievement ? '与经济效益认定' : ''}
        </span>
      }
      extra={
        <Space wrap>
          {canWork ? (
            <>
              <Button onClick={opinionForm} data-testid="add-acceptance-opinion">
                录入专家意见
              </Button>
              <Button type="primary" onClick={concludeForm} data-testid="conclude-acceptance">
                作出验收结论
              </Button>
            </>
          ) : null}
          {achievement && can.broker && !deal.benefit.confirmed && BENEFIT_OPEN.has(deal.status) ? (
            <Button onClick={benefitForm} data-testid="confirm-benefit">
              认定经济效益
            </Button>
          ) : null}
        </Space>
      }
    >
      <div className="staff-toolbar">
        <span>
          验收状态{' '}
          <Tag color={meta.color} data-testid="acceptance-status" data-status={a.status}>
            {meta.label}
          </Tag>
        </span>
        {achievement ? (
          <span>
            经济效益{' '}
            <Tag color={deal.benefit.confirmed ? 'success' : 'default'} data-testid="benefit-status">
              {deal.benefit.confirmed ? '已认定' : '未认定'}
            </Tag>
          </span>
        ) : null}
      </div>
      {a.note ? (
        <Alert type={a.status === 'failed' ? 'error' : 'success'} showIcon title={`验收结论：${a.note}`} />
      ) : null}
      {achievement && deal.benefit.confirmed ? (
        <div className="form-alert">
          <div className="long-text">
            经济效益认定：{deal.benefit.note}
            {deal.benefit.confirmedAt ? `(${formatDate(deal.benefit.confirmedAt, true)})` : ''}
          </div>
          {benefitFiles.map((f) => (
            <DealFileLink key={f.id} dealId={deal.id} file={f} />
          ))}
        </div>
      ) : null}
      <h3 className="section-title">专家意见({a.opinions.length})</h3>
      {a.opinions.length ? (
        <ul className="attachment-list">
          {a.opinions.map((o) => (
            <li key={o.id} className="attachment-row" data-testid="acceptance-opinion-item">
              <div className="attachment-main">
                <Space size={6} wrap>
                  <strong>{o.expertName}</strong>
                  <Tag color={o.conclusion === 'pass' ? 'success' : 'error'}>
                    {o.conclusion === 'pass' ? '同意通过' : '不同意通过'}
                  </Tag>
                  <span className="muted">{formatDate(o.createdAt, true)}</span>
                </Space>
                <div className="long-text">{o.opinion}</div>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <Empty description="尚未录入验收专家意见" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
