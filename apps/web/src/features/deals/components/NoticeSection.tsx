/**
 * 协议审查与公示 of a deal (seed `004 §9(七)`): the draft agreement waiting for review, staff opening the notice
 * (length in Chinese working days, with the end date computed live by the notice calendar of `@jiebang/policy`),
 * the notice period (last day, end, a provisional-calendar warning), the objections with their evidence and
 * resolution, lodging an objection (any signed-in user while on notice) and staff resolving one.
 */
import { ExclamationCircleOutlined, FileSearchOutlined, SoundOutlined } from '@ant-design/icons';
import { DealStatus, type DealDto, type LodgeObjectionDto, type ObjectionDto } from '@jiebang/contracts';
import { beijingDate, DEFAULT_NOTICE_WORKING_DAYS, noticePeriod, NOTICE_RULE } from '@jiebang/policy';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Radio, Space, Tag } from 'antd';
import { useDealMutation } from '../hooks/useDealMutation';
import {
  basisText,
  ruleWords,
  OBJECTION_OPEN_STATUSES,
  OBJECTION_OUTCOME_LABELS,
  OBJECTION_STATUS_META,
} from '../lib/deals';
import { formatDate } from '../../../shared/lib/format';
import { DealFileLink, DealUploadInput } from './DealFiles';
import type { DealFormConfig, DealFormValues } from './DealFormModal';
import type { DealSectionProps } from './types';

/** The notice period a notice opened today would have, or why it cannot be computed. */
function noticePreview(workingDays: unknown): ReturnType<typeof noticePeriod> | string {
  const n = Number(workingDays);
  if (!Number.isInteger(n) || n < 1 || n > 30) return '公示期应为 1–30 个工作日';
  try {
    return noticePeriod(beijingDate(new Date()), n);
  } catch (err) {
    return err instanceof Error ? err.message : '无法计算公示期';
  }
}

/** The live preview of the notice period inside the 发布公示 form. */
function NoticePreview({ workingDays }: { workingDays: unknown }) {
  const p = noticePreview(workingDays);
  if (typeof p === 'string') return <Alert type="warning" showIcon title={p} />;
  return (
    <Alert
      type={p.provisional ? 'warning' : 'info'}
      showIcon
      data-testid="notice-preview"
      title={`今日发布：公示期 ${p.firstDay} 至 ${p.lastDay}(${p.workingDays} 个工作日)，${p.lastDay} 24:00(北京时间)截止`}
      description={
        <>
          <div>按中国法定节假日及调休安排计算工作日；{basisText(NOTICE_RULE)}。</div>
          {p.provisional ? (
            <div>注意：所涉年度的国务院节假日安排尚未发布，暂按周末推算，截止日期可能随节假日安排调整(暂定)。</div>
          ) : null}
        </>
      }
    />
  );
}

/**
 * The 提出异议 form of a deal (any signed-in user, party or not, while it is on notice): reasons and evidence
 * files; it freezes the notice until staff resolve it.
 */
export function lodgeObjectionForm(
  dealId: string,
  lodge: (body: LodgeObjectionDto) => Promise<unknown>,
  onDone: () => void,
): DealFormConfig {
  return {
    title: '提出异议',
    okText: '提交异议',
    testId: 'objection-form',
    description: (
      <p>
        对公示的揭榜协议有异议的，请写明事实和理由并附证明材料。异议提出后公示冻结，科技厅核实处理后再继续或终止公示。
      </p>
    ),
    fields: (
      <>
        <Form.Item
          name="reasons"
          label="异议事实和理由"
          rules={[
            { required: true, whitespace: true, message: '请写明异议的事实和理由' },
            { min: 10, message: '异议理由至少 10 个字，请写明事实和理由' },
            { max: 4000, message: '最多 4000 个字' },
          ]}
        >
          <Input.TextArea rows={5} maxLength={4000} showCount data-testid="objection-reasons" />
        </Form.Item>
        <Form.Item name="evidenceAttachmentIds" label="证明材料(可选，可多个)">
          <DealUploadInput dealId={dealId} purpose="objection_evidence" multiple buttonText="上传证明材料" />
        </Form.Item>
      </>
    ),
    confirm: {
      title: '确认提出异议？',
      content: '提交后公示将冻结，直至科技厅工作人员核实处理；异议及材料将记入项目审计记录。',
      okText: '确认提交',
    },
    onSubmit: async (v: DealFormValues) => {
      const ids = (v.evidenceAttachmentIds as string[] | undefined) ?? [];
      await lodge({
        reasons: String(v.reasons ?? '').trim(),
        evidenceAttachmentIds: ids.length ? ids : undefined,
      });
      onDone();
    },
  };
}

