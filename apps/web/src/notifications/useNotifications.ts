import { useCallback, useEffect, useState } from 'react';
import { api, isApiStatus } from '../api.ts';
import type { NotificationView } from './notificationTypes.ts';

const REFRESH_MS = 60_000;

export type NotificationsState =
  | { status: 'loading' }
  /** The server has no notifications endpoint (yet): show nothing. */
  | { status: 'unavailable' }
  | { status: 'ready'; notifications: NotificationView[]; unseen: number };

const seenKey = (userId: string) => `rounds.notificationsSeen.${userId}`;

function readSeen(userId: string): number {
  try {
    return Number(window.localStorage.getItem(seenKey(userId))) || 0;
  } catch {
    return 0;
  }
}

function countUnseen(notifications: NotificationView[], seen: number): number {
  return notifications.filter((n) => Date.parse(n.createdAt) > seen).length;
}

/** The user's notifications, refreshed every minute; `markSeen` clears the unseen count on this device. */
export function useNotifications(userId: string): { state: NotificationsState; markSeen: () => void } {
  const [state, setState] = useState<NotificationsState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    const load = () => {
      api<{ notifications: NotificationView[] }>('/api/notifications', { signal: controller.signal }).then(
        ({ notifications }) =>
          setState({
            status: 'ready',
            notifications,
            unseen: countUnseen(notifications, readSeen(userId)),
          }),
        (err: unknown) => {
          if (controller.signal.aborted) return;
          if (isApiStatus(err, 404)) {
            clearInterval(timer);
            setState({ status: 'unavailable' });
          }
          // Other failures: keep the last list; the next refresh tries again.
        },
      );
    };
    const timer = setInterval(load, REFRESH_MS);
    load();
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [userId]);

  const markSeen = useCallback(() => {
    setState((prev) => {
      if (prev.status !== 'ready') return prev;
      const newest = Math.max(0, ...prev.notifications.map((n) => Date.parse(n.createdAt) || 0));
      try {
        window.localStorage.setItem(seenKey(userId), String(Math.max(newest, readSeen(userId))));
      } catch {
        // Private mode: the count comes back on the next visit.
      }
      return { ...prev, unseen: 0 };
    });
  }, [userId]);

  return { state, markSeen };
}
