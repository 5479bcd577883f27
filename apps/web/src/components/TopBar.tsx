import { useState } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { useCurrentUser, useSession } from '../auth/SessionContext.tsx';
import { canEdit, canReview, ROLE_LABELS } from '../roles.ts';
import { useReviewQueueCount } from '../review/reviewQueueCount.ts';
import { NotificationBell } from './NotificationBell.tsx';
import { ModerationLink } from './ModerationLink.tsx';

/** Logo, navigation, the signed-in user and "Sign out". */
export function TopBar() {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const location = useLocation();
  const reviewer = canReview(user.role);
  const queueCount = useReviewQueueCount(reviewer ? user.id : null, location.pathname);

  const onSignOut = () => {
    setSigningOut(true);
    signOut().then(
      () => navigate('/login', { replace: true }),
      () => setSigningOut(false),
    );
  };

  return (
    <header className="topbar">
      <div className="topbar__inner">
        <Link to="/" className="topbar__logo" aria-label="Rounds home">
          <span className="topbar__mark" aria-hidden="true" />
          <span className="topbar__wordmark">Rounds</span>
        </Link>
        <nav className="topbar__nav" aria-label="Main">
          <NavLink to="/" end>
            Pages
          </NavLink>
          {reviewer && (
            <NavLink
              to="/review"
              aria-label={queueCount ? `Review, ${queueCount} waiting` : 'Review'}
              className="topbar__review"
            >
              Review
              {queueCount ? (
                <span className="nav-count" aria-hidden="true">
                  {queueCount}
                </span>
              ) : null}
            </NavLink>
          )}
          {reviewer && <ModerationLink userId={user.id} />}
          {user.role === 'admin' && <NavLink to="/admin/users">Users</NavLink>}
          {user.role === 'admin' && <NavLink to="/admin/collections">Collections</NavLink>}
          {user.role === 'admin' && <NavLink to="/admin/guidelines">Guidelines</NavLink>}
          {user.role === 'admin' && <NavLink to="/admin/audit">Audit</NavLink>}
        </nav>
        <div className="topbar__user">
          {canEdit(user.role) && <NotificationBell userId={user.id} />}
          <Link to="/account" className="topbar__name" title="Your account: change your password">
            {user.name}
          </Link>
          <span className="role-tag">{ROLE_LABELS[user.role]}</span>
          <button type="button" className="button button--ghost" onClick={onSignOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
