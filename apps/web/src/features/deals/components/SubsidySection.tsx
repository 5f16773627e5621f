/**
 * 补助 of a deal (seed `004 §11`, `§12`; RULEBOOK §5): whether a subsidy may be paid now (and if not, why, with the
 * rule); each proposal's computation step by step (the expression, the result and the rule of every step), the
 * evidence behind the base, the rule applied, a 一事一议 decision if any; and the staff actions — a broker proposes
 * (with a live preview from `GET /policy/subsidy`, and an optional 一事一议 cap with its reason), a second person
 * approves or sends it back (never the proposer: `SAME_APPROVER`), then the disbursement is recorded.
 */
import { AccountBookOutlined, CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  DealStatus,
  ERROR_MESSAGES,
  ErrorCode,
  fenToYuan,
  isErrorCode,
  type DealDto,
  type SubsidyDto,
  type SubsidyStepDto,
} from '@jiebang/contracts';
import { CASE_BY_CASE_RULE, computeSubsidy, SUBSIDY_BASE_LABEL, subsidyModeFor } from '@jiebang/policy';
import {
  Alert,
  App as AntdApp,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Skeleton,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { HTMLAttributes } from 'react';
import { $api } from '../../../api/query';
import { useDealMutation } from '../hooks/useDealMutation';
import {
  basisText,
  dealError,
  dealListingKind,
  moneyText,
  moneyYuan,
  ruleWords,
  SUBSIDY_MODE_LABELS,
  SUBSIDY_STATUS_META,
  typedFen,
  validYuan,
  yuanHint,
  yuanRules,
} from '../lib/deals';
import { hasChinese } from '../../../shared/lib/apiErrors';
import { formatDate } from '../../../shared/lib/format';
import { DealFileLink } from './DealFiles';
import type { DealSectionProps } from './types';

/**
 * Why a subsidy cannot be paid yet, in plain Chinese: the server's reason (without code-style citations), or the
 * reason its code stands for; never the code itself.
 */
export function payabilityReason(p: Pick<DealDto['payability'], 'code' | 'message'>): string {
  const message =
    p.message && hasChinese(p.message) ? p.message.replace(/[（(]\s*\d{3}\s*§[^()（）]*[)）]/g, '').trim() : '';
  if (message) return message;
  if (p.code === ErrorCode.SUBSIDY_NOT_PAYABLE || !isErrorCode(p.code)) return '暂不满足补助拨付条件';
  return ERROR_MESSAGES[p.code];
}

/** Statuses of a subsidy still in force (a new proposal waits until it is rejected). */
const ACTIVE = new Set<SubsidyDto['status']>(['proposed', 'approved', 'disbursed']);

/** The base of a subsidy of this deal as it stands: 研发总投入 (pre) or the confirmed money received (post). */
export function subsidyBaseFen(deal: DealDto): bigint {
  const mode = subsidyModeFor(deal.kind);
  if (mode === 'pre') return BigInt(deal.totalRdInvestmentFen ?? deal.amountFen);
  return BigInt(deal.receivedFen);
}

/** A step as the table shows it. */
interface StepRow {
  key: number;
  label: string;
  expression: string;
  resultFen: string;
  rule: string;
}

/** The computation, step by step. */
export function SubsidySteps({ steps, testId = 'subsidy-steps' }: { steps: SubsidyStepDto[]; testId?: string }) {
  const columns: TableColumnsType<StepRow> = [
    { key: 'n', title: '步骤', width: 56, render: (_, s) => s.key + 1 },
    {
      key: 'label',
      title: '说明与依据',
      render: (_, s) => (
        <div>
          <div>{s.label}</div>
          <div className="muted">{basisText(s.rule)}</div>
        </div>
      ),
    },
    { key: 'expression', title: '计算', render: (_, s) => <code>{s.expression}</code> },
    { key: 'result', title: '结果', width: 150, render: (_, s) => <strong>{moneyYuan(s.resultFen)}</strong> },
  ];
  return (
    <Table<StepRow>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={steps.map((s, i) => ({ key: i, ...s }))}
      pagination={false}
      scroll={{ x: 640 }}
      data-testid={testId}
      onRow={() => ({ 'data-testid': 'subsidy-step' }) as HTMLAttributes<HTMLElement>}
    />
  );
}

/** The live preview of the 提出补助方案 form: the server's computation, and what an approved 一事一议 cap would give. */
function ProposePreview({ deal, caseByCase, capYuan }: { deal: DealDto; caseByCase: boolean; capYuan: unknown }) {
  const baseFen = subsidyBaseFen(deal);
  const baseYuan = fenToYuan(baseFen);
  const preview = $api.useQuery('get', '/api/v1/policy/subsidy', {
    params: { query: { kind: dealListingKind(deal), baseYuan } },
  });
  const capFen = caseByCase ? typedFen(capYuan) : null;
  const withCap =
    capFen !== null && capFen > 0n
      ? computeSubsidy(deal.kind, baseFen, {
          capFen,
          reason: '一事一议',
          decidedByUserId: 'proposer',
          approvedByUserId: 'approver',
        })
      : null;
  return (
    <div data-testid="subsidy-preview">
      <h3 className="section-title">按规则计算(预览)</h3>
      {preview.error ? (
        <Alert type="warning" showIcon title={`预览加载失败：${dealError(preview.error)}`} />
      ) : !preview.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <SubsidySteps steps={preview.data.steps} testId="subsidy-preview-steps" />
          <div className="form-alert">
            补助金额：<strong data-testid="subsidy-preview-amount">{moneyText(preview.data.subsidyFen)}</strong>
            {preview.data.capApplied ? (
              <Tag color="orange" data-testid="subsidy-preview-cap-applied">
                已按上限封顶
              </Tag>
            ) : null}
            <span className="muted"> {basisText(preview.data.rule)}</span>
          </div>
        </>
      )}
      {withCap ? (
        <Alert
          type="info"
          showIcon
          className="form-alert"
          data-testid="subsidy-case-preview"
          title={`若一事一议获另一名审批人批准：补助金额 ${moneyText(withCap.subsidyFen)}`}
          description={`比例不变(30%)，一事一议额度替代上限：${withCap.steps.at(-1)?.expression ?? ''}；${basisText(CASE_BY_CASE_RULE) ?? ''}。未获批准前不适用。`}
        />
      ) : null}
    </div>
  );
}

