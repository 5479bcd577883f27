import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { PageView } from '@rounds/shared';
import { useCurrentUser } from '../auth/SessionContext.tsx';
import { usePageScreen } from '../pages/PageScreenContext.ts';
import { PurgeTextDialog } from './PurgeTextDialog.tsx';

/** The hash that opens the purge dialog (the moderation queue links to `/pages/:id#purge`). */
export const PURGE_HASH = '#purge';

/** "Purge text from history…" for admins; opened by its button or by the `#purge` address. */
export function PurgeTextAction({ page }: { page: PageView }) {
  const user = useCurrentUser();
  const { reload } = usePageScreen();
  const location = useLocation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (location.hash === PURGE_HASH) setOpen(true);
  }, [location.hash]);

  if (user.role !== 'admin') return null;

  const clearHash = () => {
    if (location.hash === PURGE_HASH)
      void navigate(`${location.pathname}${location.search}`, { replace: true });
  };
  const close = () => {
    setOpen(false);
    clearHash();
  };
  // The open editor is closed with 4409 and reopens on the rewritten document (it says so); the
  // address must not open the dialog again then.
  const purged = () => {
    clearHash();
    reload();
  };

  return (
    <>
      <button type="button" className="button button--ghost button--small" onClick={() => setOpen(true)}>
        Purge text from history…
      </button>
      <PurgeTextDialog pageId={page.id} open={open} onClose={close} onPurged={purged} />
    </>
  );
}
