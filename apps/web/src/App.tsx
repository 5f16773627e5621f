/** Routes of the public web front end. */
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { BoardPage } from './pages/BoardPage';
import { ListingDetailPage } from './pages/ListingDetailPage';
import { NotFoundPage } from './pages/NotFoundPage';

/** The app's route table: board, listing detail, and a 404 fallback. */
export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<BoardPage />} />
        <Route path="listings/:id" element={<ListingDetailPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
