/**
 * 新建批次 (issue 15 §1): staff create a draft round of a programme (`POST /api/v1/carriers/rounds`) — the call's
 * title and 文号, the kinds it accepts (a subset of the programme's), its opening and closing dates and the
 * recommenders' deadline (Beijing calendar dates, `YYYY-MM-DD`; 开始申报 ≤ 截止申报 ≤ 推荐截止, `000` 四.2) and the
 * rule set in force, chosen from the stored ones of the programme's type (programmes from
 * `GET /api/v1/carriers/programmes`). Checked here first in plain Chinese;
 * the server's refusals (422 `VALIDATION_FAILED`, 404 for an unknown rule set) are shown as it words them, field
 * by field when it names the field. The round stays a draft until 开启申报 on the page.
 */
import { CARRIER_KIND_LABEL, CarrierKind, type CarrierRuleSet } from '@jiebang/contracts';
import { Alert, App, Button, DatePicker, Drawer, Form, Grid, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../../../api/query';
import { ApiError } from '../../../api/errors';
import { errorText, validationFieldErrors } from '../../../shared/lib/apiErrors';

type RuleSetRecord = components['schemas']['CarrierRuleSetRecordDto'];

/** The form's values. */
interface RoundValues {
  programmeId: string;
  title: string;
  documentNo: string;
  kinds: CarrierKind[];
  opensOn: Dayjs;
  closesOn: Dayjs;
  recommendDeadline: Dayjs;
  ruleSetId: string;
}

const DAY = 'YYYY-MM-DD';

/**
 * A form rule's validator: the text, leading and trailing spaces removed, has at least 2 characters — the
 * server's `IsNotBlank(2)` on title and 文号, said here in words before sending (an empty value is `required`'s).
 */
function atLeastTwo(label: string) {
  return (_: unknown, value: string | undefined) =>
    !value?.trim() || value.trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(`${label}至少 2 个字`));
}

/** Props of `RoundCreateDrawer`. */
export interface RoundCreateDrawerProps {
  open: boolean;
  onClose: () => void;
  /** The stored rule sets (from `GET /api/v1/carriers/rule-sets`). */
  ruleSets: RuleSetRecord[];
}

