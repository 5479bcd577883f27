import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntryView } from '@rounds/shared';
import { api } from '../api.ts';
import type { AdminUser } from '../adminUsers.ts';
import { fetchAuditPage, NO_FILTERS, type AuditFilters } from '../audit/auditApi.ts';
import { AuditFiltersForm } from '../components/AuditFiltersForm.tsx';
import { AuditTable } from '../components/AuditTable.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { LoadingNote } from '../components/LoadingNote.tsx';
import { VerifyChain } from '../components/VerifyChain.tsx';
import '../styles/audit.css';

interface ListState {
  entries: AuditEntryView[];
  /** `before` of the next (older) page; null: the oldest entry is shown. */
  next: number | null;
  loading: boolean;
  error: string | null;
}

const message = (err: unknown) => (err instanceof Error ? err.message : 'Could not load the audit log.');

/** `/admin/audit`: who did what, when, filtered and paged newest first, and the chain's check. */
export function AuditScreen() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [list, setList] = useState<ListState>({ entries: [], next: null, loading: true, error: null });
  /** Answers to an older filter arriving late are dropped. */
  const generation = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    api<{ users: AdminUser[] }>('/api/users', { signal: controller.signal }).then(
      (r) => setUsers([...r.users].sort((a, b) => a.name.localeCompare(b.name))),
      () => {},
    );
    return () => controller.abort();
  }, []);

  const load = useCallback((applied: AuditFilters, before: number | null) => {
    const mine = ++generation.current;
    setList((l) => ({ ...l, loading: true, error: null, ...(before === null ? { entries: [] } : {}) }));
    fetchAuditPage(applied, before).then(
      (page) => {
        if (mine !== generation.current) return;
        setList((l) => ({
          entries: before === null ? page.entries : [...l.entries, ...page.entries],
          next: page.next,
          loading: false,
          error: null,
        }));
      },
      (err: unknown) => {
        if (mine === generation.current) setList((l) => ({ ...l, loading: false, error: message(err) }));
      },
    );
  }, []);

  useEffect(() => load(filters, null), [filters, load]);

  return (
    <div className="page-width page-width--wide">
      <div className="screen-header audit-header">
        <div>
          <h1>Audit log</h1>
          <p className="screen-header__lead">
            Every sign-in, account change, sign-off and page life-cycle step, hash-chained so changes made
            behind Rounds’ back show. Entries hold ids and reasons, never content or passwords.
          </p>
        </div>
        <VerifyChain />
      </div>
      <AuditFiltersForm users={users} applied={filters} onApply={setFilters} />
      <ErrorNote message={list.error} />
      {list.entries.length > 0 && <AuditTable entries={list.entries} />}
      {!list.loading && !list.error && list.entries.length === 0 && (
        <p className="note note--quiet">
          {list.next === null ? 'No entries match.' : 'No entries match in this stretch of the log.'}
        </p>
      )}
      {list.loading && <LoadingNote label="Loading entries…" />}
      <div className="audit-more">
        {list.next !== null && !list.loading && (
          <button type="button" className="button" onClick={() => load(filters, list.next)}>
            Older
          </button>
        )}
        {list.next === null && !list.loading && list.entries.length > 0 && (
          <p className="note note--quiet">The oldest matching entry is shown.</p>
        )}
      </div>
    </div>
  );
}
