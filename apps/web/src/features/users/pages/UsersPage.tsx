/**
 * 账号管理 (`/staff/users`, staff administrators): every account with filters (role, sub-role, state, words) and
 * server pagination; 新建账号 (staff, experts, organisations' users) shows the one-time password once; 停用 / 启用
 * and 重置密码 after a confirmation. Filters and page live in the URL (`?role=&staffRole=&disabled=&q=&page=`).
 */
import { PlusOutlined, ReloadOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Capability, Role, ROLE_LABELS, StaffRole, STAFF_ROLE_LABELS } from '@jiebang/contracts';
import { Button, Card, Input, Select } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { useCan } from '../../../auth/useAuth';
import { ApiErrorView, Forbidden } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { CreateUserModal } from '../components/CreateUserModal';
import { OneTimePasswordModal } from '../components/OneTimePasswordModal';
import { UserTable } from '../components/UserTable';
import type { OneTimePasswordDto } from '../lib/users';

/** Rows per page. */
const PAGE_SIZE = 20;

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v && (values as readonly string[]).includes(v) ? (v as T) : undefined;

/** The page. */
export function UsersPage() {
  useDocumentTitle('账号管理');
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const pageNo = Number(params.get('page'));
  const page = Number.isInteger(pageNo) && pageNo >= 1 ? pageNo : 1;
  const role = oneOf(Object.values(Role), params.get('role'));
  const staffRole = oneOf(Object.values(StaffRole), params.get('staffRole'));
  const disabled = oneOf(['true', 'false'] as const, params.get('disabled'));
  const q = params.get('q') ?? '';
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ value: OneTimePasswordDto; title: string } | null>(null);
  const allowed = can(Capability.ManageUsers);
  const list = $api.useQuery(
    'get',
    '/api/v1/users',
    { params: { query: { role, staffRole, disabled, q: q || undefined, page, pageSize: PAGE_SIZE } } },
    { enabled: allowed, placeholderData: (p) => p },
  );

  const setQuery = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };

  if (!allowed) return <Forbidden description="账号管理仅限科技厅管理员使用。" />;

  return (
    <Card
      className="staff-card"
      data-testid="users-page"
      title={
        <span>
          <UserSwitchOutlined /> 账号管理
        </span>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-user">
          新建账号
        </Button>
      }
    >
      <div className="staff-toolbar">
        <Select
          allowClear
          placeholder="角色"
          style={{ width: 160 }}
          value={role}
          onChange={(v?: Role) => setQuery({ role: v })}
          options={Object.values(Role).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <Select
          allowClear
          placeholder="工作人员角色"
          style={{ width: 140 }}
          value={staffRole}
          onChange={(v?: StaffRole) => setQuery({ staffRole: v })}
          options={Object.values(StaffRole).map((r) => ({ value: r, label: STAFF_ROLE_LABELS[r] }))}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 110 }}
          value={disabled}
          onChange={(v?: string) => setQuery({ disabled: v })}
          options={[
            { value: 'false', label: '正常' },
            { value: 'true', label: '已停用' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="用户名或姓名"
          style={{ width: 200 }}
          defaultValue={q}
          onSearch={(v) => setQuery({ q: v.trim() || undefined })}
        />
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          刷新
        </Button>
      </div>
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="账号列表加载失败" />
      ) : (
        <UserTable
          items={list.data?.items ?? []}
          total={list.data?.total ?? 0}
          page={page}
          pageSize={PAGE_SIZE}
          loading={list.isFetching}
          onPage={(p) => setQuery({ page: p > 1 ? String(p) : undefined })}
          onPassword={(value) => setShown({ value, title: '密码已重置' })}
          showOrganization
        />
      )}
      <CreateUserModal
        open={creating}
        mode="staff"
        onClose={() => setCreating(false)}
        onCreated={(value) => {
          setCreating(false);
          setShown({ value, title: '账号已创建' });
        }}
      />
      <OneTimePasswordModal value={shown?.value ?? null} title={shown?.title ?? ''} onClose={() => setShown(null)} />
    </Card>
  );
}
