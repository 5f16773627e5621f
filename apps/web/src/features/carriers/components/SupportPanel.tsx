/**
 * Support money of a registered carrier, on its manage panel (issue 15 §7; RULEBOOK §7 Money):
 * - the records with the server's steps: construction / operation support computed from a base (`001 §13`), the
 *   organisation's year under 就高不重复 (`001 §14`); a 国合基地's 奖励性后补助 (`002 §16`) with the amount staff
 *   decided and its basis;
 * - staff (`RunCarrierProgrammes`) propose one of the classes the carrier's rule set grants, as the server lists
 *   them (`GET /carriers/:id/support-options`): unavailable ones are shown disabled with the reason (e.g. 加挂 →
 *   no construction support; a base whose latest evaluation is not 优秀 → no reward). A reward takes the amount
 *   (元, > 0) and the basis (the evaluation, the meeting), never a base;
 * - a second person (`ApproveSubsidy`) approves or rejects (the proposer is refused by the server,
 *   `SAME_APPROVER`), then records the disbursement voucher.
 * The server's refusals are shown as it words them.
 */
import {
  can,
  Capability,
  CARRIER_SUPPORT_KIND_LABEL,
  EVALUATION_GRADE_LABEL,
  YUAN_PATTERN,
  type CurrentUser,
} from '@jiebang/contracts';
import { Alert, App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Tag } from 'antd';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { formatFenYuan } from '../../../shared/lib/money';
import { SubsidySteps } from '../../deals/components/SubsidySection';

type CarrierDetailDto = components['schemas']['CarrierDetailDto'];
type SubsidyStepDto = components['schemas']['SubsidyStepDto'];
type ProposeBody = components['schemas']['ProposeCarrierSupportDto'];

const SUPPORT_STATUS: Record<string, string> = {
  proposed: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  disbursed: '已拨付',
};

/** What the base of each computed class is (`001 §13`). */
const BASE_LABEL: Record<string, string> = {
  construction: '计算基数:近三年科研软硬件投入总额(元,不含省级和中央引导财政资金)',
  operation: '计算基数:年度服务性收入(元)',
};

const kindText = (kind: string) => (CARRIER_SUPPORT_KIND_LABEL as Record<string, string>)[kind] ?? kind;
const gradeText = (grade: string) => (EVALUATION_GRADE_LABEL as Record<string, string>)[grade] ?? grade;
const thisYear = () => new Date().getFullYear();
const refresh = () =>
  invalidate(
    '/api/v1/carriers/{id}',
    '/api/v1/carriers/{id}/support',
    '/api/v1/carriers/{id}/support-options',
    '/api/v1/carriers',
  );

interface ProposeValues {
  kind: ProposeBody['kind'];
  year: number;
  baseYuan?: string;
  amountYuan?: string;
  reason?: string;
  note?: string;
}

/** The proposal form: the classes the rule set grants, the fields of the chosen one. */
function ProposeForm({ c }: { c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ProposeValues>();
  const options = $api.useQuery('get', '/api/v1/carriers/{id}/support-options', { params: { path: { id: c.id } } });
  const propose = $api.useMutation('post', '/api/v1/carriers/{id}/support');
  const items = options.data?.items ?? [];
  const firstAvailable = items.find((o) => o.available)?.kind;
  const chosen = Form.useWatch('kind', form) ?? firstAvailable;
  const option = items.find((o) => o.kind === chosen);
  const reward = chosen === 'reward';
  const latest = options.data?.latestEvaluation ?? null;

  if (options.isLoading) return <p className="muted">正在读取该载体适用的补助类别…</p>;
  if (options.isError) return <Alert type="error" showIcon title={errorText(options.error, '读取补助类别失败')} />;
  if (!items.length) return <p className="muted">该载体适用的规则没有规定补助,不能提出补助方案</p>;

  const onFinish = async (v: ProposeValues) => {
    const body: ProposeBody =
      v.kind === 'reward'
        ? { kind: v.kind, year: v.year, amountYuan: (v.amountYuan ?? '').trim(), reason: (v.reason ?? '').trim() }
        : { kind: v.kind, year: v.year, baseYuan: (v.baseYuan ?? '').trim() };
    if (v.note?.trim()) body.note = v.note.trim();
    try {
      await propose.mutateAsync({ params: { path: { id: c.id } }, body });
      form.resetFields(['baseYuan', 'amountYuan', 'reason', 'note']);
      await refresh();
      message.success('补助方案已提出,待另一名审批人批准');
    } catch (e) {
      message.error(errorText(e, '提出失败'));
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ kind: firstAvailable ?? items[0].kind, year: thisYear() }}
      style={{ maxWidth: 640 }}
      onFinish={(v) => void onFinish(v)}
      data-testid="support-form"
    >
      <Form.Item name="kind" label="补助类别(每份申请只受理一类,001 §14)">
        <Select
          data-testid="support-kind"
          options={items.map((o) => ({
            value: o.kind,
            disabled: !o.available,
            label: o.available ? o.label : `${o.label} — 暂不可提出`,
          }))}
        />
      </Form.Item>
      {option && !option.available && option.refusal ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="support-refusal"
          title={option.refusal.message}
          description={`依据:${option.refusal.rule}`}
        />
      ) : null}
      {reward ? (
        <p className="muted" data-testid="support-reward-ground">
          {latest
            ? `依据:${latest.year} 年度考核评估结果为“${gradeText(latest.grade)}”(${latest.decidedAt.slice(0, 10)} 记录)。` +
              '科技厅依据评估结果对优秀的国合基地给予奖励性后补助,金额由研究确定(002 §16),不参与“就高不重复”。'
            : '该基地尚无考核评估结果:奖励性后补助依据评估结果给予(002 §16)。'}
        </p>
      ) : null}
      <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
        <InputNumber min={2000} max={2100} precision={0} />
      </Form.Item>
      {reward ? (
        <>
          <Form.Item
            name="amountYuan"
            label="奖励金额(元,由科技厅研究确定)"
            rules={[
              { required: true, message: '请填写奖励金额' },
              { pattern: YUAN_PATTERN, message: '请填写以“元”为单位、最多两位小数的数,如 150000 或 80000.50' },
              {
                validator: (_, v?: string) =>
                  !v || !YUAN_PATTERN.test(v.trim()) || /[1-9]/.test(v)
                    ? Promise.resolve()
                    : Promise.reject(new Error('奖励金额应大于 0')),
              },
            ]}
          >
            <Input inputMode="decimal" suffix="元" data-testid="support-amount" />
          </Form.Item>
          <Form.Item
            name="reason"
            label="奖励依据(考核评估结果、研究决定的会议或文件)"
            rules={[
              { required: true, whitespace: true, message: '请写明奖励依据' },
              { min: 2, message: '请写明奖励依据' },
              { max: 2000, message: '最多 2000 字' },
            ]}
          >
            <Input.TextArea rows={3} data-testid="support-reason" />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="baseYuan"
          label={BASE_LABEL[chosen ?? ''] ?? '计算基数(元)'}
          rules={[
            { required: true, message: '请填写计算基数' },
            { pattern: YUAN_PATTERN, message: '请填写以“元”为单位、最多两位小数的非负数' },
          ]}
        >
          <Input inputMode="decimal" suffix="元" data-testid="support-base" />
        </Form.Item>
      )}
      <Form.Item name="note" label="说明">
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={propose.isPending}
        disabled={!option?.available}
        data-testid="support-propose"
      >
        提出补助方案
      </Button>
    </Form>
  );
}

