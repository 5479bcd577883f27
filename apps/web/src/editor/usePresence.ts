import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';

/** One person on the page, however many tabs they have open. */
export interface PresentUser {
  key: string;
  name: string;
  color: string;
  isSelf: boolean;
}

interface AwarenessUser {
  id?: unknown;
  name?: unknown;
  color?: unknown;
}

/** People currently on the page, from awareness states (the server writes each `user` from the session). */
export function usePresence(provider: WebsocketProvider): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>(() => readPresence(provider));

  useEffect(() => {
    const update = () => setUsers(readPresence(provider));
    provider.awareness.on('change', update);
    update();
    return () => provider.awareness.off('change', update);
  }, [provider]);

  return users;
}

function readPresence(provider: WebsocketProvider): PresentUser[] {
  const selfId = provider.awareness.clientID;
  const byKey = new Map<string, PresentUser>();
  for (const [clientId, state] of provider.awareness.getStates()) {
    const user = (state as { user?: AwarenessUser }).user;
    if (!user || typeof user.name !== 'string' || !user.name) continue;
    const isSelf = clientId === selfId;
    const key = typeof user.id === 'string' ? `user:${user.id}` : `client:${clientId}`;
    const known = byKey.get(key);
    if (known) {
      // The same person in another tab: one entry, marked as you if any of the tabs is this one.
      known.isSelf ||= isSelf;
      continue;
    }
    byKey.set(key, {
      key,
      name: user.name,
      color: typeof user.color === 'string' ? user.color : '#6b7280',
      isSelf,
    });
  }
  const list = [...byKey.values()];
  // Yourself first, then everyone else alphabetically.
  return list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}
