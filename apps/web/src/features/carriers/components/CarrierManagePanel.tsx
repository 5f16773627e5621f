/**
 * The running years of a registered carrier, on its page, for those who act on it (issue 15 §6–§7):
 * - the host organisation submits its annual report (`001 §15`, `002 §13`; a 技术创新中心 by 31 January, `003 §29`);
 *   the recommender reviews it and staff file it;
 * - staff record an evaluation (优秀/合格/不合格, or graded from the annual reports missing without reason, `001
 *   §15`, `002 §12(四)`), and revoke on a ground of `001 §18`, `002 §12`, `003 §31` with the 文号 and date;
 * - support money (`SupportPanel`; `001 §13–§14`, `§17`, `002 §16`): staff propose one of the classes the carrier's
 *   rule set grants — construction / operation from a base in yuan, computed by the server with its steps and
 *   就高不重复; a 国合基地's 奖励性后补助 with the amount and basis staff decided — a second person (`ApproveSubsidy`)
 *   approves or rejects, then records the disbursement voucher.
 * - the running-year dates and the 技术创新中心's 筹建期满考核 (`RunningPanel`, `003 §20–21`), major changes
 *   (`ChangesPanel`, `001 §19`, `003 §30`).
 * Every irreversible step confirms first; the server's refusals are shown as it words them.
 */
import { can, Capability, EVALUATION_GRADE_LABEL, type CurrentUser } from '@jiebang/contracts';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Tabs,
} from 'antd';
import type { Dayjs } from 'dayjs';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { optionsOf } from '../lib/carriers';
import { ChangesPanel } from './ChangesPanel';
import { RunningPanel } from './RunningPanel';
import { SupportPanel } from './SupportPanel';

type CarrierDetailDto = components['schemas']['CarrierDetailDto'];

const thisYear = () => new Date().getFullYear();
/** After a report, an evaluation or a revocation: the carrier, its support and what may be proposed (`002 §16`). */
const refresh = () =>
  invalidate(
    '/api/v1/carriers/{id}',
    '/api/v1/carriers/{id}/support',
    '/api/v1/carriers/{id}/support-options',
    '/api/v1/carriers',
  );

/** The host's annual report form. */
function ReportForm({ c }: { c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = $api.useMutation('post', '/api/v1/carriers/{id}/reports');
  const onFinish = async (v: { year: number; progress: string; problems?: string; plan?: string }) => {
    try {
      await submit.mutateAsync({
        params: { path: { id: c.id } },
        body: {
          year: v.year,
          content: { progress: v.progress.trim(), problems: v.problems?.trim() ?? '', plan: v.plan?.trim() ?? '' },
        },
      });
      await refresh();
      message.success('年度报告已提交,待推荐部门审核');
      form.resetFields();
    } catch (e) {
      message.error(errorText(e, '提交失败'));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ year: thisYear() - 1 }}
      onFinish={(v) => void onFinish(v)}
      style={{ maxWidth: 640 }}
    >
      <Form.Item name="year" label="报告年度" rules={[{ required: true, message: '请填写报告年度' }]}>
        <InputNumber min={2000} max={2100} precision={0} data-testid="report-year" />
      </Form.Item>
      <Form.Item
        name="progress"
        label="上年度工作进展(含建设运行数据)"
        rules={[{ required: true, whitespace: true, message: '请填写工作进展' }]}
      >
        <Input.TextArea rows={4} data-testid="report-progress" />
      </Form.Item>
      <Form.Item name="problems" label="存在的主要问题">
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="plan" label="本年度工作计划">
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="report-submit">
        提交年度报告
      </Button>
    </Form>
  );
}

