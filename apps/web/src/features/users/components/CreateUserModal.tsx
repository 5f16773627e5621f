/**
 * 新建账号 — the form of `POST /api/v1/users`. A staff administrator chooses the role: 科技厅工作人员 with
 * sub-roles (推荐部门 alone, with its authority), 专家 with an affiliation and a profile for the expert pool, or a
 * 单位 user of an organisation. An organisation's first user invites a colleague (name and username only). On
 * success the parent shows the one-time password.
 */
import {
  AUTHORITIES,
  Field,
  FIELD_LABELS,
  Role,
  ROLE_LABELS,
  StaffRole,
  STAFF_ROLE_LABELS,
  USERNAME_PATTERN,
} from '@jiebang/contracts';
import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import type { OneTimePasswordDto } from '../lib/users';

/** Values of the form. */
interface CreateUserValues {
  username: string;
  displayName: string;
  role?: Role;
  staffRoles?: StaffRole[];
  authority?: string;
  orgId?: string;
  fields?: Field[];
  title?: string;
  available?: boolean;
  /** Where notifications are e-mailed (optional). */
  email?: string;
}

/** Props of `CreateUserModal`. */
export interface CreateUserModalProps {
  open: boolean;
  /** `staff`: a staff administrator (every role); `org`: an organisation's first user inviting a colleague. */
  mode: 'staff' | 'org';
  onClose: () => void;
  onCreated: (created: OneTimePasswordDto) => void;
}

/** Searches organisations by name for the affiliation / organisation field. */
function OrganizationSelect({ value, onChange }: { value?: string; onChange?: (v: string | undefined) => void }) {
  const [q, setQ] = useState('');
  const orgs = $api.useQuery(
    'get',
    '/api/v1/organizations',
    { params: { query: { q: q || undefined, pageSize: 20 } } },
    { placeholderData: (p) => p },
  );
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={onChange}
      loading={orgs.isFetching}
      placeholder="输入单位名称搜索"
      options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
      data-testid="new-user-org"
    />
  );
}

/** The create form in a modal. */
export function CreateUserModal({ open, mode, onClose, onCreated }: CreateUserModalProps) {
  const [form] = Form.useForm<CreateUserValues>();
  const role = Form.useWatch('role', form);
  const staffRoles = Form.useWatch('staffRoles', form) ?? [];
  const [error, setError] = useState<string>();
  const create = $api.useMutation('post', '/api/v1/users', { onSuccess: () => invalidate('/api/v1/users') });

  const submit = async () => {
    const v = await form.validateFields();
    setError(undefined);
    try {
      const created = await create.mutateAsync({
        body:
          mode === 'org'
            ? { username: v.username, displayName: v.displayName }
            : {
                username: v.username,
                displayName: v.displayName,
                email: v.email?.trim() || undefined,
                role: v.role,
                staffRoles: v.role === Role.Staff ? v.staffRoles : undefined,
                authority:
                  v.role === Role.Staff && v.staffRoles?.includes(StaffRole.Recommender) ? v.authority : undefined,
                orgId: v.role !== Role.Staff ? v.orgId : undefined,
                expert:
                  v.role === Role.Expert
                    ? { fields: v.fields ?? [], title: v.title || undefined, available: v.available ?? true }
                    : undefined,
              },
      });
      form.resetFields();
      onCreated(created);
    } catch (err) {
      setError(errorText(err, '创建失败,请稍后重试'));
    }
  };

  return (
    <Modal
      open={open}
      title={mode === 'org' ? '邀请同事' : '新建账号'}
      okText="创建"
      cancelText="取消"
      confirmLoading={create.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ ...({ 'data-testid': 'create-user-submit' } as Record<string, string>) }}
    >
      {error ? (
        <Alert type="error" showIcon title={error} className="form-alert" data-testid="create-user-error" />
      ) : null}
      <Form<CreateUserValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ role: Role.Staff, staffRoles: [StaffRole.Broker], available: true }}
        preserve={false}
      >
        <Form.Item
          name="username"
          label="用户名"
          rules={[
            { required: true, message: '请填写用户名' },
            { pattern: USERNAME_PATTERN, message: '用户名为 3-64 位字母、数字、下划线、点或连字符' },
          ]}
        >
          <Input autoComplete="off" data-testid="new-user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={50} data-testid="new-user-display-name" />
        </Form.Item>
        {mode === 'staff' ? (
          <>
            <Form.Item
              name="email"
              label="电子邮箱(接收通知,可不填)"
              rules={[{ type: 'email', message: '电子邮箱格式不正确,例如 name@example.org' }]}
            >
              <Input inputMode="email" autoComplete="off" maxLength={200} data-testid="new-user-email" />
            </Form.Item>
            <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
              <Select
                data-testid="new-user-role"
                options={Object.values(Role).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              />
            </Form.Item>
            {role === Role.Staff ? (
              <Form.Item
                name="staffRoles"
                label="工作人员角色"
                extra="推荐部门只能单独授予。审批人和管理员首次登录时须绑定动态验证码。"
                rules={[{ required: true, message: '请至少选择一个工作人员角色' }]}
              >
                <Select
                  mode="multiple"
                  data-testid="new-user-staff-roles"
                  options={Object.values(StaffRole).map((r) => ({ value: r, label: STAFF_ROLE_LABELS[r] }))}
                />
              </Form.Item>
            ) : null}
            {role === Role.Staff && staffRoles.includes(StaffRole.Recommender) ? (
              <Form.Item name="authority" label="所属推荐部门" rules={[{ required: true, message: '请选择推荐部门' }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="new-user-authority"
                  options={AUTHORITIES.map((a) => ({ value: a.code, label: a.name }))}
                />
              </Form.Item>
            ) : null}
            {role && role !== Role.Staff ? (
              <Form.Item
                name="orgId"
                label={role === Role.Expert ? '工作单位(用于回避)' : '所属单位'}
                rules={role === Role.Expert ? [] : [{ required: true, message: '请选择所属单位' }]}
              >
                <OrganizationSelect />
              </Form.Item>
            ) : null}
            {role === Role.Expert ? (
              <>
                <Form.Item name="fields" label="擅长领域">
                  <Select
                    mode="multiple"
                    data-testid="new-user-expert-fields"
                    options={Object.values(Field).map((f) => ({ value: f, label: FIELD_LABELS[f] }))}
                  />
                </Form.Item>
                <Form.Item name="title" label="职称">
                  <Input maxLength={50} />
                </Form.Item>
                <Form.Item name="available" label="可接受评审邀请" valuePropName="checked">
                  <Switch />
                </Form.Item>
              </>
            ) : null}
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
