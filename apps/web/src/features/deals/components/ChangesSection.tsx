/**
 * 延期与终止 of a deal (seed `004 §15`): either party asks for an extension (with the new end date) or a termination
 * for force majeure, the other party agrees, and staff decide; a termination takes the special audit's figure of
 * the state money spent, and the server computes what is recovered (`max(disbursed − spent, 0)`; previewed here
 * with the same pure rule of `@jiebang/policy`).
 */
import { SwapOutlined } from '@ant-design/icons';
import { DealStatus, type DealChangeDto } from '@jiebang/contracts';
import { terminationRecoveryFen } from '@jiebang/policy';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Popconfirm, Radio, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDealMutation } from '../hooks/useDealMutation';
import {
  CHANGE_KIND_LABELS,
  CHANGE_STATUS_META,
  moneyText,
  PARTY_LABELS,
  sumFen,
  typedFen,
  validYuan,
  yuanRules,
} from '../lib/deals';
import { formatDate } from '../../../shared/lib/format';
import type { DealSectionProps } from './types';

/** The 延期与终止 section (from signing on). */
export function ChangesSection({ deal, can, openForm, done, run }: DealSectionProps) {
  const agreeChange = useDealMutation('/api/v1/deals/{id}/changes/{changeId}/agree');
  const decideChange = useDealMutation('/api/v1/deals/{id}/changes/{changeId}/decide');
  const requestChange = useDealMutation('/api/v1/deals/{id}/changes');
  if (!deal.signedOn && deal.changes.length === 0) return null;
  const inProgress = deal.status === DealStatus.InProgress;
  const mySide: 'poster' | 'taker' | null = can.poster ? 'poster' : can.taker ? 'taker' : null;
  const pendingChange = deal.changes.some((c) => c.status === 'proposed' || c.status === 'agreed');
  const disbursedFen = sumFen(deal.subsidies.filter((s) => s.status === 'disbursed').map((s) => s.subsidyFen));

  const requestForm = () =>
    openForm({
      title: '申请延期或终止',
      okText: '提交申请',
      testId: 'change-request-form',
      description: (
        <p>
          因不可抗力等原因需要延期或终止的，须经双方同意并报科技厅审核(《揭榜挂帅实施办法》第十五条)。终止后将进行专项审计，收回未使用的财政资金。
        </p>
      ),
      initialValues: { kind: 'extension' },
      fields: () => (
        <>
          <Form.Item name="kind" label="申请事项" rules={[{ required: true, message: '请选择申请事项' }]}>
            <Radio.Group
              options={[
                { value: 'extension', label: '延期' },
                { value: 'termination', label: '终止' },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
            {({ getFieldValue }) =>
              getFieldValue('kind') === 'extension' ? (
                <Form.Item
                  name="newEndOn"
                  label={`新的计划完成日期(原定 ${deal.plannedEndOn ?? '—'})`}
                  rules={[{ required: true, message: '请选择新的计划完成日期' }]}
                >
                  <DatePicker
                    disabledDate={(d) => !d.isAfter(deal.plannedEndOn ? dayjs(deal.plannedEndOn) : dayjs(), 'day')}
                    data-testid="change-new-end"
                  />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          <Form.Item
            name="reason"
            label="原因"
            rules={[
              { required: true, whitespace: true, message: '请写明原因' },
              { min: 10, message: '请写明原因(至少 10 个字)，如不可抗力的具体情况' },
              { max: 4000, message: '最多 4000 个字' },
            ]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount data-testid="change-reason" />
          </Form.Item>
        </>
      ),
      onSubmit: async (v) => {
        const kind = v.kind === 'termination' ? 'termination' : 'extension';
        await requestChange.mutateAsync({
          params: { path: { id: deal.id } },
          body: {
            kind,
            reason: String(v.reason ?? '').trim(),
            newEndOn: kind === 'extension' && v.newEndOn ? (v.newEndOn as Dayjs).format('YYYY-MM-DD') : undefined,
          },
        });
        done('申请已提交，待对方同意');
      },
    });

  const decideForm = (c: DealChangeDto) =>
    openForm({
      title: `审核${CHANGE_KIND_LABELS[c.kind]}申请`,
      okText: '提交审核意见',
      width: 680,
      testId: 'change-decide-form',
      description: (
        <div>
          <p className="long-text">
            {PARTY_LABELS[c.requestedBySide]}申请{CHANGE_KIND_LABELS[c.kind]}:{c.reason}
          </p>
          {c.newEndOn ? <p>新的计划完成日期：{c.newEndOn}</p> : null}
          {c.kind === 'termination' ? (
            <p>已拨付的财政补助：{moneyText(disbursedFen)}。批准终止须录入专项审计确认的已使用财政资金。</p>
          ) : null}
        </div>
      ),
      initialValues: { decision: 'approve' },
      fields: () => (
        <>
          <Form.Item name="decision" label="审核结果" rules={[{ required: true, message: '请选择审核结果' }]}>
            <Radio.Group
              options={[
                { value: 'approve', label: `批准${CHANGE_KIND_LABELS[c.kind]}` },
                { value: 'reject', label: '不批准' },
              ]}
            />
          </Form.Item>
          {c.kind === 'termination' ? (
            <Form.Item noStyle shouldUpdate>
              {({ getFieldValue }) =>
                getFieldValue('decision') === 'approve' ? (
                  <>
                    <Form.Item
                      name="auditedSpentYuan"
                      label="专项审计确认已使用的财政资金(元)"
                      rules={[
                        { required: true, whitespace: true, message: '请填写专项审计确认的金额' },
                        ...yuanRules(),
                      ]}
                    >
                      <Input inputMode="decimal" data-testid="change-audited-spent" />
                    </Form.Item>
                    <RecoveryPreview disbursedFen={disbursedFen} spent={getFieldValue('auditedSpentYuan')} />
                  </>
                ) : null
              }
            </Form.Item>
          ) : null}
          <Form.Item
            name="note"
            label="审核意见(双方可见)"
            rules={[
              { required: true, whitespace: true, message: '请填写审核意见' },
              { min: 2, message: '请填写审核意见' },
              { max: 4000, message: '最多 4000 个字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={4000} showCount data-testid="change-note" />
          </Form.Item>
        </>
      ),
      confirm: (v) =>
        v.decision === 'approve'
          ? {
              title: `确认批准${CHANGE_KIND_LABELS[c.kind]}?`,
              content:
                c.kind === 'termination'
                  ? '批准后项目终止，不可恢复；应追回的财政资金由系统按专项审计结果计算并记录。'
                  : `批准后计划完成日期改为 ${c.newEndOn ?? '—'}。`,
              okText: `确认批准${CHANGE_KIND_LABELS[c.kind]}`,
              danger: c.kind === 'termination',
            }
          : undefined,
      onSubmit: async (v) => {
        const approve = v.decision === 'approve';
        await decideChange.mutateAsync({
          params: { path: { id: deal.id, changeId: c.id } },
          body: {
            decision: approve ? 'approve' : 'reject',
            note: String(v.note ?? '').trim(),
            auditedSpentYuan:
              approve && c.kind === 'termination' ? (validYuan(v.auditedSpentYuan as string) ?? undefined) : undefined,
          },
        });
        done(approve ? `已批准${CHANGE_KIND_LABELS[c.kind]}` : '已不批准');
      },
    });

  const iAgreed = (c: DealChangeDto) => (mySide === 'poster' ? c.posterAgreed : c.takerAgreed);

  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="deal-changes-section"
      title={
        <span>
          <SwapOutlined /> 延期与终止
        </span>
      }
      extra={
        mySide && inProgress && !pendingChange ? (
          <Button onClick={requestForm} data-testid="request-change">
            申请延期或终止
          </Button>
        ) : null
      }
    >
      {deal.recoveryFen ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          data-testid="deal-recovery"
          title={`应追回财政资金：${moneyText(deal.recoveryFen)}(依据《揭榜挂帅实施办法》第十五条)`}
        />
      ) : null}
      {deal.changes.length === 0 ? (
        <Empty description="没有延期或终止申请" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        [...deal.changes]
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map((c) => {
            const meta = CHANGE_STATUS_META[c.status] ?? { label: c.status, color: 'default' };
            return (
              <Card
                key={c.id}
                size="small"
                className="form-alert"
                data-testid="change"
                data-status={c.status}
                title={
                  <Space size={6} wrap>
                    <Tag color={c.kind === 'termination' ? 'red' : 'blue'}>{CHANGE_KIND_LABELS[c.kind]}</Tag>
                    <Tag color={meta.color}>{meta.label}</Tag>
                    <span className="muted">
                      {PARTY_LABELS[c.requestedBySide]}提出 · {formatDate(c.createdAt, true)}
                    </span>
                  </Space>
                }
                extra={
                  <Space size={4} wrap>
                    {mySide && c.status === 'proposed' && c.requestedBySide !== mySide && !iAgreed(c) ? (
                      <Popconfirm
                        title={`同意${CHANGE_KIND_LABELS[c.kind]}`}
                        description={`确定同意对方的${CHANGE_KIND_LABELS[c.kind]}申请吗？同意后报科技厅审核，不能撤回。`}
                        okText="确定同意"
                        cancelText="取消"
                        onConfirm={() =>
                          run(
                            () => agreeChange.mutateAsync({ params: { path: { id: deal.id, changeId: c.id } } }),
                            '已同意，待科技厅审核',
                          )
                        }
                      >
                        <Button size="small" type="primary" data-testid="change-agree">
                          同意此申请
                        </Button>
                      </Popconfirm>
                    ) : null}
                    {can.approver && c.status === 'agreed' ? (
                      <Button size="small" type="primary" onClick={() => decideForm(c)} data-testid="change-decide">
                        审核申请
                      </Button>
                    ) : null}
                  </Space>
                }
              >
                <div className="long-text">{c.reason}</div>
                {c.newEndOn ? <div>新的计划完成日期：{c.newEndOn}</div> : null}
                <div className="muted">
                  发榜方{c.posterAgreed ? '已同意' : '未同意'} · 揭榜方{c.takerAgreed ? '已同意' : '未同意'}
                </div>
                {c.decisionNote ? (
                  <div className={c.status === 'rejected' ? 'row-reason' : 'row-reason decision-positive'}>
                    审核意见：{c.decisionNote}
                  </div>
                ) : null}
                {c.auditedSpentFen !== null ? (
                  <div>专项审计确认已使用财政资金：{moneyText(c.auditedSpentFen)}</div>
                ) : null}
                {c.recoveryFen !== null ? (
                  <div data-testid="change-recovery">
                    应追回财政资金：<strong>{moneyText(c.recoveryFen)}</strong>
                  </div>
                ) : null}
              </Card>
            );
          })
      )}
    </Card>
  );
}

/** What a termination would recover, previewed with the pure rule (the server's figure is the one recorded). */
function RecoveryPreview({ disbursedFen, spent }: { disbursedFen: bigint; spent: unknown }) {
  const spentFen = typedFen(spent);
  if (spentFen === null) return null;
  const recovery = terminationRecoveryFen(disbursedFen, spentFen);
  return (
    <Alert
      type="info"
      showIcon
      className="form-alert"
      data-testid="recovery-preview"
      title={`预计应追回：${moneyText(recovery)}`}
      description={`= max(已拨付 ${moneyText(disbursedFen)} − 已使用 ${moneyText(spentFen)}, 0)；以系统审核后计算的金额为准(《揭榜挂帅实施办法》第十五条)。`}
    />
  );
}