/** The notice period of a deal as a description list. */
export function NoticeFacts({ notice }: { notice: NonNullable<DealDto['notice']> }) {
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        bordered
        data-testid="notice-facts"
        items={[
          {
            key: 'period',
            label: '公示期',
            children: `${notice.firstDay} 至 ${notice.lastDay}(${notice.workingDays} 个工作日)`,
          },
          {
            key: 'ends',
            label: '公示截止',
            children: <strong data-testid="notice-last-day">{`${notice.lastDay} 24:00(北京时间)`}</strong>,
          },
          { key: 'opened', label: '发布时间', children: formatDate(notice.openedAt, true) ?? '—' },
          { key: 'rule', label: '依据', children: ruleWords(NOTICE_RULE) ?? '—' },
          {
            key: 'review',
            label: '协议审查意见',
            span: 'filled',
            children: <span className="long-text">{notice.reviewNote}</span>,
          },
        ]}
      />
      {notice.provisional ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          data-testid="notice-provisional"
          title="公示截止日期为暂定"
          description="所涉年度的国务院节假日安排尚未发布，工作日暂按周末推算；安排发布后截止日期可能调整。"
        />
      ) : null}
    </>
  );
}

/** One objection. */
function ObjectionItem({
  deal,
  objection: o,
  canResolve,
  onResolve,
}: {
  deal: DealDto;
  objection: ObjectionDto;
  canResolve: boolean;
  onResolve: (o: ObjectionDto) => void;
}) {
  const meta = OBJECTION_STATUS_META[o.status] ?? { label: o.status, color: 'default' };
  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="objection"
      data-status={o.status}
      title={
        <Space size={6} wrap>
          <Tag color={meta.color}>{meta.label}</Tag>
          <span>{o.lodgedByName ?? '公众'}</span>
          <span className="muted">{formatDate(o.createdAt, true)}</span>
        </Space>
      }
      extra={
        canResolve && o.status === 'open' ? (
          <Button size="small" type="primary" onClick={() => onResolve(o)} data-testid="objection-resolve">
            处理异议
          </Button>
        ) : null
      }
    >
      <div className="long-text">{o.reasons}</div>
      {o.evidence.length ? (
        <div>
          <span className="muted">证明材料：</span>
          {o.evidence.map((f) => (
            <DealFileLink key={f.id} dealId={deal.id} file={f} />
          ))}
        </div>
      ) : null}
      {o.resolution ? (
        <div className={o.status === 'upheld' ? 'row-reason' : 'row-reason muted'}>
          处理意见{o.outcome ? `(${OBJECTION_OUTCOME_LABELS[o.outcome]})` : ''}:{o.resolution}
          {o.resolvedAt ? ` · ${formatDate(o.resolvedAt, true)}` : ''}
        </div>
      ) : null}
    </Card>
  );
}

