/**
 * Routes of the web front end; the board and listing pages stay public. Every page is loaded on demand, one chunk
 * per feature (`React.lazy` over `features/<feature>/pages/*`), behind a `Suspense` spinner, so the first paint
 * of the board does not wait for the deal, negotiation or staff code. The layout keeps its header while a page
 * loads (its own `Suspense` around the outlet); this outer one only covers the very first chunk.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { Route, Routes } from 'react-router-dom';
import { useLiveUpdates } from './api/live';
import { useCalendarSync } from './features/calendar/lib/calendar';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth, RequireRole, RequireStaff } from './auth/guards';
import { isExpert, isOrgUser, useAuth } from './auth/useAuth';
import { AppLayout } from './shared/layout/AppLayout';
import { PageSpinner } from './shared/components/PageSpinner';
import { NotFoundPage } from './shared/pages/NotFoundPage';

/** A named page export as a lazily loaded component (`React.lazy` wants a default export). */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const BoardPage = page(() => import('./features/board/pages/BoardPage'), 'BoardPage');
const ListingDetailPage = page(() => import('./features/listings/pages/ListingDetailPage'), 'ListingDetailPage');
const NoticesPage = page(() => import('./features/listings/pages/NoticesPage'), 'NoticesPage');
const WorkbenchPage = page(() => import('./features/workbench/pages/WorkbenchPage'), 'WorkbenchPage');
const ResultsPage = page(() => import('./features/board/pages/ResultsPage'), 'ResultsPage');
const CarrierRegistryPage = page(() => import('./features/carriers/pages/CarrierRegistryPage'), 'CarrierRegistryPage');
const CarrierDetailPage = page(() => import('./features/carriers/pages/CarrierDetailPage'), 'CarrierDetailPage');
const CarrierNoticesPage = page(() => import('./features/carriers/pages/CarrierNoticesPage'), 'CarrierNoticesPage');
const CarrierSupportPreviewPage = page(
  () => import('./features/carriers/pages/CarrierSupportPreviewPage'),
  'CarrierSupportPreviewPage',
);
const CarrierApplicationsPage = page(
  () => import('./features/carriers/pages/CarrierApplicationsPage'),
  'CarrierApplicationsPage',
);
const CarrierApplicationPage = page(
  () => import('./features/carriers/pages/CarrierApplicationPage'),
  'CarrierApplicationPage',
);
const StaffCarriersPage = page(() => import('./features/carriers/pages/StaffCarriersPage'), 'StaffCarriersPage');
const StaffCarrierRoundsPage = page(
  () => import('./features/carriers/pages/StaffCarrierRoundsPage'),
  'StaffCarrierRoundsPage',
);
const LoginPage = page(() => import('./features/account/pages/LoginPage'), 'LoginPage');
const RegisterPage = page(() => import('./features/account/pages/RegisterPage'), 'RegisterPage');
const ChangePasswordPage = page(() => import('./features/account/pages/ChangePasswordPage'), 'ChangePasswordPage');
const NotificationSettingsPage = page(
  () => import('./features/account/pages/NotificationSettingsPage'),
  'NotificationSettingsPage',
);
const OrganizationPage = page(() => import('./features/organisations/pages/OrganizationPage'), 'OrganizationPage');
const NegotiationsPage = page(() => import('./features/negotiations/pages/NegotiationsPage'), 'NegotiationsPage');
const NegotiationPage = page(() => import('./features/negotiations/pages/NegotiationPage'), 'NegotiationPage');
const DealsPage = page(() => import('./features/deals/pages/DealsPage'), 'DealsPage');
const DealPage = page(() => import('./features/deals/pages/DealPage'), 'DealPage');
const WorkspacePage = page(() => import('./features/workspace/pages/WorkspacePage'), 'WorkspacePage');
const ExpertPage = page(() => import('./features/applications/pages/ExpertPage'), 'ExpertPage');
const StaffOrganizationsPage = page(
  () => import('./features/staff/pages/StaffOrganizationsPage'),
  'StaffOrganizationsPage',
);
const StaffPipelinePage = page(() => import('./features/staff/pages/StaffPipelinePage'), 'StaffPipelinePage');
const StaffListingEditPage = page(() => import('./features/staff/pages/StaffPipelinePage'), 'StaffListingEditPage');
const StaffDealsPage = page(() => import('./features/staff/pages/StaffDealsPage'), 'StaffDealsPage');
const StatsPage = page(() => import('./features/stats/pages/StatsPage'), 'StatsPage');
const UsersPage = page(() => import('./features/users/pages/UsersPage'), 'UsersPage');
const AuthorityPage = page(() => import('./features/users/pages/AuthorityPage'), 'AuthorityPage');
const ColleaguesPage = page(() => import('./features/users/pages/ColleaguesPage'), 'ColleaguesPage');
const ExpertPoolPage = page(() => import('./features/experts/pages/ExpertPoolPage'), 'ExpertPoolPage');
const CalendarPage = page(() => import('./features/calendar/pages/CalendarPage'), 'CalendarPage');
const ExpertInvitationsPage = page(
  () => import('./features/experts/pages/ExpertInvitationsPage'),
  'ExpertInvitationsPage',
);
const CarrierExpertReviewsPage = page(
  () => import('./features/carriers/pages/CarrierExpertReviewPage'),
  'CarrierExpertReviewsPage',
);
const CarrierExpertReviewPage = page(
  () => import('./features/carriers/pages/CarrierExpertReviewPage'),
  'CarrierExpertReviewPage',
);

