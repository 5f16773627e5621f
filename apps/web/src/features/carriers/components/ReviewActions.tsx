/**
 * The next step of a carrier application, for the person whose turn it is (issue 15 §3–§4; `000` 四): the
 * recommender (`RecommendCarriers`) recommends with its site check and credit check, or returns it, within the
 * round's deadline and quota (`002` 二); staff (`RunCarrierProgrammes`) record the formal review against the
 * thresholds, invite experts (recusal checked by the server), close the expert review, record the site visit, the
 * collective decision (会议研究) with its minutes, open the 5-working-day public notice, and publish with the 文号
 * and date. Every step asks for its note and confirms; the server's refusal (deadline, quota, notice running …)
 * is shown as it says it.
 */
import { can, Capability, type CurrentUser } from '@jiebang/contracts';
import { App, Button, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { carriersChanged } from '../lib/carriers';
import { CaseByCasePanel } from './CaseByCasePanel';

type ApplicationDto = components['schemas']['CarrierApplicationDto'];

type Step =
  | 'recommend'
  | 'return'
  | 'formal-review'
  | 'experts'
  | 'expert-review'
  | 'site-visit'
  | 'decision'
  | 'notice'
  | 'publish';

const TITLES: Record<Step, string> = {
  recommend: '推荐(填写推荐表)',
  return: '退回申报单位',
  'formal-review': '形式审查',
  experts: '邀请评审专家',
  'expert-review': '结束专家评审',
  'site-visit': '实地考察记录',
  decision: '会议研究',
  notice: '开始公示(5 个工作日)',
  publish: '发文公布',
};

/** The steps open to `user` for `app` in its status. */
export function stepsFor(user: CurrentUser, app: ApplicationDto): Step[] {
  const rec = can(user, Capability.RecommendCarriers);
  const run = can(user, Capability.RunCarrierProgrammes);
  const s = app.status;
  const out: Step[] = [];
  if (rec && s === 'submitted' && !app.direct) out.push('recommend', 'return');
  if (run && (s === 'recommended' || (s === 'submitted' && app.direct))) out.push('formal-review');
  if (run && s === 'expert_review') out.push('experts', 'expert-review');
  if (run && s === 'site_visit') out.push(app.siteVisit ? 'decision' : 'site-visit');
  if (run && s === 'decided') out.push('notice');
  if (run && s === 'on_notice') out.push('publish');
  return out;
}

/** The form of one step. */
function StepFields({ step }: { step: Step }) {
  const experts = $api.useQuery(
    'get',
    '/api/v1/experts',
    { params: { query: { available: 'true' } } },
    { enabled: step === 'experts' },
  );
  const note = (label: string) => (
    <Form.Item name="note" label={label} rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}>
      <Input.TextArea rows={3} data-testid="step-note" />
    </Form.Item>
  );
  const pass = (yes: string, no: string) => (
    <Form.Item name="pass" label="结论" rules={[{ required: true, message: '请选择结论' }]}>
      <Radio.Group
        data-testid="step-pass"
        options={[
          { value: true, label: yes },
          { value: false, label: no },
        ]}
      />
    </Form.Item>
  );
  switch (step) {
    case 'recommend':
      return (
        <>
          <Form.Item
            name="siteCheck"
            label="实地核查情况"
            rules={[{ required: true, whitespace: true, message: '请填写实地核查情况' }]}
          >
            <Input.TextArea rows={2} data-testid="step-site-check" />
          </Form.Item>
          <Form.Item
            name="creditCheck"
            label="信用审核情况"
            rules={[{ required: true, whitespace: true, message: '请填写信用审核情况' }]}
          >
            <Input.TextArea rows={2} data-testid="step-credit-check" />
          </Form.Item>
          <Form.Item
            name="opinion"
            label="推荐意见"
            rules={[{ required: true, whitespace: true, message: '请填写推荐意见' }]}
          >
            <Input.TextArea rows={2} data-testid="step-opinion" />
          </Form.Item>
        </>
      );
    case 'return':
      return (
        <Form.Item
          name="reason"
          label="退回理由(申报单位可修改后重新提交)"
          rules={[{ required: true, whitespace: true, message: '请写明退回理由' }]}
        >
          <Input.TextArea rows={3} data-testid="step-reason" />
        </Form.Item>
      );
    case 'formal-review':
      return (
        <>
          {pass('通过,进入专家评审', '不通过')}
          {note('形式审查意见')}
        </>
      );
    case 'experts':
      return (
        <Form.Item
          name="expertUserId"
          label="评审专家(与申报单位有利益关联的,系统将拒绝并提示回避)"
          rules={[{ required: true, message: '请选择专家' }]}
        >
          <Select
            loading={experts.isLoading}
            data-testid="step-expert"
            options={(experts.data ?? [])
              .filter((e) => !e.disabled && e.available && !e.conflict)
              .map((e) => ({ value: e.id, label: e.displayName }))}
          />
        </Form.Item>
      );
    case 'expert-review':
      return (
        <>
          {pass('通过,进入实地考察', '不通过')}
          {note('专家评审结论')}
        </>
      );
    case 'site-visit':
      return (
        <>
          {pass('考察通过', '不通过')}
          {note('实地考察记录')}
        </>
      );
    case 'decision':
      return (
        <>
          {pass('同意备案/认定', '不同意')}
          <Form.Item name="meetingOn" label="会议日期" rules={[{ required: true, message: '请选择会议日期' }]}>
            <DatePicker data-testid="step-meeting-on" />
          </Form.Item>
          {note('会议纪要')}
        </>
      );
    case 'notice':
      return <p>公示期 5 个工作日,期间任何人可提出异议;有未处理的异议时不能发文公布(000 四.3)。</p>;
    case 'publish':
      return (
        <>
          <Form.Item
            name="documentNo"
            label="发文文号"
            rules={[{ required: true, whitespace: true, message: '请填写文号' }]}
          >
            <Input data-testid="step-document-no" placeholder="如 内科发〔2026〕12号" />
          </Form.Item>
          <Form.Item name="publishedOn" label="发文日期" rules={[{ required: true, message: '请选择发文日期' }]}>
            <DatePicker data-testid="step-published-on" />
          </Form.Item>
          <Form.Item name="attached" valuePropName="checked">
            <Checkbox>加挂牌子(只享受运营支持,不予建设补助,001 §17)</Checkbox>
          </Form.Item>
        </>
      );
  }
}

