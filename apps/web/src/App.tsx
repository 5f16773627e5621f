/** Routes of the web front end; the board and listing pages stay public. */
import { Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth, RequireRole, RequireStaff } from './auth/guards';
import { isExpert, isOrgUser } from './auth/useAuth';
import { AppLayout } from './shared/layout/AppLayout';
import { BoardPage } from './features/board/pages/BoardPage';
import { DealPage } from './features/deals/pages/DealPage';
import { DealsPage } from './features/deals/pages/DealsPage';
import { ExpertPage } from './features/applications/pages/ExpertPage';
import { ListingDetailPage } from './features/listings/pages/ListingDetailPage';
import { ChangePasswordPage } from './features/account/pages/ChangePasswordPage';
import { LoginPage } from './features/account/pages/LoginPage';
import { NegotiationPage } from './features/negotiations/pages/NegotiationPage';
import { NegotiationsPage } from './features/negotiations/pages/NegotiationsPage';
import { NoticesPage } from './features/listings/pages/NoticesPage';
import { NotFoundPage } from './shared/pages/NotFoundPage';
import { OrganizationPage } from './features/organisations/pages/OrganizationPage';
import { RegisterPage } from './features/account/pages/RegisterPage';
import { StaffDealsPage } from './features/staff/pages/StaffDealsPage';
import { StaffOrganizationsPage } from './features/staff/pages/StaffOrganizationsPage';
import { StaffListingEditPage, StaffPipelinePage } from './features/staff/pages/StaffPipelinePage';
import { WorkspacePage } from './features/workspace/pages/WorkspacePage';

/**
 * The app's route table: board, listing detail, login, registration, 揭榜公示 (public); organisation profile,
 * 洽谈 list and 洽谈室, 我的项目 and the deal page (signed in); 工作台 (institute / enterprise users); staff consoles
 * including 项目管理 (staff); 专家评审 (experts); and a 404 fallback.
 */
export function App() {
  return (
    <AuthProvider>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<BoardPage />} />
          <Route path="listings/:id" element={<ListingDetailPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="notices" element={<NoticesPage />} />
          <Route element={<RequireAuth />}>
            <Route path="organizations/:id" element={<OrganizationPage />} />
            <Route path="negotiations" element={<NegotiationsPage />} />
            <Route path="negotiations/:id" element={<NegotiationPage />} />
            <Route path="deals" element={<DealsPage />} />
            <Route path="deals/:id" element={<DealPage />} />
            <Route path="account/password" element={<ChangePasswordPage />} />
          </Route>
          <Route
            element={<RequireRole allow={isOrgUser} description="工作台仅限高校、科研机构和企业的单位用户使用。" />}
          >
            {/* One route, so that the form's draft moving from …/new to …/:id/edit does not remount it. */}
            <Route path="workspace/*" element={<WorkspacePage />} />
          </Route>
          <Route element={<RequireStaff />}>
            <Route path="staff/organizations" element={<StaffOrganizationsPage />} />
            <Route path="staff/pipeline" element={<StaffPipelinePage />} />
            <Route path="staff/pipeline/listings/:id/edit" element={<StaffListingEditPage />} />
            <Route path="staff/deals" element={<StaffDealsPage />} />
          </Route>
          <Route element={<RequireRole allow={isExpert} description="此页面仅限评审专家访问。" />}>
            <Route path="expert" element={<ExpertPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}