/** The maintained holiday calendar, loaded into `@jiebang/policy` for working-day counts (issue 14 item 5). */
function CalendarSync() {
  useCalendarSync();
  return null;
}

/** The signed-in user's live-updates socket (`api/live.ts`): queries refresh when a notification arrives. */
function LiveUpdates() {
  const { user } = useAuth();
  useLiveUpdates(user?.id);
  return null;
}

/**
 * The app's route table: board, listing detail, login, registration, 揭榜公示 (public); organisation profile,
 * 洽谈 list and 洽谈室, 我的项目 and the deal page (signed in); 工作台 (institute / enterprise users); staff consoles
 * including 项目管理 (staff); 专家评审 (experts); and a 404 fallback.
 */
export function App() {
  return (
    <AuthProvider>
      <LiveUpdates />
      <CalendarSync />
      <Suspense fallback={<PageSpinner />}>
        <Routes>
          <Route element={<AppLayout />}>
            <Route index element={<BoardPage />} />
            <Route path="listings/:id" element={<ListingDetailPage />} />
            <Route path="login" element={<LoginPage />} />
            <Route path="register" element={<RegisterPage />} />
            <Route path="notices" element={<NoticesPage />} />
            <Route path="carriers" element={<CarrierRegistryPage />} />
            <Route path="carriers/support-preview" element={<CarrierSupportPreviewPage />} />
            <Route path="carriers/notices" element={<CarrierNoticesPage />} />
            <Route path="carriers/:id" element={<CarrierDetailPage />} />
            <Route path="results" element={<ResultsPage />} />
            <Route element={<RequireAuth />}>
              <Route path="workbench" element={<WorkbenchPage />} />
              <Route path="organizations/:id" element={<OrganizationPage />} />
              <Route path="carriers/applications" element={<CarrierApplicationsPage />} />
              <Route path="carriers/applications/:id" element={<CarrierApplicationPage />} />
              <Route path="negotiations" element={<NegotiationsPage />} />
              <Route path="negotiations/:id" element={<NegotiationPage />} />
              <Route path="deals" element={<DealsPage />} />
              <Route path="deals/:id" element={<DealPage />} />
              <Route path="account/password" element={<ChangePasswordPage />} />
              <Route path="account/notifications" element={<NotificationSettingsPage />} />
              <Route path="account/colleagues" element={<ColleaguesPage />} />
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
              <Route path="staff/carriers" element={<StaffCarriersPage />} />
              <Route path="staff/carriers/rounds" element={<StaffCarrierRoundsPage />} />
              <Route path="staff/stats" element={<StatsPage />} />
              <Route path="staff/users" element={<UsersPage />} />
              <Route path="authority" element={<AuthorityPage />} />
              <Route path="staff/experts" element={<ExpertPoolPage />} />
              <Route path="staff/calendar" element={<CalendarPage />} />
            </Route>
            <Route element={<RequireRole allow={isExpert} description="此页面仅限评审专家访问。" />}>
              <Route path="expert" element={<ExpertPage />} />
              <Route path="expert/invitations" element={<ExpertInvitationsPage />} />
              <Route path="expert/carriers" element={<CarrierExpertReviewsPage />} />
              <Route path="expert/carriers/:id" element={<CarrierExpertReviewPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </AuthProvider>
  );
}