/** The 协议审查与公示 section. */
export function NoticeSection({ deal, can, openForm, done }: DealSectionProps) {
  const openNotice = useDealMutation('/api/v1/deals/{id}/notice');
  const lodgeObjection = useDealMutation('/api/v1/deals/{id}/objections');
  const resolveObjection = useDealMutation('/api/v1/deals/{id}/objections/{objectionId}/resolve');
  const reviewing = deal.status === DealStatus.AgreementReview;
  const objectable = OBJECTION_OPEN_STATUSES.has(deal.status);

  const openNoticeForm = () =>
    openForm({
      title: '审查协议并发布公示',
      okText: '发布公示',
      testId: 'open-notice-form',
      description: (
        <p>
          核对协议草稿的条款(金额与付款计划、知识产权归属、收益分配、期限)符合揭榜挂帅规定后，在公示栏公开。公示期内任何人可提出异议。
        </p>
      ),
      initialValues: { workingDays: DEFAULT_NOTICE_WORKING_DAYS },
      fields: () => (
        <>
          <Form.Item
            name="workingDays"
            label="公示期(工作日)"
            rules={[{ required: true, type: 'integer', min: 1, max: 30, message: '公示期应为 1–30 个工作日' }]}
            extra={`默认 ${DEFAULT_NOTICE_WORKING_DAYS} 个工作日`}
          >
            <InputNumber min={1} max={30} precision={0} data-testid="notice-working-days" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.workingDays !== b.workingDays}>
            {({ getFieldValue }) => <NoticePreview workingDays={getFieldValue('workingDays')} />}
          </Form.Item>
          <Form.Item
            name="reviewNote"
            label="协议审查意见"
            className="nego-form-gap"
            rules={[
              { required: true, whitespace: true, message: '请填写协议审查意见' },
              { min: 2, message: '请填写协议审查意见' },
              { max: 2000, message: '最多 2000 个字' },
            ]}
          >
            <Input.TextArea
              rows={4}
              maxLength={2000}
              showCount
              placeholder="写明审查了哪些条款、结论如何"
              data-testid="notice-review-note"
            />
          </Form.Item>
        </>
      ),
      confirm: (v) => ({
        title: '确认发布公示？',
        content: `协议将在公示栏公开 ${String(v.workingDays)} 个工作日，发布后不能撤回。`,
        okText: '确认发布',
      }),
      onSubmit: async (v) => {
        await openNotice.mutateAsync({
          params: { path: { id: deal.id } },
          body: {
            workingDays: Number(v.workingDays),
            reviewNote: String(v.reviewNote ?? '').trim(),
          },
        });
        done('公示已发布');
      },
    });

  const resolveForm = (o: ObjectionDto) =>
    openForm({
      title: '处理异议',
      okText: '提交处理意见',
      testId: 'resolve-objection-form',
      description: <p className="long-text">异议内容：{o.reasons}</p>,
      initialValues: { decision: 'dismiss' },
      fields: () => (
        <>
          <Form.Item name="decision" label="处理结果" rules={[{ required: true, message: '请选择处理结果' }]}>
            <Radio.Group
              options={[
                { value: 'dismiss', label: '异议不成立(继续公示)' },
                { value: 'uphold', label: '异议成立' },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.decision !== b.decision}>
            {({ getFieldValue }) =>
              getFieldValue('decision') === 'uphold' ? (
                <Form.Item
                  name="outcome"
                  label="异议成立后"
                  rules={[{ required: true, message: '请选择退回洽谈或终止' }]}
                >
                  <Radio.Group
                    options={[
                      { value: 'renegotiate', label: OBJECTION_OUTCOME_LABELS.renegotiate },
                      { value: 'terminate', label: OBJECTION_OUTCOME_LABELS.terminate },
                    ]}
                  />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          <Form.Item
            name="resolution"
            label="处理意见(异议人和双方可见)"
            rules={[
              { required: true, whitespace: true, message: '请写明处理意见' },
              { min: 2, message: '请写明处理意见' },
              { max: 4000, message: '最多 4000 个字' },
            ]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount data-testid="objection-resolution" />
          </Form.Item>
        </>
      ),
      confirm: (v) =>
        v.decision === 'uphold'
          ? {
              title: '确认异议成立？',
              content:
                v.outcome === 'terminate'
                  ? '异议成立并终止揭榜：项目将终止，不可恢复。'
                  : '异议成立并退回洽谈：本协议草稿作废，双方需重新协商，不可撤销。',
              okText: '确认异议成立',
              danger: true,
            }
          : undefined,
      onSubmit: async (v) => {
        const uphold = v.decision === 'uphold';
        await resolveObjection.mutateAsync({
          params: { path: { id: deal.id, objectionId: o.id } },
          body: {
            decision: uphold ? 'uphold' : 'dismiss',
            outcome: uphold ? (v.outcome as 'renegotiate' | 'terminate') : undefined,
            resolution: String(v.resolution ?? '').trim(),
          },
        });
        done('异议已处理');
      },
    });

  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="deal-notice-section"
      title={
        <span>
          <SoundOutlined /> 协议审查与公示
        </span>
      }
      extra={
        <Space wrap>
          {reviewing && can.broker ? (
            <Button type="primary" icon={<FileSearchOutlined />} onClick={openNoticeForm} data-testid="open-notice">
              审查协议并发布公示
            </Button>
          ) : null}
          {objectable ? (
            <Button
              danger
              icon={<ExclamationCircleOutlined />}
              onClick={() =>
                openForm(
                  lodgeObjectionForm(
                    deal.id,
                    (body) => lodgeObjection.mutateAsync({ params: { path: { id: deal.id } }, body }),
                    () => done('异议已提交，公示已冻结'),
                  ),
                )
              }
              data-testid="lodge-objection"
            >
              提出异议
            </Button>
          ) : null}
        </Space>
      }
    >
      {reviewing ? (
        <Alert
          type="info"
          showIcon
          title="双方已就协议草稿达成一致，待科技厅审查协议后发布公示。"
          description={can.staff && !can.broker ? '协议审查由对接专员或管理员办理。' : undefined}
        />
      ) : null}
      {deal.status === DealStatus.Frozen ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          data-testid="notice-frozen"
          title="公示期间收到异议，公示已冻结，待科技厅核实处理。"
        />
      ) : null}
      {deal.notice ? <NoticeFacts notice={deal.notice} /> : null}
      {deal.notice || deal.objections.length ? (
        <>
          <h3 className="section-title">异议({deal.objections.length})</h3>
          {deal.objections.length ? (
            deal.objections.map((o) => (
              <ObjectionItem key={o.id} deal={deal} objection={o} canResolve={can.broker} onResolve={resolveForm} />
            ))
          ) : (
            <Empty description="公示期间未收到异议" image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </>
      ) : null}
    </Card>
  );
}
