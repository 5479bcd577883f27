import type { WebsocketProvider } from 'y-websocket';
import { usePresence } from './usePresence.ts';
import { initials } from './userColor.ts';

/** Avatars of the people on this page right now. */
export function PresenceList({ provider }: { provider: WebsocketProvider }) {
  const users = usePresence(provider);
  if (users.length === 0) return null;
  return (
    <ul className="presence" aria-label="People on this page">
      {users.map((user) => (
        <li key={user.key} className="presence__user" title={user.isSelf ? `${user.name} (you)` : user.name}>
          <span className="presence__avatar" style={{ backgroundColor: user.color }} aria-hidden="true">
            {initials(user.name)}
          </span>
          <span className="presence__name">
            {user.name}
            {user.isSelf && <span className="presence__you"> (you)</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
