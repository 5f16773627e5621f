/**
 * The form of a structured offer (报价 / 还价): deal form, total amount and installments in yuan (decimal
 * strings, summed exactly in fen — the sum against the total is shown live), IP ownership, benefit sharing
 * and duration (≤ 36 months for challenges, ≤ 24 for achievements, seed `004 §15`). One idempotency key per
 * opening of the form: a resubmission after a timeout reuses it, a refusal by the server renews it.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { DEAL_FORM_LABELS, DEAL_FORMS, YUAN_PATTERN, type DealForm, type OfferTerms } from '@jiebang/contracts';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { ApiError } from '../../../api/errors';
import { newIdempotencyKey } from '../hooks/useNegotiationRoom';
import { ClientCode, DURATION_RULE_TEXT, formatFenYuan, sumYuan, yuanFen } from '../lib/negotiation';
import { errorText } from '../../../shared/lib/apiErrors';
import { formatMoney } from '../../../shared/lib/money';

/** Values of the form. */
interface OfferFormValues {
  dealForm?: DealForm;
  amountYuan?: string;
  schedule?: { dueDate?: Dayjs | null; amountYuan?: string }[];
  ipOwnership?: string;
  benefitSharing?: string;
  durationMonths?: number | null;
}

/** Props of `OfferForm`. */
export interface OfferFormProps {
  open: boolean;
  title: string;
  /** Terms to start from (the current version for a counter-offer). */
  initial?: OfferTerms;
  maxDuration: number;
  onSubmit: (terms: OfferTerms, idempotencyKey: string) => Promise<void>;
  onClose: () => void;
}

/** Form values of `terms`. */
function toValues(terms: OfferTerms | undefined): OfferFormValues {
  if (!terms) return { schedule: [{ dueDate: null, amountYuan: '' }] };
  return {
    dealForm: terms.dealForm,
    amountYuan: terms.amountYuan,
    schedule: terms.schedule.map((i) => ({ dueDate: dayjs(i.dueDate), amountYuan: i.amountYuan })),
    ipOwnership: terms.ipOwnership,
    benefitSharing: terms.benefitSharing,
    durationMonths: terms.durationMonths,
  };
}

/** Amount rules of a yuan input. */
const amountRules = [
  { required: true, whitespace: true, message: '请填写金额' },
  {
    validator: (_: unknown, value: string | undefined) => {
      const s = (value ?? '').trim();
      if (!s) return Promise.resolve();
      if (/^\d{14,}(\.\d*)?$/.test(s)) return Promise.reject(new Error('金额过大'));
      if (!YUAN_PATTERN.test(s)) return Promise.reject(new Error('请输入金额(元)，最多两位小数'));
      if (yuanFen(s) === 0n) return Promise.reject(new Error('金额须大于 0'));
      return Promise.resolve();
    },
  },
];

