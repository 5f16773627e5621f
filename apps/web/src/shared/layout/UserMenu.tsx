/**
 * Header navigation: 登录 / 单位注册 for visitors; when signed in the notification bell and the user menu (who is
 * signed in, 我的单位, 修改密码, 退出登录). The pages are reached from the side menu of the signed-in layout
 * (`menu.tsx`), one entry per page.
 */
import { BankOutlined, DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntdApp, Avatar, Dropdown, type MenuProps } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { loginPath } from '../../auth/AuthContext';
import { roleLabel, useAuth } from '../../auth/useAuth';
import { NotificationBell } from './NotificationBell';

/** The right-hand side of the site header. */
export function HeaderNav() {
  const { status, user, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();

  if (status === 'loading') return <nav className="header-nav" aria-label="用户" />;

  if (!user) {
    const here = `${location.pathname}${location.search}`;
    const onAuthPage = location.pathname === '/login' || location.pathname === '/register';
    return (
      <nav className="header-nav" aria-label="用户">
        <Link to={onAuthPage ? '/login' : loginPath(here)} className="header-link" data-testid="header-login">
          登录
        </Link>
        <Link to="/register" className="header-link header-link-outline" data-testid="header-register">
          单位注册
        </Link>
      </nav>
    );
  }

  // The pages are in the side menu (`menu.tsx`); this menu holds the account: who, 我的单位, 修改密码, 退出登录.
  const items: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <span className="user-menu-who">
          {user.username} · {roleLabel(user)}
        </span>
      ),
    },
    { type: 'divider' },
    ...(user.orgId ? [{ key: 'org', icon: <BankOutlined />, label: '我的单位' }] : []),
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'org' && user.orgId) void navigate(`/organizations/${encodeURIComponent(user.orgId)}`);
    else if (key === 'password') void navigate('/account/password');
    else if (key === 'logout') {
      // The server revokes the session (its tokens stop working at once), then the app forgets them.
      void logout().then(() => {
        message.success('已退出登录');
        void navigate('/');
      });
    }
  };

  return (
    <nav className="header-nav" aria-label="用户">
      <NotificationBell />
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <button type="button" className="user-menu-trigger" data-testid="user-menu">
          <Avatar size="small" icon={<UserOutlined />} className="user-menu-avatar" />
          <span className="user-menu-text">
            <span className="user-menu-name" data-testid="user-display-name">
              {user.displayName}
            </span>
            <span className="user-menu-role" data-testid="user-role">
              {roleLabel(user)}
            </span>
          </span>
          <DownOutlined className="user-menu-caret" />
        </button>
      </Dropdown>
    </nav>
  );
}
