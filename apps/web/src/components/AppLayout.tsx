/** Page frame: government header (with the user menu), centred content (`<Outlet />`) and footer. */
import { Layout } from 'antd';
import { Link, Outlet } from 'react-router-dom';
import { HeaderNav } from './UserMenu';

/** The site header text. */
export const SITE_HEADER = '内蒙古自治区科技厅 · 揭榜挂帅 科技成果转化平台';

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
        <HeaderNav />
      </Layout.Header>
      <Layout.Content className="app-content">
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="app-footer">
        <div>内蒙古自治区科学技术厅 · 揭榜挂帅 科技成果转化平台</div>
        <div className="app-footer-note">榜单信息以发榜单位及主管部门公开发布的原文为准。</div>
      </Layout.Footer>
    </Layout>
  );
}
