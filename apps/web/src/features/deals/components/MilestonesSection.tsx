/**
 * 里程碑 of a deal (seed `004 §13`): the taker submits each milestone's report with its evidence; staff sign it off
 * or send it back with a note (the taker may then submit again).
 */
import { FlagOutlined } from '@ant-design/icons';
import { DealStatus, type MilestoneDto } from '@jiebang/contracts';
import { Button, Card, Form, Input, Space, Table, Tag, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useDealMutation } from '../hooks/useDealMutation';
import { MILESTONE_STATUS_META, moneyYuan } from '../lib/deals';
import { DealFileLink, DealUploadInput } from './DealFiles';
import type { DealSectionProps } from './types';

/** The 里程碑 section (from signing on, when the deal has milestones). */
export function MilestonesSection({ deal, can, openForm, done }: DealSectionProps) {
  const reviewMilestone = useDealMutation('/api/v1/deals/{id}/milestones/{milestoneId}/review');
  const submitMilestone = useDealMutation('/api/v1/deals/{id}/milestones/{milestoneId}/submit');
  if (deal.milestones.length === 0) return null;
  const inProgress = deal.status === DealStatus.InProgress;

  const submitForm = (m: MilestoneDto) =>
    openForm({
      title: `提交里程碑成果：${m.title}`,
      okText: '提交成果',
      testId: 'milestone-submit-form',
      description: <p>写明完成情况并上传成果材料(测试报告、样品照片、技术文档等)，提交后由科技厅审核。</p>,
      initialValues: { report: m.report ?? '' },
      fields: (
        <>
          <Form.Item
            name="report"
            label="完成情况"
            rules={[
              { required: true, whitespace: true, message: '请填写完成情况' },
              { min: 2, message: '请填写完成情况' },
              { max: 4000, message: '最多 4000 个字' },
            ]}
          >
            <Input.TextArea rows={5} maxLength={4000} showCount data-testid="milestone-report" />
          </Form.Item>
          <Form.Item
            name="evidenceAttachmentId"
            label="成果材料"
            rules={[{ required: true, message: '请上传成果材料' }]}
          >
            <DealUploadInput dealId={deal.id} purpose="milestone_evidence" buttonText="上传成果材料" />
          </Form.Item>
        </>
      ),
      onSubmit: async (v) => {
        await submitMilestone.mutateAsync({
          params: { path: { id: deal.id, milestoneId: m.id } },
          body: {
            report: String(v.report ?? '').trim(),
            evidenceAttachmentId: String(v.evidenceAttachmentId),
          },
        });
        done('里程碑成果已提交，待科技厅审核');
      },
    });

  const reviewForm = (m: MilestoneDto, decision: 'approve' | 'reject') =>
    openForm({
      title: decision === 'approve' ? `审核通过：${m.title}` : `退回里程碑成果：${m.title}`,
      okText: decision === 'approve' ? '审核通过' : '退回成果',
      danger: decision === 'reject',
      testId: 'milestone-review-form',
      description: (
        <div>
          <p className="long-text">完成情况：{m.report ?? '—'}</p>
          {m.evidence ? (
            <p>
              成果材料：
              <DealFileLink dealId={deal.id} file={m.evidence} />
            </p>
          ) : null}
        </div>
      ),
      fields: (
        <Form.Item
          name="note"
          label={decision === 'approve' ? '审核意见(可选)' : '退回理由(揭榜方可见)'}
          rules={[
            ...(decision === 'reject' ? [{ required: true, whitespace: true, message: '请写明退回理由' }] : []),
            { max: 2000, message: '最多 2000 个字' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="milestone-review-note" />
        </Form.Item>
      ),
      onSubmit: async (v) => {
        await reviewMilestone.mutateAsync({
          params: { path: { id: deal.id, milestoneId: m.id } },
          body: {
            decision,
            note: String(v.note ?? '').trim() || undefined,
          },
        });
        done(decision === 'approve' ? '里程碑已审核通过' : '里程碑成果已退回');
      },
    });

  const columns: TableColumnsType<MilestoneDto> = [
    { key: 'seq', title: '序号', width: 60, dataIndex: 'seq' },
    {
      key: 'title',
      title: '里程碑',
      render: (_, m) => (
        <div>
          <div>{m.title}</div>
          <div className="muted">
            计划 {m.dueOn} · {moneyYuan(m.amountFen)}
          </div>
        </div>
      ),
    },
    {
      key: 'status',
      title: '状态与成果',
      render: (_, m) => {
        const meta = MILESTONE_STATUS_META[m.status] ?? { label: m.status, color: 'default' };
        return (
          <div>
            <Tag color={meta.color} data-testid="milestone-status" data-status={m.status}>
              {meta.label}
            </Tag>
            {m.report ? <div className="long-text">{m.report}</div> : null}
            {m.evidence ? <DealFileLink dealId={deal.id} file={m.evidence} /> : null}
            {m.reviewNote ? (
              <div className={m.status === 'rejected' ? 'row-reason' : 'row-reason muted'}>审核：{m.reviewNote}</div>
            ) : null}
          </div>
        );
      },
    },
    {
      key: 'actions',
      title: '操作',
      width: 200,
      render: (_, m) => (
        <Space size={4} wrap>
          {can.taker && inProgress && (m.status === 'pending' || m.status === 'rejected') ? (
            <Button size="small" type="primary" onClick={() => submitForm(m)} data-testid="milestone-submit">
              提交成果
            </Button>
          ) : null}
          {can.broker && m.status === 'submitted' ? (
            <>
              <Button
                size="small"
                type="primary"
                onClick={() => reviewForm(m, 'approve')}
                data-testid="milestone-approve"
              >
                审核通过
              </Button>
              <Button size="small" danger onClick={() => reviewForm(m, 'reject')} data-testid="milestone-reject">
                退回成果
              </Button>
            </>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="deal-milestones-section"
      title={
        <span>
          <FlagOutlined /> 里程碑
        </span>
      }
    >
      <Table<MilestoneDto>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={[...deal.milestones].sort((a, b) => a.seq - b.seq)}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 720 }}
        locale={{ emptyText: '暂无里程碑' }}
        onRow={(m) =>
          ({ 'data-testid': 'milestone-row', 'data-status': m.status, 'data-id': m.id }) as HTMLAttributes<HTMLElement>
        }
      />
    </Card>
  );
}