/** Review (recommender) and file (staff) buttons of the reports. */
function ReportSteps({ user, c }: { user: CurrentUser; c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const review = $api.useMutation('post', '/api/v1/carriers/reports/{id}/review');
  const file = $api.useMutation('post', '/api/v1/carriers/reports/{id}/file');
  const act = async (kind: 'review' | 'file', id: string) => {
    try {
      await (kind === 'review' ? review : file).mutateAsync({ params: { path: { id } }, body: {} });
      await refresh();
      message.success(kind === 'review' ? '已审核' : '已备案');
    } catch (e) {
      message.error(errorText(e, '操作失败'));
    }
  };
  const rows = c.reports.filter(
    (r) =>
      (r.status === 'submitted' && can(user, Capability.RecommendCarriers)) ||
      (r.status !== 'filed' && can(user, Capability.RunCarrierProgrammes)),
  );
  if (!rows.length) return <p className="muted">暂无待审核或待备案的年度报告</p>;
  return (
    <Space wrap data-testid="report-steps">
      {rows.map((r) =>
        r.status === 'submitted' && can(user, Capability.RecommendCarriers) ? (
          <Button key={r.id} onClick={() => void act('review', r.id)}>
            审核 {r.year} 年度报告
          </Button>
        ) : (
          <Button key={r.id} onClick={() => void act('file', r.id)}>
            备案 {r.year} 年度报告
          </Button>
        ),
      )}
    </Space>
  );
}

/** Staff: evaluation and revocation. */
function EvaluationForms({ c }: { c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const [evalForm] = Form.useForm();
  const [revokeForm] = Form.useForm();
  const evaluate = $api.useMutation('post', '/api/v1/carriers/{id}/evaluations');
  const revoke = $api.useMutation('post', '/api/v1/carriers/{id}/revoke');
  const fromMissed = Form.useWatch('fromMissedReports', evalForm);
  const onEvaluate = async (v: { year: number; grade?: string; fromMissedReports?: boolean; note?: string }) => {
    try {
      await evaluate.mutateAsync({
        params: { path: { id: c.id } },
        body: {
          year: v.year,
          ...(v.fromMissedReports ? { fromMissedReports: true } : { grade: v.grade as never }),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        },
      });
      await refresh();
      message.success('考核评价已记录');
      evalForm.resetFields();
    } catch (e) {
      message.error(errorText(e, '记录失败'));
    }
  };
  const onRevoke = async (v: { ground: string; documentNo: string; revokedOn: Dayjs }) => {
    try {
      await revoke.mutateAsync({
        params: { path: { id: c.id } },
        body: { ground: v.ground.trim(), documentNo: v.documentNo.trim(), revokedOn: v.revokedOn.format('YYYY-MM-DD') },
      });
      await refresh();
      message.success('已撤销并公布');
    } catch (e) {
      message.error(errorText(e, '撤销失败'));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form
        form={evalForm}
        layout="vertical"
        initialValues={{ year: thisYear() - 1 }}
        onFinish={(v) => void onEvaluate(v)}
        style={{ maxWidth: 640 }}
      >
        <Form.Item name="year" label="评价期末年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
        <Form.Item name="fromMissedReports" valuePropName="checked">
          <Checkbox data-testid="eval-from-missed">按无故未报送的年度报告评定(001 §15;002 §12(四))</Checkbox>
        </Form.Item>
        {fromMissed ? null : (
          <Form.Item name="grade" label="评价结果" rules={[{ required: true, message: '请选择评价结果' }]}>
            <Select options={optionsOf(EVALUATION_GRADE_LABEL)} style={{ maxWidth: 200 }} data-testid="eval-grade" />
          </Form.Item>
        )}
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Popconfirm title="不合格将进入一年整改,整改后仍不合格将撤销。确定记录?" onConfirm={() => evalForm.submit()}>
          <Button type="primary" loading={evaluate.isPending} data-testid="eval-submit">
            记录考核评价
          </Button>
        </Popconfirm>
      </Form>
      {c.status !== 'revoked' ? (
        <Form
          form={revokeForm}
          layout="vertical"
          onFinish={(v) => void onRevoke(v)}
          style={{ maxWidth: 640, marginTop: 24 }}
        >
          <Form.Item
            name="ground"
            label="撤销原因(001 §18、002 §12、003 §31 所列情形)"
            rules={[{ required: true, whitespace: true, message: '请写明撤销原因' }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item
            name="documentNo"
            label="撤销文号"
            rules={[{ required: true, whitespace: true, message: '请填写文号' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="revokedOn" label="撤销日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Popconfirm
            title="撤销后将公布,且在规定期限内不得再次申请。确定撤销?"
            okButtonProps={{ danger: true }}
            onConfirm={() => revokeForm.submit()}
          >
            <Button danger loading={revoke.isPending}>
              撤销资格
            </Button>
          </Popconfirm>
        </Form>
      ) : null}
    </Space>
  );
}

/** The panel: the tabs this user may act on, or nothing. */
export function CarrierManagePanel({ user, c }: { user: CurrentUser; c: CarrierDetailDto }) {
  const host = !!user.orgId && user.orgId === c.hostOrgId;
  const staffRun = can(user, Capability.RunCarrierProgrammes);
  const rec = can(user, Capability.RecommendCarriers);
  const money = staffRun || can(user, Capability.ApproveSubsidy);
  const tabs = [
    ...(host && c.status !== 'revoked'
      ? [{ key: 'report', label: '提交年度报告', children: <ReportForm c={c} /> }]
      : []),
    ...(rec || staffRun
      ? [{ key: 'reports', label: '年度报告审核', children: <ReportSteps user={user} c={c} /> }]
      : []),
    ...(host || staffRun || rec
      ? [
          {
            key: 'running',
            label: c.status === 'preparing' && staffRun ? '运行期限与筹建考核' : '运行期限',
            children: <RunningPanel user={user} c={c} />,
          },
        ]
      : []),
    ...(host || staffRun || rec
      ? [{ key: 'changes', label: '重大事项变更', children: <ChangesPanel user={user} c={c} /> }]
      : []),
    ...(staffRun ? [{ key: 'eval', label: '考核评价与撤销', children: <EvaluationForms c={c} /> }] : []),
    ...(money ? [{ key: 'support', label: '补助', children: <SupportPanel user={user} c={c} /> }] : []),
  ];
  if (!tabs.length) return null;
  return (
    <Card size="small" title="办理">
      <Tabs items={tabs} data-testid="carrier-manage" />
    </Card>
  );
}