/** The offer form, in a modal. */
export function OfferForm({ open, title, initial, maxDuration, onSubmit, onClose }: OfferFormProps) {
  const [form] = Form.useForm<OfferFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const keyRef = useRef<string>(newIdempotencyKey());

  const amount = Form.useWatch('amountYuan', form);
  const schedule = Form.useWatch('schedule', form);
  const totalFen = yuanFen(amount);
  const sum = sumYuan((schedule ?? []).map((i) => i?.amountYuan));
  const balanced = totalFen !== null && sum.invalid === 0 && sum.fen === totalFen;

  const submit = async () => {
    let v: OfferFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const total = yuanFen(v.amountYuan);
    const parts = sumYuan((v.schedule ?? []).map((i) => i.amountYuan));
    if (total === null || parts.invalid > 0 || parts.fen !== total) {
      setFailure('分期付款金额之和必须等于报价总额');
      return;
    }
    const terms: OfferTerms = {
      dealForm: v.dealForm as DealForm,
      amountYuan: (v.amountYuan ?? '').trim(),
      schedule: (v.schedule ?? []).map((i) => ({
        dueDate: (i.dueDate as Dayjs).format('YYYY-MM-DD'),
        amountYuan: (i.amountYuan ?? '').trim(),
      })),
      ipOwnership: (v.ipOwnership ?? '').trim(),
      benefitSharing: (v.benefitSharing ?? '').trim(),
      durationMonths: Number(v.durationMonths),
    };
    setSubmitting(true);
    setFailure(undefined);
    try {
      await onSubmit(terms, keyRef.current);
      onClose();
    } catch (err) {
      // A refusal was not stored: the next attempt is a new proposal. A timeout may have been stored: same key.
      if (err instanceof ApiError && err.code !== ClientCode.TIMEOUT && err.code !== ClientCode.DISCONNECTED) {
        keyRef.current = newIdempotencyKey();
      }
      setFailure(errorText(err, '报价提交失败'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={720}
      okText="提交报价"
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={submitting}
      okButtonProps={{ 'data-testid': 'offer-submit' } as Record<string, string>}
      destroyOnHidden
      afterOpenChange={(visible) => {
        // Every opening is a new proposal; the form itself is remounted with `initial`.
        if (visible) keyRef.current = newIdempotencyKey();
        else setFailure(undefined);
      }}
      data-testid="offer-form"
    >
      {failure ? (
        <Alert type="error" showIcon title={failure} className="form-alert" data-testid="offer-error" />
      ) : null}
      <Form<OfferFormValues> form={form} layout="vertical" initialValues={toValues(initial)} preserve={false}>
        <Space size={16} wrap className="full-width nego-form-row">
          <Form.Item name="dealForm" label="合作方式" rules={[{ required: true, message: '请选择合作方式' }]}>
            <Select
              className="nego-select"
              placeholder="请选择"
              options={DEAL_FORMS.map((f) => ({ value: f, label: DEAL_FORM_LABELS[f] }))}
              data-testid="offer-deal-form"
            />
          </Form.Item>
          <Form.Item
            name="amountYuan"
            label="报价总额(元)"
            rules={amountRules}
            extra={
              <span data-testid="offer-amount-hint">
                {totalFen === null ? '单位：元，最多两位小数' : `即 ${formatMoney(totalFen, 'offer')}`}
              </span>
            }
          >
            <Input inputMode="decimal" placeholder="如 1200000.00" data-testid="offer-amount" />
          </Form.Item>
          <Form.Item
            name="durationMonths"
            label={`合作期限(月，不超过 ${maxDuration})`}
            rules={[
              { required: true, message: '请填写合作期限' },
              {
                type: 'integer',
                min: 1,
                max: maxDuration,
                message: `合作期限应为 1-${maxDuration} 个月${DURATION_RULE_TEXT ? `(依据${DURATION_RULE_TEXT})` : ''}`,
              },
            ]}
          >
            <InputNumber min={1} max={maxDuration} precision={0} data-testid="offer-duration" />
          </Form.Item>
        </Space>
        <div className="nego-schedule-head">
          <strong>付款计划</strong>
          <span
            className={balanced ? 'nego-sum ok' : 'nego-sum mismatch'}
            data-testid="offer-schedule-sum"
            data-balanced={balanced ? 'true' : 'false'}
          >
            分期合计 {formatFenYuan(sum.fen)}
            {sum.invalid ? `(${sum.invalid} 项金额未填或有误)` : ''} / 报价总额{' '}
            {totalFen === null ? '—' : formatFenYuan(totalFen)}
            {totalFen !== null && sum.invalid === 0 && !balanced
              ? `，${sum.fen > totalFen ? '超出' : '尚差'} ${formatFenYuan(sum.fen > totalFen ? sum.fen - totalFen : totalFen - sum.fen)}`
              : ''}
          </span>
        </div>
        <Form.List
          name="schedule"
          rules={[
            {
              validator: async (_, items: unknown[] | undefined) => {
                if (!items || items.length === 0) throw new Error('请至少填写一期付款');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" className="nego-installment" data-testid="offer-installment">
                  <span className="nego-installment-no">第 {index + 1} 期</span>
                  <Form.Item name={[field.name, 'dueDate']} rules={[{ required: true, message: '请选择付款日期' }]}>
                    <DatePicker placeholder="付款日期" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amountYuan']} rules={amountRules}>
                    <Input inputMode="decimal" placeholder="金额(元)" data-testid="offer-installment-amount" />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label="删除此期"
                      onClick={() => remove(field.name)}
                    />
                  ) : null}
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ dueDate: null, amountYuan: '' })}
                data-testid="offer-add-installment"
              >
                增加一期
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item
          name="ipOwnership"
          label="知识产权归属"
          className="nego-form-gap"
          rules={[{ required: true, whitespace: true, message: '请填写知识产权归属' }, { max: 2000 }]}
        >
          <Input.TextArea rows={2} maxLength={2000} showCount data-testid="offer-ip" />
        </Form.Item>
        <Form.Item
          name="benefitSharing"
          label="收益分配"
          rules={[{ required: true, whitespace: true, message: '请填写收益分配' }, { max: 2000 }]}
        >
          <Input.TextArea rows={2} maxLength={2000} showCount data-testid="offer-benefit" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
