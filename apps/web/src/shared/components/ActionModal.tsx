/**
 * The confirmation modal of every workflow action (开始论证, 论证通过/不通过, 发布, 关闭, 推荐/不推荐, 撤回, …):
 * what will happen, an optional or required 理由 and any extra fields; the action's error stays in the modal.
 * Pages keep one `ActionConfig` in state and render one `ActionModal`.
 */
import { Alert, Form, Input, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../api/errors';
import { errorText, validationFieldErrors } from '../lib/apiErrors';

/** Values of the modal's form: `reason` plus whatever `fields` add. */
export type ActionValues = { reason?: string } & Record<string, unknown>;

/** One action to confirm. */
export interface ActionConfig {
  title: string;
  description?: ReactNode;
  okText: string;
  danger?: boolean;
  /** Whether a 理由 is asked for (`required`: at least 2 characters). */
  reason?: 'required' | 'optional';
  reasonLabel?: string;
  reasonPlaceholder?: string;
  /** Extra form items placed before the reason (e.g. a select of a structured code). */
  fields?: ReactNode;
  initialValues?: Record<string, unknown>;
  /** Runs the action; a rejection keeps the modal open and shows the error. */
  onConfirm: (values: ActionValues) => Promise<void>;
  /** A custom view of an error (e.g. a conflict with its control path); the default text otherwise. */
  errorView?: (err: unknown) => ReactNode | undefined;
}

/** Props of `ActionModal`. */
export interface ActionModalProps {
  /** The action; the modal is open while set. */
  config: ActionConfig | undefined;
  onClose: () => void;
}

/** Form names of this modal, to place server validation errors. */
const KNOWN_FIELDS = new Set(['reason', 'closeReason', 'code', 'expertUserId']);

/** The modal. */
export function ActionModal({ config, onClose }: ActionModalProps) {
  const [form] = Form.useForm<ActionValues>();
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<ReactNode>();

  const onOk = async () => {
    if (!config) return;
    let values: ActionValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setRunning(true);
    setFailure(undefined);
    try {
      const reason = typeof values.reason === 'string' ? values.reason.trim() : undefined;
      await config.onConfirm({ ...values, reason: reason || undefined });
      onClose();
    } catch (err) {
      const fieldErrors = err instanceof ApiError && err.status === 400 ? validationFieldErrors(err) : [];
      const placed = fieldErrors.filter((e) => KNOWN_FIELDS.has(String(e.name[0])));
      if (placed.length) form.setFields(placed as Parameters<typeof form.setFields>[0]);
      else setFailure(config.errorView?.(err) ?? errorText(err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Modal
      open={!!config}
      title={config?.title}
      okText={config?.okText ?? '确定'}
      cancelText="取消"
      okButtonProps={{ danger: config?.danger, ...({ 'data-testid': 'confirm-ok' } as Record<string, string>) }}
      cancelButtonProps={{ 'data-testid': 'confirm-cancel' } as Record<string, string>}
      confirmLoading={running}
      onOk={onOk}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        setFailure(undefined);
        form.resetFields();
      }}
      data-testid="action-modal"
    >
      {config ? (
        <div data-testid="action-modal-body">
          {config.description ? <div className="action-description">{config.description}</div> : null}
          {failure ? (
            typeof failure === 'string' ? (
              <Alert type="error" showIcon title={failure} className="form-alert" data-testid="action-error" />
            ) : (
              <div className="form-alert" data-testid="action-error">
                {failure}
              </div>
            )
          ) : null}
          <Form<ActionValues> form={form} layout="vertical" initialValues={config.initialValues} preserve={false}>
            {config.fields}
            {config.reason ? (
              <Form.Item
                name="reason"
                label={config.reasonLabel ?? (config.reason === 'required' ? '理由' : '说明(可选)')}
                rules={
                  config.reason === 'required'
                    ? [
                        { required: true, whitespace: true, message: '请填写理由' },
                        { min: 2, max: 2000, message: '理由应为2-2000个字' },
                      ]
                    : [{ max: 2000, message: '最多2000个字' }]
                }
              >
                <Input.TextArea
                  rows={3}
                  maxLength={2000}
                  showCount
                  placeholder={config.reasonPlaceholder}
                  data-testid="action-reason"
                />
              </Form.Item>
            ) : null}
          </Form>
        </div>
      ) : null}
    </Modal>
  );
}
