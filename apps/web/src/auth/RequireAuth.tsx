import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '@rounds/shared';
import { useSession } from './SessionContext.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { ForbiddenNote } from '../components/ForbiddenNote.tsx';

interface RequireAuthProps {
  children: ReactNode;
  /** When given, only these roles may see the screen. */
  roles?: readonly Role[];
}

/**
 * Renders its children for a signed-in user; sends everyone else to `/login?next=<here>`. A session
 * that ended while the screen was open keeps the screen (the layout says so and links to sign-in),
 * so an open editor keeps its unsent edits.
 */
export function RequireAuth({ children, roles }: RequireAuthProps) {
  const { session } = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <LoadingNote />;
  if (session.status === 'signed-out') {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (roles && !roles.includes(session.user.role)) return <ForbiddenNote />;
  return children;
}
