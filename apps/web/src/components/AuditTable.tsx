import type { AuditEntryView } from '@rounds/shared';
import { formatDateTime } from '../formatRelativeTime.ts';

/** `ip: 127.0.0.1 · reason: wrong_password`: the entry's ids, kinds and reasons, compactly. */
function details(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

const LONG_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** `user:b337d8a5…`: ids shortened for reading; the full target is in the title. */
const shortTarget = (target: string): string => target.replace(LONG_ID, (id) => `${id.slice(0, 8)}…`);

function actorLabel(e: AuditEntryView): string {
  if (e.actorName) return e.actorName;
  if (e.actor) return `Unknown user (${e.actor.slice(0, 8)})`;
  return e.action === 'auth.sign_in_failed' ? 'Anonymous' : 'System';
}

/** The audit entries, newest first. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <div className="table-wrap">
      <table className="table audit-table">
        <caption className="visually-hidden">Audit log entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td className="audit-table__seq">{e.seq}</td>
              <td className="audit-table__time">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </td>
              <td>{actorLabel(e)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td className="audit-table__target">
                {e.target ? <code title={e.target}>{shortTarget(e.target)}</code> : '—'}
              </td>
              <td className="audit-table__details">{details(e.data)}</td>
              <td>
                <code title={e.hash}>{e.hash.slice(0, 10)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