/** The drawer with the form. */
export function RoundCreateDrawer({ open, onClose, ruleSets }: RoundCreateDrawerProps) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<RoundValues>();
  const [failure, setFailure] = useState<string>();
  const create = $api.useMutation('post', '/api/v1/carriers/rounds');
  const narrow = Grid.useBreakpoint().md === false;
  const programmes = $api.useQuery('get', '/api/v1/carriers/programmes').data?.items ?? [];
  const programmeId = Form.useWatch('programmeId', form);
  const programme = programmes.find((p) => p.id === programmeId);
  const ruleSetOptions = ruleSets
    .filter((r) => !programme || (r.rules as unknown as CarrierRuleSet).programme === programme.type)
    .map((r) => ({ value: r.id, label: `${r.title}(${r.documentNo},${r.id})` }));

  const close = () => {
    form.resetFields();
    setFailure(undefined);
    onClose();
  };

  const onFinish = async (v: RoundValues) => {
    setFailure(undefined);
    try {
      const round = await create.mutateAsync({
        body: {
          programmeId: v.programmeId,
          title: v.title.trim(),
          documentNo: v.documentNo.trim(),
          kinds: v.kinds,
          opensOn: v.opensOn.format(DAY),
          closesOn: v.closesOn.format(DAY),
          recommendDeadline: v.recommendDeadline.format(DAY),
          ruleSetId: v.ruleSetId,
        },
      });
      await client.invalidateQueries({ queryKey: ['get', '/api/v1/carriers/rounds'] });
      message.success(`批次“${round.title}”已创建(草稿),核对无误后开启申报`);
      close();
    } catch (e) {
      const fields = e instanceof ApiError ? validationFieldErrors(e) : [];
      const known = new Set([
        'programmeId',
        'title',
        'documentNo',
        'kinds',
        'opensOn',
        'closesOn',
        'recommendDeadline',
        'ruleSetId',
      ]);
      const mine = fields.filter((f) => known.has(String(f.name[0])));
      if (mine.length) form.setFields(mine.map((f) => ({ name: f.name as never, errors: f.errors })));
      setFailure(errorText(e, '创建失败'));
    }
  };

  /** A date rule: the field's date is not before `earlier`'s (`label`: what `earlier` is called). */
  const notBefore = (earlier: keyof RoundValues, label: string) => ({
    validator: (_: unknown, value: Dayjs | undefined) => {
      const e = form.getFieldValue(earlier) as Dayjs | undefined;
      return !value || !e || !value.isBefore(e, 'day')
        ? Promise.resolve()
        : Promise.reject(new Error(`不能早于${label}`));
    },
  });

  return (
    <Drawer
      open={open}
      onClose={close}
      title="新建申报批次"
      size={narrow ? '100%' : 560}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={close}>取消</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="round-submit">
            创建草稿
          </Button>
        </Space>
      }
    >
      <Form<RoundValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void onFinish(v)}
        onValuesChange={(changed: Partial<RoundValues>) => {
          if ('programmeId' in changed) {
            const p = programmes.find((x) => x.id === changed.programmeId);
            form.setFieldsValue({ kinds: p ? [...(p.kinds as CarrierKind[])] : [], ruleSetId: undefined });
          }
        }}
      >
        <Form.Item name="programmeId" label="载体计划" rules={[{ required: true, message: '请选择载体计划' }]}>
          <Select
            data-testid="round-programme"
            placeholder="选择计划"
            options={programmes.map((p) => ({ value: p.id, label: p.name }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label="批次名称"
          rules={[
            { required: true, whitespace: true, message: '请填写批次名称' },
            { validator: atLeastTwo('批次名称') },
            { max: 200, message: '批次名称不超过 200 个字' },
          ]}
        >
          <Input data-testid="round-title" placeholder="如:2026 年度中试基地备案" />
        </Form.Item>
        <Form.Item
          name="documentNo"
          label="通知文号"
          rules={[
            { required: true, whitespace: true, message: '请填写通知文号' },
            { validator: atLeastTwo('通知文号') },
            { max: 100, message: '文号不超过 100 个字' },
          ]}
        >
          <Input data-testid="round-document-no" placeholder="如:内科发〔2026〕1号" />
        </Form.Item>
        <Form.Item name="kinds" label="受理的载体类型" rules={[{ required: true, message: '请至少选择一种载体类型' }]}>
          <Select
            mode="multiple"
            data-testid="round-kinds"
            placeholder={programme ? '选择类型' : '请先选择载体计划'}
            disabled={!programme}
            options={(programme?.kinds ?? []).map((k) => ({ value: k, label: CARRIER_KIND_LABEL[k] }))}
          />
        </Form.Item>
        <Form.Item name="opensOn" label="开始申报日期" rules={[{ required: true, message: '请选择开始申报日期' }]}>
          <DatePicker style={{ width: '100%' }} data-testid="round-opens-on" placeholder="北京时间日期" />
        </Form.Item>
        <Form.Item
          name="closesOn"
          label="截止申报日期"
          dependencies={['opensOn']}
          rules={[{ required: true, message: '请选择截止申报日期' }, notBefore('opensOn', '开始申报日期')]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="round-closes-on" placeholder="北京时间日期" />
        </Form.Item>
        <Form.Item
          name="recommendDeadline"
          label="推荐截止日期"
          extra="归口管理部门须在此日前完成推荐,逾期不予受理。"
          dependencies={['closesOn']}
          rules={[{ required: true, message: '请选择推荐截止日期' }, notBefore('closesOn', '截止申报日期')]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="round-recommend-deadline" placeholder="北京时间日期" />
        </Form.Item>
        <Form.Item
          name="ruleSetId"
          label="适用规则集"
          rules={[{ required: true, message: '请选择适用的规则集' }]}
          extra={programme && !ruleSetOptions.length ? '该计划尚无规则集,请先加载规则集。' : undefined}
        >
          <Select
            data-testid="round-rule-set"
            placeholder={programme ? '选择规则集' : '请先选择载体计划'}
            disabled={!programme}
            options={ruleSetOptions}
          />
        </Form.Item>
      </Form>
      {failure ? <Alert type="error" showIcon title={failure} data-testid="round-failure" /> : null}
    </Drawer>
  );
}
