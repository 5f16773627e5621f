/**
 * 签约 of a deal (seed `004 §9(七)`): once the notice has ended with no open objection, staff register the signed
 * 揭榜协议 (技术合同, with its registration number) and 任务书 (with its number and the total R&D investment — the
 * base of a pre-subsidy, seed `004 §11`), uploading both documents.
 */
import { EditOutlined } from '@ant-design/icons';
import { DealStatus, fenToYuan } from '@jiebang/contracts';
import { Alert, Button, Card, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDealMutation } from '../hooks/useDealMutation';
import { moneyText, typedFen, validYuan, yuanHint, yuanRules } from '../lib/deals';
import { DealFileLink, DealUploadInput } from './DealFiles';
import type { DealSectionProps } from './types';

/** The 签约 section (shown from 待签约 on). */
export function SigningSection({ deal, can, openForm, done }: DealSectionProps) {
  const sign = useDealMutation('/api/v1/deals/{id}/sign');
  const awaiting = deal.status === DealStatus.AwaitingSigning;
  if (!awaiting && !deal.signedOn) return null;
  const agreement = deal.attachments.filter((a) => a.purpose === 'agreement');
  const taskBook = deal.attachments.filter((a) => a.purpose === 'task_book');

  const signForm = () =>
    openForm({
      title: '登记签约',
      okText: '登记签约',
      width: 720,
      testId: 'sign-form',
      description: (
        <p>
          公示期满且无未处理异议。请登记双方签订的揭榜协议(技术合同)和任务书，并上传签署后的扫描件。
          {deal.kind === 'challenge' ? '任务书约定的研发总投入为前资助的计算基数(《揭榜挂帅实施办法》第十一条)。' : ''}
        </p>
      ),
      initialValues: {
        signedOn: dayjs(),
        totalRdInvestmentYuan: fenToYuan(deal.amountFen),
      },
      fields: (form) => (
        <>
          <Form.Item
            name="contractRegistrationNo"
            label="技术合同登记编号"
            rules={[
              { required: true, whitespace: true, message: '请填写技术合同登记编号' },
              { min: 4, max: 64, message: '登记编号应为 4–64 个字符' },
            ]}
          >
            <Input maxLength={64} data-testid="sign-contract-no" />
          </Form.Item>
          <Form.Item
            name="taskBookNo"
            label="任务书编号"
            rules={[
              { required: true, whitespace: true, message: '请填写任务书编号' },
              { min: 2, max: 64, message: '任务书编号应为 2–64 个字符' },
            ]}
          >
            <Input maxLength={64} data-testid="sign-taskbook-no" />
          </Form.Item>
          <Form.Item name="signedOn" label="签订日期" rules={[{ required: true, message: '请选择签订日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="sign-date" />
          </Form.Item>
          <Form.Item
            name="agreementAttachmentId"
            label="揭榜协议(技术合同)签署件"
            rules={[{ required: true, message: '请上传签署后的揭榜协议' }]}
          >
            <DealUploadInput dealId={deal.id} purpose="agreement" buttonText="上传揭榜协议" />
          </Form.Item>
          <Form.Item
            name="taskBookAttachmentId"
            label="任务书签署件"
            rules={[{ required: true, message: '请上传签署后的任务书' }]}
          >
            <DealUploadInput dealId={deal.id} purpose="task_book" buttonText="上传任务书" />
          </Form.Item>
          <Form.Item
            name="totalRdInvestmentYuan"
            label="研发总投入(元，任务书约定)"
            rules={yuanRules({ required: true })}
            extra={
              <Form.Item noStyle shouldUpdate>
                {() => yuanHint(form.getFieldValue('totalRdInvestmentYuan') as string) ?? '默认为协议金额'}
              </Form.Item>
            }
          >
            <Input inputMode="decimal" data-testid="sign-rd-investment" />
          </Form.Item>
        </>
      ),
      confirm: (v) => ({
        title: '确认登记签约？',
        content: `登记后项目进入实施阶段，协议和任务书编号不能修改。研发总投入：${moneyText(typedFen(v.totalRdInvestmentYuan))}`,
        okText: '确认登记',
      }),
      onSubmit: async (v) => {
        await sign.mutateAsync({
          params: { path: { id: deal.id } },
          body: {
            contractRegistrationNo: String(v.contractRegistrationNo ?? '').trim(),
            taskBookNo: String(v.taskBookNo ?? '').trim(),
            signedOn: (v.signedOn as Dayjs).format('YYYY-MM-DD'),
            agreementAttachmentId: String(v.agreementAttachmentId),
            taskBookAttachmentId: String(v.taskBookAttachmentId),
            totalRdInvestmentYuan: validYuan(v.totalRdInvestmentYuan as string) ?? undefined,
          },
        });
        done('签约已登记，项目进入实施阶段');
      },
    });

  return (
    <Card
      size="small"
      className="form-alert"
      data-testid="deal-signing-section"
      title={
        <span>
          <EditOutlined /> 签约
        </span>
      }
      extra={
        awaiting && can.broker ? (
          <Button type="primary" onClick={signForm} data-testid="sign-deal">
            登记签约
          </Button>
        ) : null
      }
    >
      {awaiting ? (
        <Alert
          type="info"
          showIcon
          title="公示期满且无未处理异议，待双方签订揭榜协议和任务书并由科技厅登记。"
          description={can.staff && !can.broker ? '签约登记由对接专员或管理员办理。' : undefined}
        />
      ) : (
        <div data-testid="signed-info">
          <div>
            {deal.signedOn} 签订 · 技术合同登记编号 {deal.contractRegistrationNo ?? '—'} · 任务书编号{' '}
            {deal.taskBookNo ?? '—'}
          </div>
          <div>
            {agreement.map((f) => (
              <DealFileLink key={f.id} dealId={deal.id} file={f} label={`揭榜协议：${f.filename}`} />
            ))}
            {taskBook.map((f) => (
              <DealFileLink key={f.id} dealId={deal.id} file={f} label={`任务书：${f.filename}`} />
            ))}
          </div>
        </div>
      )}
    </Card>
  );
}