/** The reference of a piece of evidence: a file of the deal (downloadable) or a number such as the 任务书's. */
function EvidenceRef({ deal, ref_ }: { deal: DealDto; ref_: string | null }) {
  if (!ref_) return null;
  const file = deal.attachments.find((a) => a.id === ref_);
  if (file) return <DealFileLink dealId={deal.id} file={file} label={`凭证：${file.filename}`} />;
  return <span className="muted">(编号 {ref_})</span>;
}

/** One subsidy proposal with its explanation and actions. */
function SubsidyCard({ deal, subsidy: s, props }: { deal: DealDto; subsidy: SubsidyDto; props: DealSectionProps }) {
  const { can, userId, openForm, done, run } = props;
  const approveSubsidy = useDealMutation('/api/v1/deals/{id}/subsidy/{subsidyId}/approve');
  const disburseSubsidy = useDealMutation('/api/v1/deals/{id}/subsidy/{subsidyId}/disburse');
  const rejectSubsidy = useDealMutation('/api/v1/deals/{id}/subsidy/{subsidyId}/reject');
  const { modal } = AntdApp.useApp();
  const meta = SUBSIDY_STATUS_META[s.status] ?? { label: s.status, color: 'default' };
  const isProposer = !!userId && s.proposedBy === userId;
  const approveBlocked = isProposer
    ? '您是此补助方案的提出人，不能批准或退回本人提出的方案，须由另一名审批人办理(财政资金的提出与批准须分属两人)。'
    : !can.approver
      ? '补助方案由审批人批准或退回。'
      : undefined;

  const approve = () =>
    modal.confirm({
      title: '确认批准补助？',
      content: (
        <div>
          <p>
            批准{SUBSIDY_MODE_LABELS[s.mode]} {moneyText(s.subsidyFen)}，{basisText(s.rule)}。
          </p>
          {s.caseByCase ? <p>同时批准一事一议额度 {moneyText(s.caseByCase.capFen)}。</p> : null}
          <p>批准后不能撤销，补助进入待拨付。</p>
        </div>
      ),
      okText: '确认批准',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'subsidy-approve-ok' } as Record<string, string>,
      onOk: () =>
        run(() => approveSubsidy.mutateAsync({ params: { path: { id: deal.id, subsidyId: s.id } } }), '补助已批准'),
    });

  const rejectForm = () =>
    openForm({
      title: '退回补助方案',
      okText: '确认退回',
      danger: true,
      testId: 'subsidy-reject-form',
      fields: (
        <Form.Item
          name="reason"
          label="退回理由(提出人可见)"
          rules={[
            { required: true, whitespace: true, message: '请写明退回理由' },
            { min: 2, max: 2000, message: '理由应为 2–2000 个字' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="subsidy-reject-reason" />
        </Form.Item>
      ),
      onSubmit: async (v) => {
        await rejectSubsidy.mutateAsync({
          params: { path: { id: deal.id, subsidyId: s.id } },
          body: { reason: String(v.reason ?? '').trim() },
        });
        done('补助方案已退回');
      },
    });

  const disburseForm = () =>
    openForm({
      title: '登记补助拨付',
      okText: '保存拨付记录',
      testId: 'subsidy-disburse-form',
      description: <p>已批准补助 {moneyText(s.subsidyFen)}。请登记国库集中支付等拨付凭证号和拨付日期。</p>,
      initialValues: { disbursedOn: dayjs() },
      fields: (
        <>
          <Form.Item name="disbursedOn" label="拨付日期" rules={[{ required: true, message: '请选择拨付日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="subsidy-disbursed-on" />
          </Form.Item>
          <Form.Item
            name="reference"
            label="拨付凭证号"
            rules={[
              { required: true, whitespace: true, message: '请填写拨付凭证号' },
              { min: 2, max: 64, message: '凭证号应为 2–64 个字符' },
            ]}
          >
            <Input maxLength={64} placeholder="如国库集中支付凭证号" data-testid="subsidy-reference" />
          </Form.Item>
        </>
      ),
      confirm: (v) => ({
        title: '确认补助已拨付？',
        content: `登记 ${moneyText(s.subsidyFen)} 已于 ${(v.disbursedOn as Dayjs).format('YYYY-MM-DD')} 拨付(凭证号 ${String(v.reference ?? '').trim()})，登记后不能修改。`,
        okText: '确认已拨付',
      }),
      onSubmit: async (v, idempotencyKey) => {
        await disburseSubsidy.mutateAsync({
          params: { path: { id: deal.id, subsidyId: s.id } },
          body: {
            idempotencyKey,
            disbursedOn: (v.disbursedOn as Dayjs).format('YYYY-MM-DD'),
            reference: String(v.reference ?? '').trim(),
          },
        });
        done('补助拨付已登记');
      },
    });

  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="subsidy"
      data-status={s.status}
      data-id={s.id}
      title={
        <Space size={6} wrap>
          <Tag color="geekblue">{SUBSIDY_MODE_LABELS[s.mode]}</Tag>
          <Tag color={meta.color} data-testid="subsidy-status" data-status={s.status}>
            {meta.label}
          </Tag>
          <span className="muted">
            {s.proposedByName ?? '工作人员'} 于 {formatDate(s.createdAt, true)} 提出
          </span>
        </Space>
      }
    >
      <div className="staff-toolbar">
        <span>
          补助金额 <strong data-testid="subsidy-amount">{moneyText(s.subsidyFen)}</strong>
        </span>
        {s.capApplied ? (
          <Tag color="orange" data-testid="subsidy-cap-applied">
            已按上限封顶
          </Tag>
        ) : null}
      </div>
      <SubsidySteps steps={s.steps} />
      <Descriptions
        size="small"
        column={1}
        bordered
        className="form-alert"
        items={[
          {
            key: 'base',
            label: '计算基数',
            children: (
              <div>
                <div>
                  {SUBSIDY_BASE_LABEL[s.mode]}:{moneyText(s.baseFen)}
                </div>
                {s.evidence.length ? (
                  <ul className="plain-list" data-testid="subsidy-evidence">
                    {s.evidence.map((e, i) => (
                      <li key={`${e.label}-${i}`}>
                        {e.label}:{moneyYuan(e.amountFen)}
                        <EvidenceRef deal={deal} ref_={e.ref} />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ),
          },
          {
            key: 'rate',
            label: '比例与上限',
            children: `${s.rateBp / 100}%，上限 ${moneyText(s.capFen)}`,
          },
          {
            key: 'rule',
            label: '适用规则',
            children: <span data-testid="subsidy-rule">{ruleWords(s.rule) ?? '—'}</span>,
          },
          ...(s.caseByCase
            ? [
                {
                  key: 'case',
                  label: '一事一议',
                  children: (
                    <div data-testid="subsidy-case-by-case">
                      <div>
                        支持额度 {moneyText(s.caseByCase.capFen)}(替代上限，比例不变；{basisText(CASE_BY_CASE_RULE)})
                      </div>
                      <div className="long-text">理由：{s.caseByCase.reason}</div>
                      <div className="muted">
                        {s.caseByCase.approvedBy ? '已由另一名审批人批准' : '待另一名审批人批准，批准前不适用'}
                      </div>
                    </div>
                  ),
                },
              ]
            : []),
          ...(s.approvedByName || s.approvedBy
            ? [{ key: 'approved', label: '审批人', children: s.approvedByName ?? s.approvedBy }]
            : []),
          ...(s.rejectReason
            ? [
                {
                  key: 'rejected',
                  label: '退回理由',
                  children: <span className="row-reason">{s.rejectReason}</span>,
                },
              ]
            : []),
          ...(s.disbursedOn
            ? [
                {
                  key: 'disbursed',
                  label: '拨付',
                  children: (
                    <span data-testid="subsidy-disbursement">
                      {s.disbursedOn} 拨付 · 凭证号 {s.disbursementRef ?? '—'}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {s.status === 'proposed' && can.staff ? (
        <div className="form-alert">
          <Space wrap>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={!!approveBlocked}
              onClick={approve}
              data-testid="subsidy-approve"
            >
              批准补助
            </Button>
            <Button
              danger
              icon={<RollbackOutlined />}
              disabled={!!approveBlocked}
              onClick={rejectForm}
              data-testid="subsidy-reject"
            >
              退回补助方案
            </Button>
          </Space>
          {approveBlocked ? (
            <div className="row-reason muted" data-testid="subsidy-approve-hint">
              {approveBlocked}
            </div>
          ) : null}
        </div>
      ) : null}
      {s.status === 'approved' && can.approver ? (
        <div className="form-alert">
          <Button type="primary" onClick={disburseForm} data-testid="subsidy-disburse">
            登记补助拨付
          </Button>
        </div>
      ) : null}
    </Card>
  );
}

/** The 补助 section. */
export function SubsidySection(props: DealSectionProps) {
  const { deal, can, openForm, done } = props;
  const proposeSubsidy = useDealMutation('/api/v1/deals/{id}/subsidy');
  const mode = subsidyModeFor(deal.kind);
  const p = deal.payability;
  const active = deal.subsidies.some((s) => ACTIVE.has(s.status));
  const closed = deal.status === DealStatus.Terminated || deal.status === DealStatus.Returned;
  const canPropose = can.broker && p.payable && !active && !closed;
  const subsidies = [...deal.subsidies].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const baseFen = subsidyBaseFen(deal);

  const proposeForm = () =>
    openForm({
      title: '提出补助方案',
      okText: '提交补助方案',
      width: 860,
      testId: 'subsidy-propose-form',
      description: (
        <p>
          {`${SUBSIDY_MODE_LABELS[mode]}：按${SUBSIDY_BASE_LABEL[mode]} ${moneyText(baseFen)} 的 30% 计算，`}
          {'向下取整到分，不超过上限。方案须由另一名审批人批准后方可拨付。'}
        </p>
      ),
      initialValues: { caseByCase: false },
      fields: () => (
        <>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) => (
              <ProposePreview
                deal={deal}
                caseByCase={!!getFieldValue('caseByCase')}
                capYuan={getFieldValue('capYuan')}
              />
            )}
          </Form.Item>
          <Form.Item name="caseByCase" valuePropName="checked" className="nego-form-gap">
            <Checkbox data-testid="subsidy-case-toggle">采用一事一议(特别重大项目另定支持额度，须写明理由)</Checkbox>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.caseByCase !== b.caseByCase || a.capYuan !== b.capYuan}>
            {({ getFieldValue }) =>
              getFieldValue('caseByCase') ? (
                <>
                  <Form.Item
                    name="capYuan"
                    label="一事一议支持额度(元，替代上限)"
                    rules={yuanRules({ required: true, positive: true })}
                    extra={yuanHint(getFieldValue('capYuan') as string)}
                  >
                    <Input inputMode="decimal" data-testid="subsidy-case-cap" />
                  </Form.Item>
                  <Form.Item
                    name="reason"
                    label="一事一议理由"
                    rules={[
                      { required: true, whitespace: true, message: '一事一议须写明理由' },
                      { min: 10, message: '一事一议须写明理由(至少 10 个字)' },
                      { max: 4000, message: '最多 4000 个字' },
                    ]}
                  >
                    <Input.TextArea rows={3} maxLength={4000} showCount data-testid="subsidy-case-reason" />
                  </Form.Item>
                </>
              ) : null
            }
          </Form.Item>
          <Form.Item name="note" label="说明(可选)" rules={[{ max: 2000, message: '最多 2000 个字' }]}>
            <Input.TextArea rows={2} maxLength={2000} showCount data-testid="subsidy-note" />
          </Form.Item>
        </>
      ),
      onSubmit: async (v, idempotencyKey) => {
        await proposeSubsidy.mutateAsync({
          params: { path: { id: deal.id } },
          body: {
            idempotencyKey,
            caseByCase: v.caseByCase
              ? { capYuan: validYuan(v.capYuan as string) ?? '', reason: String(v.reason ?? '').trim() }
              : undefined,
            note: String(v.note ?? '').trim() || undefined,
          },
        });
        done('补助方案已提出，待另一名审批人批准');
      },
    });

  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="deal-subsidy-section"
      title={
        <span>
          <AccountBookOutlined /> 补助({SUBSIDY_MODE_LABELS[mode]})
        </span>
      }
      extra={
        canPropose ? (
          <Button type="primary" onClick={proposeForm} data-testid="propose-subsidy">
            提出补助方案
          </Button>
        ) : null
      }
    >
      {active || closed || deal.status === DealStatus.Completed ? (
        <div className="muted" data-testid="subsidy-payability" data-payable={p.payable ? 'true' : 'false'}>
          {closed ? '项目已终止或退回，不再申报补助。' : active ? '补助方案已提出，办理情况见下。' : '项目已完成。'}
        </div>
      ) : (
        <Alert
          type={p.payable ? 'success' : 'warning'}
          showIcon
          data-testid="subsidy-payability"
          data-payable={p.payable ? 'true' : 'false'}
          title={p.payable ? '已满足补助拨付条件' : payabilityReason(p)}
          description={<span data-testid="subsidy-payability-basis">{basisText(p.rule)}</span>}
        />
      )}
      <div className="form-alert muted">
        计算基数：{SUBSIDY_BASE_LABEL[mode]}，目前为 {moneyText(baseFen)}
        {mode === 'post' ? '(仅计入经科技厅对照凭证确认的到账资金)' : ''}。
        {p.payable && !active && !can.broker && can.staff ? '补助方案由对接专员或管理员提出。' : ''}
      </div>
      {subsidies.length ? (
        subsidies.map((s) => <SubsidyCard key={s.id} deal={deal} subsidy={s} props={props} />)
      ) : (
        <Empty description="尚未提出补助方案" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
