/**
 * Header navigation: 登录 / 单位注册 for visitors; when signed in the notification bell and the user menu (工作台 for
 * institute / enterprise users, 需求论证, 洽谈, 单位管理 and 专家库 for staff, 专家评审 and 我的评审邀请 for experts,
 * 本单位账号 for an organisation's first user, 辖区记录 for recommenders). Every page is in the side menu of the
 * signed-in layout (`menu.tsx`); 账号管理 only there (one menu item of that name on the page).
 *
 * The user menu's popup is rendered inside the header (`headerPopupContainer`), not at the end of `<body>`: the
 * header is sticky, so with the page scrolled a body-level popup is placed for one scroll offset and drifts away
 * from its trigger whenever the document scrolls while it is open (a focus given back by a closing dialog, a
 * scroll restored after a resize) until antd realigns it. A click aimed at 退出登录 in that moment pressed on the
 * item and was released 10 ms later on 我的单位, so the browser clicked the list, not an item: no logout (seen in a
 * browser probe after scrolling to the page's end and a full-page screenshot; the lost logout clicks of the
 * browser tests). Inside the header the popup moves with its trigger. Items and click handler are memoised per user, so
 * a re-render of the header does not rebuild the open menu under the pointer.
 */
import {
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  MessageOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App as AntdApp, Avatar, Dropdown, type MenuProps } from 'antd';
import { can, Capability, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { useCallback, useMemo } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { loginPath } from '../../auth/AuthContext';
import { isExpert, isOrgUser, isStaff, roleLabel, useAuth } from '../../auth/useAuth';
import { NotificationBell } from './NotificationBell';

/** The right-hand side of the site header. */
export function HeaderNav() {
  const { status, user, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = AntdApp.useApp();
  const items = useMemo(() => (user ? userMenuItems(user) : []), [user]);
  const onClick = useCallback<NonNullable<MenuProps['onClick']>>(
    ({ key }) => {
      if (!user) return;
      const to =
        MENU_PATHS.get(key) ??
        (key === 'org' && user.orgId ? `/organizations/${encodeURIComponent(user.orgId)}` : null);
      if (to) void navigate(to);
      else if (key === 'logout') {
        // The server revokes the session (its tokens stop working at once), then the app forgets them.
        void logout().then(() => {
          message.success('已退出登录');
          void navigate('/');
        });
      }
    },
    [user, navigate, logout, message],
  );

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

  return (
    <nav className="header-nav" aria-label="用户">
      <NotificationBell />
      <Dropdown
        menu={{ items, onClick }}
        trigger={['click']}
        placement="bottomRight"
        getPopupContainer={headerPopupContainer}
      >
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

/** Where each user-menu item leads (`org` and `logout` are handled apart). */
const MENU_PATHS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    staff: '/staff/organizations',
    pipeline: '/staff/pipeline',
    negotiations: '/negotiations',
    workspace: '/workspace',
    expert: '/expert',
    password: '/account/password',
    colleagues: '/account/colleagues',
    authority: '/authority',
    experts: '/staff/experts',
    invitations: '/expert/invitations',
  }),
);

/** The user menu's popup container: the header navigation around the trigger (sticky with the header). */
function headerPopupContainer(trigger: HTMLElement): HTMLElement {
  return trigger.parentElement ?? document.body;
}

/** The user menu of `user`: who is signed in, its pages by role, 修改密码 and 退出登录 (keys of `MENU_PATHS`). */
function userMenuItems(user: CurrentUser): NonNullable<MenuProps['items']> {
  // A recommender (推荐部门) reads its authority's records only; the staff consoles are not for it.
  const recommender = user.staffRoles.includes(StaffRole.Recommender);
  const staff = isStaff(user) && !recommender;
  return [
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
    ...(user.orgAdmin ? [{ key: 'colleagues', icon: <TeamOutlined />, label: '本单位账号' }] : []),
    ...(isOrgUser(user) ? [{ key: 'workspace', icon: <AppstoreOutlined />, label: '工作台' }] : []),
    ...(can(user, Capability.ViewAuthorityRecords)
      ? [{ key: 'authority', icon: <TeamOutlined />, label: '辖区记录' }]
      : []),
    ...(staff
      ? [
          { key: 'pipeline', icon: <AuditOutlined />, label: '需求论证与评审' },
          { key: 'negotiations', icon: <MessageOutlined />, label: '洽谈' },
          { key: 'staff', icon: <TeamOutlined />, label: '单位管理' },
          { key: 'experts', icon: <SolutionOutlined />, label: '专家库' },
        ]
      : []),
    ...(isExpert(user)
      ? [
          { key: 'expert', icon: <SolutionOutlined />, label: '专家评审' },
          { key: 'invitations', icon: <SolutionOutlined />, label: '我的评审邀请' },
        ]
      : []),
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
  ];
}