/** Support money: the records with their steps, the proposal (staff) and the second person's decision. */
export function SupportPanel({ user, c }: { user: CurrentUser; c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const list = $api.useQuery('get', '/api/v1/carriers/{id}/support', { params: { path: { id: c.id } } });
  const approve = $api.useMutation('post', '/api/v1/carriers/support/{id}/approve');
  const reject = $api.useMutation('post', '/api/v1/carriers/support/{id}/reject');
  const disburse = $api.useMutation('post', '/api/v1/carriers/support/{id}/disburse');
  const mayPropose = can(user, Capability.RunCarrierProgrammes);
  const mayDecide = can(user, Capability.ApproveSubsidy);
  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      await refresh();
      message.success(ok);
    } catch (e) {
      message.error(errorText(e, '操作失败'));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="support-panel">
      {(list.data?.items ?? []).map((s) => (
        <div key={s.id} data-testid="support-record" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 12 }}>
          <Space wrap>
            <strong>
              {s.year} 年度 {kindText(s.kind)}
            </strong>
            <Tag>{SUPPORT_STATUS[s.status] ?? s.status}</Tag>
            <span>
              核定 <strong data-testid="support-granted">{formatFenYuan(s.grantedFen)}</strong>
              {s.grantedFen !== s.computedFen ? `(按规则计算 ${formatFenYuan(s.computedFen)},就高不重复后核定)` : ''}
            </span>
          </Space>
          {s.reason ? (
            <p className="muted" data-testid="support-reason-text">
              奖励依据:{s.reason}
            </p>
          ) : null}
          <SubsidySteps steps={s.steps as unknown as SubsidyStepDto[]} testId="support-steps" />
          {s.highestNotSum && typeof s.highestNotSum.reason === 'string' ? (
            <p className="muted">{s.highestNotSum.reason}(001 §14)</p>
          ) : null}
          {mayDecide && s.status === 'proposed' ? (
            <Space wrap>
              <Popconfirm
                title="批准后进入拨付。确定批准?"
                onConfirm={() => void run(approve.mutateAsync({ params: { path: { id: s.id } }, body: {} }), '已批准')}
              >
                <Button type="primary">批准</Button>
              </Popconfirm>
              <Popconfirm
                title="确定驳回?"
                onConfirm={() => void run(reject.mutateAsync({ params: { path: { id: s.id } }, body: {} }), '已驳回')}
              >
                <Button danger>驳回</Button>
              </Popconfirm>
            </Space>
          ) : null}
          {mayDecide && s.status === 'approved' ? (
            <Form
              layout="inline"
              onFinish={(v: { voucherNo: string }) =>
                void run(
                  disburse.mutateAsync({ params: { path: { id: s.id } }, body: { voucherNo: v.voucherNo.trim() } }),
                  '已记录拨付',
                )
              }
            >
              <Form.Item name="voucherNo" rules={[{ required: true, whitespace: true, message: '请填写拨付凭证号' }]}>
                <Input placeholder="拨付凭证号" />
              </Form.Item>
              <Button htmlType="submit">记录拨付</Button>
            </Form>
          ) : null}
        </div>
      ))}
      {list.data && list.data.items.length === 0 ? <p className="muted">尚无补助记录</p> : null}
      {mayPropose && c.status !== 'revoked' ? <ProposeForm c={c} /> : null}
    </Space>
  );
}