const day = (d: unknown) =>
  d && typeof (d as Dayjs).format === 'function' ? (d as Dayjs).format('YYYY-MM-DD') : undefined;

/** The buttons of the open steps and the dialog of the chosen one. */
export function ReviewActions({ user, app }: { user: CurrentUser; app: ApplicationDto }) {
  const { message } = App.useApp();
  const [step, setStep] = useState<Step | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const path = { params: { path: { id: app.id } } };
  const m = {
    recommend: $api.useMutation('post', '/api/v1/carriers/applications/{id}/recommend'),
    ret: $api.useMutation('post', '/api/v1/carriers/applications/{id}/return'),
    formal: $api.useMutation('post', '/api/v1/carriers/applications/{id}/formal-review'),
    experts: $api.useMutation('post', '/api/v1/carriers/applications/{id}/experts'),
    expertReview: $api.useMutation('post', '/api/v1/carriers/applications/{id}/expert-review'),
    siteVisit: $api.useMutation('post', '/api/v1/carriers/applications/{id}/site-visit'),
    decision: $api.useMutation('post', '/api/v1/carriers/applications/{id}/decision'),
    notice: $api.useMutation('post', '/api/v1/carriers/applications/{id}/notice'),
    publish: $api.useMutation('post', '/api/v1/carriers/applications/{id}/publish'),
  };
  const steps = stepsFor(user, app);
  if (!steps.length) return null;

  const run = async (v: Record<string, unknown>) => {
    if (!step) return;
    const text = (k: string) => String(v[k] ?? '').trim();
    const stepBody = { pass: v.pass === true, note: text('note') };
    setBusy(true);
    try {
      if (step === 'recommend')
        await m.recommend.mutateAsync({
          ...path,
          body: { siteCheck: text('siteCheck'), creditCheck: text('creditCheck'), opinion: text('opinion') },
        });
      else if (step === 'return') await m.ret.mutateAsync({ ...path, body: { reason: text('reason') } });
      else if (step === 'formal-review') await m.formal.mutateAsync({ ...path, body: stepBody });
      else if (step === 'experts')
        await m.experts.mutateAsync({ ...path, body: { expertUserId: String(v.expertUserId) } });
      else if (step === 'expert-review') await m.expertReview.mutateAsync({ ...path, body: stepBody });
      else if (step === 'site-visit') await m.siteVisit.mutateAsync({ ...path, body: stepBody });
      else if (step === 'decision')
        await m.decision.mutateAsync({ ...path, body: { ...stepBody, meetingOn: day(v.meetingOn) } });
      else if (step === 'notice') await m.notice.mutateAsync(path);
      else if (step === 'publish')
        await m.publish.mutateAsync({
          ...path,
          body: {
            documentNo: text('documentNo'),
            publishedOn: day(v.publishedOn) ?? '',
            attached: v.attached === true,
          },
        });
      await carriersChanged();
      message.success(`${TITLES[step]}:已完成`);
      setStep(null);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e, `${TITLES[step]}未能完成`));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space wrap data-testid="review-actions">
        {steps.map((s) => (
          <Button
            key={s}
            type={s === 'return' ? 'default' : 'primary'}
            danger={s === 'return'}
            onClick={() => setStep(s)}
            data-testid={`step-${s}`}
          >
            {TITLES[s]}
          </Button>
        ))}
      </Space>
      <CaseByCasePanel user={user} app={app} />
      <Modal
        open={!!step}
        title={step ? TITLES[step] : ''}
        onCancel={() => setStep(null)}
        onOk={() => form.submit()}
        okText="确认"
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'step-confirm' } as never}
        destroyOnHidden
      >
        {step ? (
          <Form form={form} layout="vertical" onFinish={(v) => void run(v as Record<string, unknown>)}>
            <StepFields step={step} />
          </Form>
        ) : null}
      </Modal>
    </>
  );
}
