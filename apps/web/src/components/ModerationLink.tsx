import { NavLink, useLocation } from 'react-router-dom';
import { useOpenReportCount } from '../professionalism/openReportCount.ts';

/** "Moderation" in the top bar, with the number of open reports (faculty and admins). */
export function ModerationLink({ userId }: { userId: string }) {
  const location = useLocation();
  const open = useOpenReportCount(userId, location.pathname);
  return (
    <NavLink
      to="/moderation"
      aria-label={open ? `Moderation, ${open} open report${open === 1 ? '' : 's'}` : 'Moderation'}
      className="topbar__review"
    >
      Moderation
      {open ? (
        <span className="nav-count" aria-hidden="true">
          {open}
        </span>
      ) : null}
    </NavLink>
  );
}
