/**
 * The signed-in frame in the Ant Design Pro manner (issue 14 item 1; @ant-design/pro-components does not support
 * antd 6, so it is built from antd's `Layout`, `Layout.Sider`, `Menu`, `Drawer` and `Breadcrumb`): the government
 * header (menu button on phones, site name, the deal links, notification bell and user menu), a collapsible side
 * menu from `menu.tsx` (on screens narrower than 768 px a drawer opened by the menu button), breadcrumbs from the
 * same table, the page and the footer. The header fits a 390 px phone (issue 16 item 21): on phones the site name
 * shows its emblem only, the deal links live in the menu and the user menu shows its avatar.
 */
import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import type { CurrentUser } from '@jiebang/contracts';
import { Breadcrumb, Button, Drawer, Grid, Layout, Menu, type MenuProps } from 'antd';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { PageSpinner } from '../components/PageSpinner';
import { breadcrumbFor, menuFor, openGroupKeys, selectedMenuKey, type MenuEntry, type MenuGroup } from './menu';
import { HeaderNav } from './UserMenu';
import './layout.css';

/** `data-testid` of a menu entry's link: `side-menu-` + its path in words (`/staff/stats` → `side-menu-staff-stats`). */
export function menuTestId(path: string): string {
  return `side-menu-${path === '/' ? 'board' : path.slice(1).replace(/\//g, '-')}`;
}

function entryItem(e: MenuEntry, onNavigate?: () => void): NonNullable<MenuProps['items']>[number] {
  return {
    key: e.path,
    icon: e.icon,
    label: (
      <Link to={e.path} data-testid={menuTestId(e.path)} onClick={onNavigate}>
        {e.label}
      </Link>
    ),
  };
}

/** The side menu of `user` (entries filtered by `menuFor`), highlighting the page at `pathname`. */
export function SideMenu({
  user,
  pathname,
  collapsed = false,
  onNavigate,
}: {
  user: CurrentUser;
  pathname: string;
  collapsed?: boolean;
  onNavigate?: () => void;
}) {
  const items = useMemo<MenuProps['items']>(
    () =>
      menuFor(user).map((item) =>
        'entries' in item
          ? {
              key: (item as MenuGroup).key,
              icon: item.icon,
              label: item.label,
              children: (item as MenuGroup).entries.map((e) => entryItem(e, onNavigate)),
            }
          : entryItem(item, onNavigate),
      ),
    [user, onNavigate],
  );
  const selected = selectedMenuKey(pathname);
  const [open, setOpen] = useState<string[]>(() => ['staff', ...openGroupKeys(pathname)]);
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      {...(collapsed ? {} : { openKeys: open, onOpenChange: setOpen })}
      className="side-menu"
      data-testid="side-menu"
    />
  );
}

/** The breadcrumbs of the current page (`breadcrumbFor`). */
export function PageBreadcrumb({ user, pathname }: { user: CurrentUser; pathname: string }) {
  const items = breadcrumbFor(pathname, user).map((c) => ({
    title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title,
  }));
  return <Breadcrumb className="page-breadcrumb" items={items} data-testid="breadcrumbs" />;
}

/** The signed-in frame around `<Outlet />`; `title` is the site header link, `dealNav` the header's deal links. */
export function SignedInLayout({ user, title, dealNav }: { user: CurrentUser; title: ReactNode; dealNav: ReactNode }) {
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  // Until the first measurement `md` is undefined: a desktop is assumed (the common case for staff).
  const phone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const closeDrawer = useMemo(() => () => setDrawerOpen(false), []);

  return (
    <Layout className={`app-layout signed-in-layout${phone ? ' is-phone' : ''}`}>
      <Layout.Header className="app-header">
        {phone ? (
          <Button
            type="text"
            className="side-menu-toggle"
            icon={<MenuOutlined />}
            aria-label="打开菜单"
            data-testid="side-menu-toggle"
            onClick={() => setDrawerOpen(true)}
          />
        ) : null}
        {title}
        {phone ? null : dealNav}
        <HeaderNav />
      </Layout.Header>
      <Layout hasSider={!phone}>
        {phone ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={closeDrawer}
            size={260}
            title="菜单"
            className="side-menu-drawer"
            data-testid="side-menu-drawer"
          >
            <SideMenu user={user} pathname={pathname} onNavigate={closeDrawer} />
          </Drawer>
        ) : (
          <Layout.Sider
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            theme="light"
            width={208}
            className="side-menu-sider"
            trigger={
              <span data-testid="side-menu-collapse" aria-label={collapsed ? '展开菜单' : '收起菜单'}>
                {collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              </span>
            }
          >
            <SideMenu user={user} pathname={pathname} collapsed={collapsed} />
          </Layout.Sider>
        )}
        <Layout className="signed-in-main">
          <Layout.Content className="app-content signed-in-content">
            <PageBreadcrumb user={user} pathname={pathname} />
            <Suspense fallback={<PageSpinner />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
          <Layout.Footer className="app-footer">
            <div>内蒙古自治区科学技术厅 · 揭榜挂帅 科技成果转化平台</div>
            <div className="app-footer-note">榜单信息以发榜单位及主管部门公开发布的原文为准。</div>
          </Layout.Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
