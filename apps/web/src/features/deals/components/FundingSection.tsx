/**
 * 资金到位 of a deal (seed `004 §10`; RULEBOOK §5: only installments that staff confirmed against a voucher count
 * as money received): the paying side (the demand side: a challenge's poster, an achievement's taker) records each
 * installment paid with its voucher (凭证); staff open the voucher and confirm the installment or send it back; the
 * received total against the agreed amount.
 */
import { BankOutlined, PlusOutlined } from '@ant-design/icons';
import type { FundingInstallmentDto } from '@jiebang/contracts';
import { payerOf } from '@jiebang/policy';
import { Alert, Button, Card, DatePicker, Form, Input, Progress, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { HTMLAttributes } from 'react';
import { useDealMutation } from '../hooks/useDealMutation';
import {
  FUNDING_STATUSES,
  INSTALLMENT_STATUS_META,
  moneyText,
  moneyYuan,
  PARTY_LABELS,
  sumFen,
  validYuan,
  yuanHint,
  yuanRules,
} from '../lib/deals';
import { formatDate } from '../../../shared/lib/format';
import { DealFileLink, DealUploadInput } from './DealFiles';
import type { DealSectionProps } from './types';

/** Percent (0–100, whole) of `part` in `whole`, exact on bigint fen. */
function percent(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  const p = (part * 100n) / whole;
  return Number(p > 100n ? 100n : p);
}

/** The 资金到位 section (from signing on). */
export function FundingSection({ deal, can, openForm, done }: DealSectionProps) {
  const recordInstallment = useDealMutation('/api/v1/deals/{id}/installments');
  const reviewInstallment = useDealMutation('/api/v1/deals/{id}/installments/{installmentId}/review');
  if (!deal.signedOn && deal.installments.length === 0) return null;
  const open = FUNDING_STATUSES.has(deal.status);
  const payer = PARTY_LABELS[payerOf(deal.kind)];
  const amount = BigInt(deal.amountFen);
  const received = BigInt(deal.receivedFen);
  const pending = sumFen(deal.installments.filter((i) => i.status === 'recorded').map((i) => i.amountFen));
  const remaining = amount > received + pending ? amount - received - pending : 0n;

  const recordForm = () =>
    openForm({
      title: '登记资金拨付',
      okText: '提交拨付登记',
      testId: 'installment-form',
      description: (
        <p>
          {`登记${payer}已向${PARTY_LABELS[payerOf(deal.kind) === 'poster' ? 'taker' : 'poster']}拨付的一笔资金并上传拨付凭证`}
          (银行回单等)。科技厅对照凭证确认后计入实际到账金额。尚未登记的协议金额：
          {moneyText(remaining)}。
        </p>
      ),
      initialValues: { paidOn: dayjs() },
      fields: (form) => (
        <>
          <Form.Item
            name="amountYuan"
            label="拨付金额(元)"
            rules={yuanRules({ required: true, positive: true })}
            extra={
              <Form.Item noStyle shouldUpdate>
                {() => yuanHint(form.getFieldValue('amountYuan') as string) ?? '最多两位小数'}
              </Form.Item>
            }
          >
            <Input inputMode="decimal" placeholder="如 500000.00" data-testid="installment-amount" />
          </Form.Item>
          <Form.Item name="paidOn" label="拨付日期" rules={[{ required: true, message: '请选择拨付日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="installment-date" />
          </Form.Item>
          <Form.Item
            name="voucherAttachmentId"
            label="拨付凭证"
            rules={[{ required: true, message: '请上传拨付凭证' }]}
          >
            <DealUploadInput dealId={deal.id} purpose="voucher" buttonText="上传拨付凭证" />
          </Form.Item>
          <Form.Item name="note" label="说明(可选)" rules={[{ max: 1000, message: '最多 1000 个字' }]}>
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
        </>
      ),
      onSubmit: async (v, idempotencyKey) => {
        await recordInstallment.mutateAsync({
          params: { path: { id: deal.id } },
          body: {
            idempotencyKey,
            amountYuan: validYuan(v.amountYuan as string) ?? String(v.amountYuan ?? ''),
            paidOn: (v.paidOn as Dayjs).format('YYYY-MM-DD'),
            voucherAttachmentId: String(v.voucherAttachmentId),
            note: String(v.note ?? '').trim() || undefined,
          },
        });
        done('拨付已登记，待科技厅确认');
      },
    });

  const reviewForm = (i: FundingInstallmentDto, decision: 'confirm' | 'reject') =>
    openForm({
      title: decision === 'confirm' ? `确认第 ${i.seq} 期资金到位` : `退回第 ${i.seq} 期拨付登记`,
      okText: decision === 'confirm' ? '确认到位' : '退回登记',
      danger: decision === 'reject',
      testId: 'installment-review-form',
      description: (
        <div>
          <p>
            金额 {moneyText(i.amountFen)}，拨付日期 {i.paidOn}。
            {i.voucher ? (
              <>
                请先核对凭证：
                <DealFileLink dealId={deal.id} file={i.voucher} />
              </>
            ) : (
              '(无凭证)'
            )}
          </p>
          {decision === 'confirm' ? <p>确认后此笔资金计入实际到账金额(后补助的计算基数)。</p> : null}
        </div>
      ),
      fields: (
        <Form.Item
          name="note"
          label={decision === 'confirm' ? '审核意见(可选)' : '退回理由(出资方可见)'}
          rules={[
            ...(decision === 'reject' ? [{ required: true, whitespace: true, message: '请写明退回理由' }] : []),
            { max: 1000, message: '最多 1000 个字' },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="installment-review-note" />
        </Form.Item>
      ),
      confirm:
        decision === 'confirm'
          ? {
              title: '确认资金到位？',
              content: `确认第 ${i.seq} 期 ${moneyYuan(i.amountFen)} 已到位，计入实际到账金额，确认后不能撤销。`,
              okText: '确认到位',
            }
          : undefined,
      onSubmit: async (v) => {
        await reviewInstallment.mutateAsync({
          params: { path: { id: deal.id, installmentId: i.id } },
          body: {
            decision,
            note: String(v.note ?? '').trim() || undefined,
          },
        });
        done(decision === 'confirm' ? '已确认资金到位' : '已退回拨付登记');
      },
    });

  const columns: TableColumnsType<FundingInstallmentDto> = [
    { key: 'seq', title: '期次', width: 70, render: (_, i) => `第 ${i.seq} 期` },
    { key: 'amount', title: '金额', width: 150, render: (_, i) => moneyYuan(i.amountFen) },
    { key: 'paidOn', title: '拨付日期', width: 110, dataIndex: 'paidOn' },
    {
      key: 'voucher',
      title: '凭证',
      width: 200,
      render: (_, i) =>
        i.voucher ? <DealFileLink dealId={deal.id} file={i.voucher} /> : <span className="muted">无</span>,
    },
    {
      key: 'status',
      title: '状态',
      render: (_, i) => {
        const meta = INSTALLMENT_STATUS_META[i.status] ?? { label: i.status, color: 'default' };
        return (
          <div>
            <Tag color={meta.color} data-testid="installment-status" data-status={i.status}>
              {meta.label}
            </Tag>
            {i.note ? <div className="muted">说明：{i.note}</div> : null}
            {i.reviewNote ? (
              <div className={i.status === 'rejected' ? 'row-reason' : 'row-reason muted'}>审核：{i.reviewNote}</div>
            ) : null}
            <div className="muted">{formatDate(i.createdAt, true)} 登记</div>
          </div>
        );
      },
    },
    ...(can.broker
      ? [
          {
            key: 'actions',
            title: '操作',
            width: 200,
            render: (_: unknown, i: FundingInstallmentDto) =>
              i.status === 'recorded' ? (
                <Space size={4} wrap>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => reviewForm(i, 'confirm')}
                    data-testid="installment-confirm"
                  >
                    确认到位
                  </Button>
                  <Button size="small" danger onClick={() => reviewForm(i, 'reject')} data-testid="installment-reject">
                    退回登记
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="deal-funding-section"
      title={
        <span>
          <BankOutlined /> 资金到位
        </span>
      }
      extra={
        can.payer && open ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={recordForm} data-testid="record-installment">
            登记拨付
          </Button>
        ) : null
      }
    >
      <div className="staff-toolbar" data-testid="funding-summary">
        <span className="muted">出资方：{payer}</span>
        <span>
          协议金额 <strong>{moneyText(amount)}</strong>
        </span>
        <span>
          已确认到账 <strong data-testid="received-amount">{moneyText(received)}</strong>
        </span>
        {pending > 0n ? <span className="muted">待确认 {moneyYuan(pending)}</span> : null}
        <Progress percent={percent(received, amount)} size="small" style={{ width: 200 }} />
      </div>
      {deal.installments.length === 0 && open && can.payer ? (
        <Alert
          type="info"
          showIcon
          title="请在拨付资金后登记每一笔拨付并上传凭证；财政补助须在资金到位后才能拨付(《揭榜挂帅实施办法》第十条)。"
        />
      ) : null}
      <Table<FundingInstallmentDto>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={[...deal.installments].sort((a, b) => a.seq - b.seq)}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 760 }}
        locale={{ emptyText: '尚未登记资金拨付' }}
        onRow={(i) =>
          ({
            'data-testid': 'installment-row',
            'data-status': i.status,
            'data-id': i.id,
          }) as HTMLAttributes<HTMLElement>
        }
      />
    </Card>
  );
}
