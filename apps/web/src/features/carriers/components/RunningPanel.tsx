/**
 * The running-year dates of a carrier (issue 15 §6) and, for staff, the 技术创新中心's 筹建期满考核 (`003 §20–21`):
 * the report due next (`003 §29` 1 月 31 日, else the configured date), the next evaluation (`001 §16` every 2 years,
 * `003 §32` every 3 after 正式成立), the end of 筹建 or 整改. Passing the 考核 establishes the centre (运行); failing it
 * ends the 筹建 — both confirmed first. While 筹建, the centre's 考核申请 and its 组织单位's review
 * (`EstablishmentRequestsPanel`, `003 §20`); staff get the 考核 form only once a 考核申请 is agreed.
 */
import { can, Capability, type CurrentUser } from '@jiebang/contracts';
import { App, Button, DatePicker, Descriptions, Form, Input, Popconfirm, Radio, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { agreedRequest, EstablishmentRequestsPanel } from './EstablishmentRequestsPanel';

type CarrierDetailDto = components['schemas']['CarrierDetailDto'];

/** Staff record the 筹建期满考核 of a centre in 筹建. */
function EstablishmentForm({ c }: { c: CarrierDetailDto }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const review = $api.useMutation('post', '/api/v1/carriers/{id}/establishment-review');
  const pass = Form.useWatch('pass', form) as boolean | undefined;
  const onFinish = async (v: { pass: boolean; note: string; decidedOn: Dayjs; documentNo?: string }) => {
    try {
      await review.mutateAsync({
        params: { path: { id: c.id } },
        body: {
          pass: v.pass,
          note: v.note.trim(),
          decidedOn: v.decidedOn.format('YYYY-MM-DD'),
          ...(v.documentNo?.trim() ? { documentNo: v.documentNo.trim() } : {}),
        },
      });
      await invalidate('/api/v1/carriers/{id}', '/api/v1/carriers/{id}/running', '/api/v1/carriers');
      message.success(v.pass ? '考核通过,已正式批准成立' : '考核未通过,筹建终止');
    } catch (e) {
      message.error(errorText(e, '记录失败'));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ pass: true }}
      onFinish={(v) => void onFinish(v)}
      style={{ maxWidth: 640 }}
      data-testid="establishment-form"
    >
      <Form.Item name="pass" label="筹建期满考核结果(003 §20–21)">
        <Radio.Group
          options={[
            { value: true, label: '通过,正式批准成立' },
            { value: false, label: '未通过,筹建终止' },
          ]}
        />
      </Form.Item>
      <Form.Item name="decidedOn" label="考核决定日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="documentNo" label="批准文号">
        <Input />
      </Form.Item>
      <Form.Item name="note" label="考核意见" rules={[{ required: true, whitespace: true, message: '请填写考核意见' }]}>
        <Input.TextArea rows={3} data-testid="establishment-note" />
      </Form.Item>
      <Popconfirm
        title={pass === false ? '未通过将终止筹建,不能撤回。确定?' : '通过后正式成立,不能撤回。确定?'}
        okButtonProps={{ danger: pass === false }}
        onConfirm={() => form.submit()}
      >
        <Button type="primary" danger={pass === false} loading={review.isPending} data-testid="establishment-submit">
          记录考核结果
        </Button>
      </Popconfirm>
    </Form>
  );
}

/** The dates (everyone with a part) and the 考核 form (staff, while 筹建). */
export function RunningPanel({ user, c }: { user: CurrentUser; c: CarrierDetailDto }) {
  const running = $api.useQuery('get', '/api/v1/carriers/{id}/running', { params: { path: { id: c.id } } });
  const r = running.data;
  const preparing = c.status === 'preparing';
  const requests = $api.useQuery(
    'get',
    '/api/v1/carriers/{id}/establishment-requests',
    { params: { path: { id: c.id } } },
    { enabled: preparing },
  );
  const items = requests.data?.items ?? [];
  const staff = can(user, Capability.RunCarrierProgrammes);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="running-panel">
      {r ? (
        <Descriptions size="small" column={1} bordered>
          {r.establishedOn ? <Descriptions.Item label="正式成立">{r.establishedOn}</Descriptions.Item> : null}
          <Descriptions.Item label="年度报告">
            {r.reportYear ? `${r.reportYear} 年度报告应于 ${r.reportDueOn} 前提交` : '暂无待提交的年度报告'}
            <div className="muted">{r.reportDueSource}</div>
          </Descriptions.Item>
          {r.evaluationDueOn ? (
            <Descriptions.Item label="下次绩效评价">
              {r.evaluationDueOn}
              <div className="muted">{r.evaluationSource}</div>
            </Descriptions.Item>
          ) : null}
          {r.preparingEndsOn ? (
            <Descriptions.Item label="筹建期满">{r.preparingEndsOn}(003 §20,期满接受考核)</Descriptions.Item>
          ) : null}
          {r.rectifyUntil ? <Descriptions.Item label="整改期满">{r.rectifyUntil}</Descriptions.Item> : null}
        </Descriptions>
      ) : null}
      {preparing && requests.data ? <EstablishmentRequestsPanel user={user} c={c} items={items} /> : null}
      {preparing && staff && requests.data ? (
        agreedRequest(items) ? (
          <EstablishmentForm c={c} />
        ) : (
          <p className="muted" data-testid="establishment-waiting">
            待牵头建设单位提交考核申请并经组织单位审核同意后,方可记录考核结果(003 §20)
          </p>
        )
      ) : null}
    </Space>
  );
}
