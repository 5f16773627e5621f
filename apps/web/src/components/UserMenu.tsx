/** Header navigation: 登录 / 单位注册 for visitors; 单位管理 (staff) and the user menu when signed in. */
import { BankOutlined, DownOutlined, LogoutOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntdApp, Avatar, Dropdown, type MenuProps } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { loginPath } from '../auth/AuthContext';
import { isStaff, roleLabel, useAuth } from '../auth/useAuth';

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
    ...(isStaff(user) ? [{ key: 'staff', icon: <TeamOutlined />, label: '单位管理' }] : []),
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'org' && user.orgId) navigate(`/organizations/${encodeURIComponent(user.orgId)}`);
    else if (key === 'staff') navigate('/staff/organizations');
    else if (key === 'logout') {
      logout();
      message.success('已退出登录');
      navigate('/');
    }
  };

  return (
    <nav className="header-nav" aria-label="用户">
      {isStaff(user) ? (
        <Link to="/staff/organizations" className="header-link" data-testid="header-staff-link">
          <TeamOutlined /> 单位管理
        </Link>
      ) : null}
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
