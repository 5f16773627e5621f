/**
 * 本单位账号 (`/account/colleagues`): an organisation's first user invites colleagues (each gets a one-time
 * password, shown once), disables and enables them and resets their passwords. Other users see why they may not.
 */
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import { useState } from 'react';
import { $api } from '../../../api/query';
import { useAuth } from '../../../auth/useAuth';
import { ApiErrorView, Forbidden } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { CreateUserModal } from '../components/CreateUserModal';
import { OneTimePasswordModal } from '../components/OneTimePasswordModal';
import { UserTable } from '../components/UserTable';
import type { OneTimePasswordDto } from '../lib/users';

/** Rows per page. */
const PAGE_SIZE = 20;

/** The page. */
export function ColleaguesPage() {
  useDocumentTitle('本单位账号');
  const { user } = useAuth();
  const [page, setPage] = useState(1);
  const [inviting, setInviting] = useState(false);
  const [shown, setShown] = useState<{ value: OneTimePasswordDto; title: string } | null>(null);
  const allowed = !!user?.orgAdmin;
  const list = $api.useQuery(
    'get',
    '/api/v1/users',
    { params: { query: { page, pageSize: PAGE_SIZE } } },
    { enabled: allowed, placeholderData: (p) => p },
  );
  if (!allowed) return <Forbidden description="只有本单位的首个账号可以管理同事的账号,请联系该账号的持有人。" />;

  return (
    <Card
      className="staff-card"
      data-testid="colleagues-page"
      title={
        <span>
          <TeamOutlined /> 本单位账号
        </span>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setInviting(true)} data-testid="invite-colleague">
          邀请同事
        </Button>
      }
    >
      <p className="muted">同事的账号与您的单位和角色相同;停用后对方立即退出登录。</p>
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="账号列表加载失败" />
      ) : (
        <UserTable
          items={list.data?.items ?? []}
          total={list.data?.total ?? 0}
          page={page}
          pageSize={PAGE_SIZE}
          loading={list.isFetching}
          onPage={setPage}
          onPassword={(value) => setShown({ value, title: '密码已重置' })}
        />
      )}
      <CreateUserModal
        open={inviting}
        mode="org"
        onClose={() => setInviting(false)}
        onCreated={(value) => {
          setInviting(false);
          setShown({ value, title: '同事账号已创建' });
        }}
      />
      <OneTimePasswordModal value={shown?.value ?? null} title={shown?.title ?? ''} onClose={() => setShown(null)} />
    </Card>
  );
}
