import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useNotifications } from '../notifications/useNotifications.ts';
import { notificationHref } from '../notifications/notificationTypes.ts';
import { formatDateTime, formatRelativeTime } from '../formatRelativeTime.ts';

/** A bell in the top bar with the number of new notifications, opening the list. Hidden when unsupported. */
export function NotificationBell({ userId }: { userId: string }) {
  const { state, markSeen } = useNotifications(userId);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (state.status !== 'ready') return null;
  const { notifications, unseen } = state;
  const label = unseen > 0 ? `Notifications, ${unseen} new` : 'Notifications';

  return (
    <div className="notifications" ref={root}>
      <button
        type="button"
        className="notifications__button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((o) => !o);
          if (!open) markSeen();
        }}
      >
        <BellIcon />
        {unseen > 0 && (
          <span className="notifications__count" aria-hidden="true">
            {unseen > 9 ? '9+' : unseen}
          </span>
        )}
      </button>
      {open && (
        <div className="notifications__panel" id={panelId} role="region" aria-label="Notifications">
          <h2 className="notifications__title">Notifications</h2>
          {notifications.length === 0 ? (
            <p className="notifications__empty">Nothing new. Reviews and replies will show up here.</p>
          ) : (
            <ul className="notifications__list">
              {notifications.map((n, index) => (
                <li key={`${n.createdAt}:${index}`}>
                  <Link
                    to={notificationHref(n)}
                    className="notifications__item"
                    onClick={() => setOpen(false)}
                  >
                    <span className="notifications__text">{n.text}</span>
                    <span className="notifications__meta">
                      {n.pageTitle} ·{' '}
                      <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
                        {formatRelativeTime(n.createdAt)}
                      </time>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2 15a2 2 0 0 0 4 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
