/**
 * Page frame. Visitors: government header (揭榜公示, 登录 / 单位注册), centred content (`<Outlet />`, behind a spinner
 * while a lazily loaded page arrives) and footer. Signed-in users: the side-menu frame of `SignedInLayout` (menu,
 * breadcrumbs; issue 14 item 1) with the same header.
 */
import { ProjectOutlined, SoundOutlined } from '@ant-design/icons';
import { Layout } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router-dom';
import { isOrgUser, isStaff, useAuth } from '../../auth/useAuth';
import { PageSpinner } from '../components/PageSpinner';
import { SignedInLayout } from './SignedInLayout';
import { HeaderNav } from './UserMenu';

/** The site header text. */
export const SITE_HEADER = '内蒙古自治区科技厅 · 揭榜挂帅 科技成果转化平台';

/** The deal links of the header: 公示 for everyone, 项目管理 for staff, 我的项目 for organisation users. */
export function DealNav() {
  const { status, user } = useAuth();
  return (
    <nav className="header-nav header-deal-nav" aria-label="揭榜项目">
      <Link to="/notices" className="header-link" data-testid="header-notices-link">
        <SoundOutlined /> 公示
      </Link>
      {status !== 'loading' && isStaff(user) ? (
        <Link to="/staff/deals" className="header-link" data-testid="header-staff-deals-link">
          <ProjectOutlined /> 项目管理
        </Link>
      ) : null}
      {status !== 'loading' && isOrgUser(user) ? (
        <Link to="/deals" className="header-link" data-testid="header-deals-link">
          <ProjectOutlined /> 我的项目
        </Link>
      ) : null}
    </nav>
  );
}

/** The site name in the header, a link to the board. */
function SiteTitle() {
  return (
    <Link to="/" className="app-header-title" data-testid="site-header" aria-label={SITE_HEADER}>
      <span className="app-header-emblem" aria-hidden="true">
        榜
      </span>
      <span className="app-header-text">{SITE_HEADER}</span>
    </Link>
  );
}

/** Layout shared by every page: the side-menu frame for a signed-in user, the top header for visitors. */
export function AppLayout() {
  const { status, user } = useAuth();
  if (status === 'authenticated' && user)
    return <SignedInLayout user={user} title={<SiteTitle />} dealNav={<DealNav />} />;
  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <SiteTitle />
        <DealNav />
        <HeaderNav />
      </Layout.Header>
      <Layout.Content className="app-content">
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <Layout.Footer className="app-footer">
        <div>内蒙古自治区科学技术厅 · 揭榜挂帅 科技成果转化平台</div>
        <div className="app-footer-note">榜单信息以发榜单位及主管部门公开发布的原文为准。</div>
      </Layout.Footer>
    </Layout>
  );
}
