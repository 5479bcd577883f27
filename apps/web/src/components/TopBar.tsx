import { useState } from 'react';
import { Link, NavLink, useNavigate } from 'react-router-dom';
import { useCurrentUser, useSession } from '../auth/SessionContext.tsx';
import { ROLE_LABELS } from '../roles.ts';

/** Logo, navigation, the signed-in user and "Sign out". */
export function TopBar() {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);

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
          Rounds
        </Link>
        <nav className="topbar__nav" aria-label="Main">
          <NavLink to="/" end>
            Pages
          </NavLink>
          {user.role === 'admin' && <NavLink to="/admin/users">Users</NavLink>}
        </nav>
        <div className="topbar__user">
          <span className="topbar__name">{user.name}</span>
          <span className="role-tag">{ROLE_LABELS[user.role]}</span>
          <button type="button" className="button button--ghost" onClick={onSignOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
