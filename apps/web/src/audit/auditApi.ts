import type { AuditListView, AuditVerifyView } from '@rounds/shared';
import { api } from '../api.ts';

/** What the admin narrows the audit list by; empty strings mean "any". */
export interface AuditFilters {
  /** An exact action (`auth.sign_in_failed`) or a kind (`auth.`). */
  action: string;
  actor: string;
  /** Local calendar days, `YYYY-MM-DD` (from date inputs). */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { action: '', actor: '', from: '', to: '' };

/** The choices of the action filter: kinds of action, and the sign-in events on their own. */
export const ACTION_GROUPS: { label: string; options: { value: string; label: string }[] }[] = [
  {
    label: 'Sign-ins',
    options: [
      { value: 'auth.', label: 'All sign-in events' },
      { value: 'auth.signed_in', label: 'Signed in' },
      { value: 'auth.sign_in_failed', label: 'Failed sign-ins' },
      { value: 'auth.signed_out', label: 'Signed out' },
    ],
  },
  {
    label: 'Safety',
    options: [
      { value: 'revision.phi_acknowledged', label: 'Patient-identifier overrides' },
      { value: 'image.uploaded', label: 'Image attestations' },
      { value: 'page.purged', label: 'Purges' },
      { value: 'report.', label: 'Reports (report.*)' },
      { value: 'comment.hidden', label: 'Hidden comments' },
      { value: 'guidelines.', label: 'Guidelines (guidelines.*)' },
    ],
  },
  {
    label: 'Kinds of action',
    options: [
      { value: 'user.', label: 'Accounts (user.*)' },
      { value: 'page.', label: 'Pages (page.*)' },
      { value: 'revision.', label: 'Revisions (revision.*)' },
      { value: 'review.', label: 'Reviews (review.*)' },
      { value: 'reference.', label: 'References (reference.*)' },
      { value: 'collection.', label: 'Collections (collection.*)' },
    ],
  },
];

/** A local calendar day as epoch milliseconds: its first, or (`end`) its last millisecond. */
function localDay(day: string, end: boolean): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const start = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0)).getTime();
  return String(end ? start - 1 : start);
}

/** One page of entries, newest first, older than `before` when given. */
export function fetchAuditPage(
  filters: AuditFilters,
  before: number | null,
  signal?: AbortSignal,
): Promise<AuditListView> {
  const q = new URLSearchParams({ order: 'desc', limit: '50' });
  if (filters.action) q.set('action', filters.action);
  if (filters.actor) q.set('actor', filters.actor);
  const from = localDay(filters.from, false);
  const to = localDay(filters.to, true);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (before !== null) q.set('before', String(before));
  return api<AuditListView>(`/api/audit?${q.toString()}`, { signal });
}

export const verifyAuditChain = (): Promise<AuditVerifyView> => api<AuditVerifyView>('/api/audit/verify');
