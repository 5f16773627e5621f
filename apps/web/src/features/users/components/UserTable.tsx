/**
 * The accounts table of the administration pages: name, username, role, organisation, state; actions 停用 / 启用
 * and 重置密码, each after a confirmation. A reset hands its one-time password to `onPassword`; disabling ends the
 * user's sessions at once (the API revokes them).
 */
import { App as AntdApp, Button, Popconfirm, Space, Table, Tag } from 'antd';
import { $api, invalidate } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { errorText } from '../../../shared/lib/apiErrors';
import { userRoleText, type OneTimePasswordDto, type UserDto } from '../lib/users';

/** Props of `UserTable`. */
export interface UserTableProps {
  items: UserDto[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number) => void;
  /** Called with the new one-time password after a reset. */
  onPassword: (value: OneTimePasswordDto) => void;
  /** Show the organisation column (staff administrators). */
  showOrganization?: boolean;
}

/** The table. */
export function UserTable({
  items,
  total,
  page,
  pageSize,
  loading,
  onPage,
  onPassword,
  showOrganization,
}: UserTableProps) {
  const { user: me } = useAuth();
  const { message } = AntdApp.useApp();
  const refresh = () => invalidate('/api/v1/users');
  const disable = $api.useMutation('post', '/api/v1/users/{id}/disable', { onSuccess: refresh });
  const enable = $api.useMutation('post', '/api/v1/users/{id}/enable', { onSuccess: refresh });
  const reset = $api.useMutation('post', '/api/v1/users/{id}/reset-password', { onSuccess: refresh });

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
    } catch (err) {
      message.error(errorText(err, '操作失败,请稍后重试'));
    }
  };

  return (
    <Table<UserDto>
      rowKey="id"
      size="middle"
      data-testid="user-table"
      loading={loading}
      dataSource={items}
      locale={{ emptyText: '没有符合条件的账号' }}
      pagination={{
        current: page,
        pageSize,
        total,
        onChange: onPage,
        showSizeChanger: false,
        showTotal: (t) => `共 ${t} 个账号`,
      }}
      columns={[
        { title: '姓名', dataIndex: 'displayName' },
        { title: '用户名', dataIndex: 'username' },
        { title: '角色', key: 'role', render: (_, u) => userRoleText(u) },
        ...(showOrganization
          ? [{ title: '单位', key: 'org', render: (_: unknown, u: UserDto) => u.orgName ?? '—' }]
          : []),
        {
          title: '状态',
          key: 'state',
          render: (_, u) => (
            <Space size={4} wrap>
              {u.disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>}
              {u.mustChangePassword ? <Tag color="orange">待设置密码</Tag> : null}
              {u.orgAdmin ? <Tag>单位首个账号</Tag> : null}
            </Space>
          ),
        },
        {
          title: '操作',
          key: 'actions',
          render: (_, u) =>
            u.id === me?.id ? (
              <span className="muted">本人</span>
            ) : (
              <Space size={4}>
                {u.disabled ? (
                  <Button
                    size="small"
                    data-testid={`enable-${u.username}`}
                    onClick={() =>
                      void run(() => enable.mutateAsync({ params: { path: { id: u.id } } }), `已启用 ${u.displayName}`)
                    }
                  >
                    启用
                  </Button>
                ) : (
                  <Popconfirm
                    title={`停用 ${u.displayName} 的账号?`}
                    description="停用后该账号立即退出所有登录,且不能再登录。"
                    okText="停用"
                    cancelText="取消"
                    okButtonProps={{
                      danger: true,
                      ...({ 'data-testid': 'confirm-disable' } as Record<string, string>),
                    }}
                    onConfirm={() =>
                      run(() => disable.mutateAsync({ params: { path: { id: u.id } } }), `已停用 ${u.displayName}`)
                    }
                  >
                    <Button size="small" danger data-testid={`disable-${u.username}`}>
                      停用
                    </Button>
                  </Popconfirm>
                )}
                <Popconfirm
                  title={`重置 ${u.displayName} 的密码?`}
                  description="原密码立即失效,该账号退出所有登录;将生成一次性密码,对方首次登录后须重新设置。"
                  okText="重置"
                  cancelText="取消"
                  okButtonProps={{ ...({ 'data-testid': 'confirm-reset' } as Record<string, string>) }}
                  onConfirm={async () => {
                    try {
                      onPassword(await reset.mutateAsync({ params: { path: { id: u.id } } }));
                    } catch (err) {
                      message.error(errorText(err, '重置失败,请稍后重试'));
                    }
                  }}
                >
                  <Button size="small" data-testid={`reset-${u.username}`}>
                    重置密码
                  </Button>
                </Popconfirm>
              </Space>
            ),
        },
      ]}
    />
  );
}
