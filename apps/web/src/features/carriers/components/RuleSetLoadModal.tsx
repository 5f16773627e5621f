/**
 * 加载规则集 (issue 15 §1): staff paste a rule set's JSON or choose a `.json` file, and the server checks it
 * (`POST /api/v1/carriers/rule-sets`, `parseCarrierRuleSet` of `@jiebang/policy`). Text that is not a JSON object
 * is refused here before sending; the server's 422 `CARRIER_RULE_SET_INVALID` is shown as its list of problems
 * (`details.problems`, each with its JSON path), a 409 `CARRIER_RULE_SET_EXISTS` (same id and version) as the
 * server words it. Nothing is stored unless the whole set is valid.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Space, Upload } from 'antd';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { $api } from '../../../api/query';
import { ApiError } from '../../../api/errors';
import { errorText } from '../../../shared/lib/apiErrors';

/** The server's refusal: its message and, for an invalid set, the problems one by one. */
interface Refusal {
  message: string;
  problems: string[];
}

/** The problems listed by a 422 `CARRIER_RULE_SET_INVALID` (empty for any other error). */
export function ruleSetProblems(err: unknown): string[] {
  if (!(err instanceof ApiError)) return [];
  const d = err.details as { problems?: unknown } | undefined;
  return Array.isArray(d?.problems) ? d.problems.map(String) : [];
}

/** Parses pasted text as a JSON object; the error text otherwise. */
export function parseRuleSetText(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: '不是有效的 JSON,请检查括号、引号和逗号' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: '规则集应为一个 JSON 对象({ … })' };
  return { ok: true, value: value as Record<string, unknown> };
}

/** Props of `RuleSetLoadModal`. */
export interface RuleSetLoadModalProps {
  open: boolean;
  onClose: () => void;
}

/** The modal. */
export function RuleSetLoadModal({ open, onClose }: RuleSetLoadModalProps) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ text: string }>();
  const [refusal, setRefusal] = useState<Refusal>();
  const load = $api.useMutation('post', '/api/v1/carriers/rule-sets');

  const close = () => {
    form.resetFields();
    setRefusal(undefined);
    onClose();
  };

  const onOk = async () => {
    let text: string;
    try {
      ({ text } = await form.validateFields());
    } catch {
      return;
    }
    const parsed = parseRuleSetText(text);
    if (!parsed.ok) {
      form.setFields([{ name: 'text', errors: [parsed.error] }]);
      return;
    }
    setRefusal(undefined);
    try {
      const saved = await load.mutateAsync({ body: { rules: parsed.value } });
      await client.invalidateQueries({ queryKey: ['get', '/api/v1/carriers/rule-sets'] });
      message.success(`规则集 ${saved.title}(${saved.id})已加载`);
      close();
    } catch (e) {
      setRefusal({ message: errorText(e, '加载失败'), problems: ruleSetProblems(e) });
    }
  };

  return (
    <Modal
      open={open}
      title="加载规则集"
      okText="校验并加载"
      cancelText="取消"
      onOk={() => void onOk()}
      onCancel={close}
      confirmLoading={load.isPending}
      okButtonProps={{ 'data-testid': 'rule-set-load-ok' } as never}
      width={720}
      destroyOnHidden
    >
      <p className="muted">
        粘贴规则集的 JSON 文本,或选择 .json
        文件。服务器会逐项校验(字段、金额以分为单位、比例以基点为单位、每项条件写明依据条款);
        同一标识和版本号的规则集不能重复加载,修订时请提高版本号。
      </p>
      <Form form={form} layout="vertical">
        <Space style={{ marginBottom: 8 }}>
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((t) => {
                form.setFieldsValue({ text: t });
                setRefusal(undefined);
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>选择 JSON 文件</Button>
          </Upload>
        </Space>
        <Form.Item
          name="text"
          label="规则集 JSON"
          rules={[{ required: true, whitespace: true, message: '请粘贴规则集 JSON 或选择文件' }]}
        >
          <Input.TextArea
            rows={12}
            spellCheck={false}
            style={{ fontFamily: 'monospace' }}
            data-testid="rule-set-json"
            placeholder='{ "id": "nm-nkbf-2025-12", "version": 1, "name": "…", … }'
          />
        </Form.Item>
      </Form>
      {refusal ? (
        <Alert
          type="error"
          showIcon
          data-testid="rule-set-refusal"
          title={refusal.problems.length ? `规则集未通过校验,共 ${refusal.problems.length} 处问题:` : refusal.message}
          description={
            refusal.problems.length ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {refusal.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
    </Modal>
  );
}
