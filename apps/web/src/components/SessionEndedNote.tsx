import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../auth/SessionContext.tsx';

/** The same message on every screen once the session ended elsewhere, with the way back in. */
export const SIGNED_OUT_MESSAGE = 'You were signed out — sign in again to keep editing.';

/** Shown above the screen when this tab's session ended while it was open. */
export function SessionEndedNote() {
  const { session } = useSession();
  const location = useLocation();
  if (session.status !== 'ended') return null;
  const next = `${location.pathname}${location.search}${location.hash}`;
  return (
    <div className="session-ended" role="alert">
      <div>
        <p className="session-ended__text">{SIGNED_OUT_MESSAGE}</p>
        <p className="session-ended__detail">
          Changes that had not reached the server are kept in this browser and sent when you sign in.
        </p>
      </div>
      <Link className="button button--primary" to={`/login?next=${encodeURIComponent(next)}`}>
        Sign in
      </Link>
    </div>
  );
}
