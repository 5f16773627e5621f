/**
 * Route guards: sign-in required (redirect to `/login?next=…`), staff only, or any role test (无权访问
 * otherwise). An account that still has a one-time password is sent to 修改密码 first (the API refuses everything
 * else with 403 `PASSWORD_CHANGE_REQUIRED` until then).
 */
import type { CurrentUser } from '@jiebang/contracts';
import { Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Forbidden } from '../shared/components/Forbidden';
import { loginPath } from './AuthContext';
import { isStaff, useAuth } from './useAuth';

/** Spinner while the session loads. */
function SessionLoading() {
  return (
    <div className="session-loading" data-testid="session-loading">
      <Spin size="large" />
      <div className="muted">正在验证登录状态…</div>
    </div>
  );
}

/** The 修改密码 page. */
const CHANGE_PASSWORD_PATH = '/account/password';

/** Where a signed-in user who must replace a one-time password is sent (`undefined` when they need not). */
function passwordChangeTarget(user: CurrentUser | null, here: string, pathname: string): string | undefined {
  if (!user?.mustChangePassword || pathname === CHANGE_PASSWORD_PATH) return undefined;
  return `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(here)}`;
}

/** Renders the child routes for a signed-in user; sends anyone else to the login page. */
export function RequireAuth() {
  const { status, user } = useAuth();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  if (status === 'loading') return <SessionLoading />;
  if (status === 'anonymous') return <Navigate to={loginPath(here)} replace />;
  const change = passwordChangeTarget(user, here, location.pathname);
  if (change) return <Navigate to={change} replace />;
  return <Outlet />;
}

/** Renders the child routes for staff; others see 无权访问, the signed-out are sent to the login page. */
export function RequireStaff() {
  const { status, user } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <SessionLoading />;
  if (status === 'anonymous') {
    return <Navigate to={loginPath(`${location.pathname}${location.search}`)} replace />;
  }
  const change = passwordChangeTarget(user, `${location.pathname}${location.search}`, location.pathname);
  if (change) return <Navigate to={change} replace />;
  if (!isStaff(user)) return <Forbidden description="此页面仅限科技厅工作人员访问。" />;
  return <Outlet />;
}

/** Props of `RequireRole`. */
export interface RequireRoleProps {
  /** Whether the signed-in user may see the child routes. */
  allow: (user: CurrentUser | null) => boolean;
  /** Text of the 无权访问 result for everyone else. */
  description: string;
}

/** Renders the child routes for a signed-in user passing `allow`; the signed-out are sent to the login page. */
export function RequireRole({ allow, description }: RequireRoleProps) {
  const { status, user } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <SessionLoading />;
  if (status === 'anonymous') {
    return <Navigate to={loginPath(`${location.pathname}${location.search}`)} replace />;
  }
  const change = passwordChangeTarget(user, `${location.pathname}${location.search}`, location.pathname);
  if (change) return <Navigate to={change} replace />;
  if (!allow(user)) return <Forbidden description={description} />;
  return <Outlet />;
}
