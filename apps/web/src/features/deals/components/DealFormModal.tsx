/**
 * The form modal of every deal action (发布公示, 提出异议, 登记签约, 登记拨付, 提交成果, 审核, 验收, 变更, 补助 …): the
 * fields, an optional second confirmation (`Modal.confirm`) before an irreversible step, server validation
 * errors placed on their fields and any other refusal shown in the modal. Actions that the server de-duplicates
 * get one idempotency key per opening of the form, reused when a submission is retried after a network failure
 * and renewed only after a definite refusal. Pages keep one `DealFormConfig` in state and render one modal.
 */
import { Alert, App as AntdApp, Form, Modal, type FormInstance } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../../api/errors';
import { newIdempotencyKey } from '../../negotiations/hooks/useNegotiationRoom';
import { validationFieldErrors } from '../../../shared/lib/apiErrors';
import { dealError, definitelyRefused } from '../lib/deals';

/** Values of a deal form (whatever its fields are named). */
export type DealFormValues = Record<string, unknown>;

/** A second confirmation asked after the form validated and before it is sent. */
export interface DealConfirm {
  title: string;
  content: ReactNode;
  okText: string;
  danger?: boolean;
}

/** One action with a form. */
export interface DealFormConfig {
  title: string;
  okText: string;
  danger?: boolean;
  width?: number;
  /** What will happen (shown above the fields). */
  description?: ReactNode;
  /** The form items; a function receives the form (for live previews with `Form.useWatch`). */
  fields?: ReactNode | ((form: FormInstance<DealFormValues>) => ReactNode);
  initialValues?: DealFormValues;
  /** Asks once more before sending (irreversible steps); may depend on the values. */
  confirm?: DealConfirm | ((values: DealFormValues) => DealConfirm | undefined);
  /** Sends the action; `idempotencyKey` stays the same across retries of one opening. A rejection keeps the modal open. */
  onSubmit: (values: DealFormValues, idempotencyKey: string) => Promise<void>;
  /** Test id of the modal (default `deal-form`). */
  testId?: string;
}

/** Props of `DealFormModal`. */
export interface DealFormModalProps {
  /** The action; the modal is open while set. */
  config: DealFormConfig | undefined;
  onClose: () => void;
}

/** The modal. */
export function DealFormModal({ config, onClose }: DealFormModalProps) {
  const [form] = Form.useForm<DealFormValues>();
  const { modal } = AntdApp.useApp();
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string>();
  const keyRef = useRef<string>(newIdempotencyKey());

  // Every opening is a new submission with its own key.
  useEffect(() => {
    if (config) keyRef.current = newIdempotencyKey();
  }, [config]);

  const send = async (values: DealFormValues) => {
    if (!config) return;
    setRunning(true);
    setFailure(undefined);
    try {
      await config.onSubmit(values, keyRef.current);
      onClose();
    } catch (err) {
      // A definite refusal was not stored: the next attempt is a new submission. A network failure may have been.
      if (definitelyRefused(err)) keyRef.current = newIdempotencyKey();
      const fieldErrors = err instanceof ApiError && err.status === 400 ? validationFieldErrors(err) : [];
      const registered = new Set(Object.keys(form.getFieldsValue()));
      const placed = fieldErrors.filter((e) => registered.has(String(e.name[0])));
      const rest = fieldErrors.filter((e) => !registered.has(String(e.name[0])));
      if (placed.length) form.setFields(placed as Parameters<typeof form.setFields>[0]);
      if (!placed.length || rest.length) {
        setFailure(rest.length ? rest.flatMap((e) => e.errors).join(';') : dealError(err));
      }
    } finally {
      setRunning(false);
    }
  };

  const onOk = async () => {
    if (!config) return;
    let values: DealFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const confirm = typeof config.confirm === 'function' ? config.confirm(values) : config.confirm;
    if (!confirm) {
      await send(values);
      return;
    }
    modal.confirm({
      title: confirm.title,
      content: confirm.content,
      okText: confirm.okText,
      cancelText: '返回修改',
      okButtonProps: { danger: confirm.danger, ...({ 'data-testid': 'deal-confirm-ok' } as Record<string, string>) },
      onOk: () => send(values),
    });
  };

  const fields = typeof config?.fields === 'function' ? config.fields(form) : config?.fields;
  return (
    <Modal
      open={!!config}
      title={config?.title}
      width={config?.width ?? 640}
      okText={config?.okText ?? '提交'}
      cancelText="取消"
      okButtonProps={{ danger: config?.danger, ...({ 'data-testid': 'deal-form-ok' } as Record<string, string>) }}
      cancelButtonProps={{ 'data-testid': 'deal-form-cancel' } as Record<string, string>}
      confirmLoading={running}
      onOk={onOk}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        setFailure(undefined);
        form.resetFields();
      }}
      data-testid={config?.testId ?? 'deal-form'}
    >
      {config ? (
        <div data-testid="deal-form-body">
          {config.description ? <div className="action-description">{config.description}</div> : null}
          {failure ? (
            <Alert type="error" showIcon title={failure} className="form-alert" data-testid="deal-form-error" />
          ) : null}
          <Form<DealFormValues> form={form} layout="vertical" initialValues={config.initialValues} preserve={false}>
            {fields}
          </Form>
        </div>
      ) : null}
    </Modal>
  );
}
