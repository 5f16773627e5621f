/** Routes of the web front end; the board and listing pages stay public. */
import { Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth, RequireStaff } from './auth/guards';
import { AppLayout } from './components/AppLayout';
import { BoardPage } from './pages/BoardPage';
import { ListingDetailPage } from './pages/ListingDetailPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrganizationPage } from './pages/OrganizationPage';
import { RegisterPage } from './pages/RegisterPage';
import { StaffOrganizationsPage } from './pages/StaffOrganizationsPage';

/**
 * The app's route table: board, listing detail, login, registration (public); organisation profile (signed
 * in); staff console (staff); and a 404 fallback.
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
          <Route element={<RequireAuth />}>
            <Route path="organizations/:id" element={<OrganizationPage />} />
          </Route>
          <Route element={<RequireStaff />}>
            <Route path="staff/organizations" element={<StaffOrganizationsPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}
