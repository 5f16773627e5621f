/**
 * Page frame: government header (the deal links 揭榜公示 / 项目管理 / 我的项目, then the user menu), centred content
 * (`<Outlet />`, behind a spinner while a lazily loaded page arrives) and footer.
 */
import { ProjectOutlined, SoundOutlined } from '@ant-design/icons';
import { Layout } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router-dom';
import { isOrgUser, isStaff, useAuth } from '../../auth/useAuth';
import { PageSpinner } from '../components/PageSpinner';
import { HeaderNav } from './UserMenu';

/** The site header text. */
export const SITE_HEADER = '内蒙古自治区科技厅 · 揭榜挂帅 科技成果转化平台';

/** The deal links of the header: 公示 for everyone, 项目管理 for staff, 我的项目 for organisation users. */
export function DealNav() {
  const { status, user } = useAuth();
  return (
    <nav className="header-nav" aria-label="揭榜项目">
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

/** Layout shared by every page. */
export function AppLayout() {
  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to="/" className="app-header-title" data-testid="site-header">
          <span className="app-header-emblem" aria-hidden="true">
            榜
          </span>
          <span className="app-header-text">{SITE_HEADER}</span>
        </Link>
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
