import { Route, Routes } from 'react-router-dom';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { SetupScreen } from './screens/SetupScreen.tsx';
import { PagesScreen } from './screens/PagesScreen.tsx';
import { PageScreen } from './screens/PageScreen.tsx';
import { UsersScreen } from './screens/UsersScreen.tsx';
import { CollectionsScreen } from './screens/CollectionsScreen.tsx';
import { HistoryScreen } from './screens/HistoryScreen.tsx';
import { ReviewQueueScreen } from './screens/ReviewQueueScreen.tsx';
import { NotFoundScreen } from './screens/NotFoundScreen.tsx';
import { AccountScreen } from './screens/AccountScreen.tsx';
import { ResetPasswordScreen } from './screens/ResetPasswordScreen.tsx';
import { ModerationScreen } from './screens/ModerationScreen.tsx';
import { MyReportsScreen } from './screens/MyReportsScreen.tsx';
import { GuidelinesAdminScreen } from './screens/GuidelinesAdminScreen.tsx';
import { AuditScreen } from './screens/AuditScreen.tsx';

/** The routes of the web app. Screens behind `RequireAuth` redirect to `/login?next=…`. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginScreen />} />
      <Route path="/setup" element={<SetupScreen />} />
      <Route path="/reset" element={<ResetPasswordScreen />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<PagesScreen />} />
        <Route path="pages/:id" element={<PageScreen />} />
        <Route path="account" element={<AccountScreen />} />
        <Route path="reports/mine" element={<MyReportsScreen />} />
        <Route
          path="moderation"
          element={
            <RequireAuth roles={['faculty', 'admin']}>
              <ModerationScreen />
            </RequireAuth>
          }
        />
        <Route
          path="admin/guidelines"
          element={
            <RequireAuth roles={['admin']}>
              <GuidelinesAdminScreen />
            </RequireAuth>
          }
        />
        <Route
          path="pages/:id/history"
          element={
            <RequireAuth roles={['student', 'faculty', 'admin']}>
              <HistoryScreen />
            </RequireAuth>
          }
        />
        <Route
          path="review"
          element={
            <RequireAuth roles={['faculty', 'admin']}>
              <ReviewQueueScreen />
            </RequireAuth>
          }
        />
        <Route
          path="admin/users"
          element={
            <RequireAuth roles={['admin']}>
              <UsersScreen />
            </RequireAuth>
          }
        />
        <Route
          path="admin/collections"
          element={
            <RequireAuth roles={['admin']}>
              <CollectionsScreen />
            </RequireAuth>
          }
        />
        <Route
          path="admin/audit"
          element={
            <RequireAuth roles={['admin']}>
              <AuditScreen />
            </RequireAuth>
          }
        />
      </Route>
      <Route path="*" element={<NotFoundScreen />} />
    </Routes>
  );
}
