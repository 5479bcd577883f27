import { useState, type FormEvent } from 'react';
import type { AdminUser } from '../adminUsers.ts';
import { ACTION_GROUPS, NO_FILTERS, type AuditFilters } from '../audit/auditApi.ts';

interface AuditFiltersFormProps {
  users: AdminUser[];
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}

/** Action, person and date range of the audit list; applied with "Show". */
export function AuditFiltersForm({ users, applied, onApply }: AuditFiltersFormProps) {
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const set = (patch: Partial<AuditFilters>) => setDraft((d) => ({ ...d, ...patch }));
  const backwards = draft.from !== '' && draft.to !== '' && draft.from > draft.to;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!backwards) onApply(draft);
  };

  return (
    <form className="grid-form audit-filters" onSubmit={submit} aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" value={draft.action} onChange={(e) => set({ action: e.target.value })}>
          <option value="">All actions</option>
          {ACTION_GROUPS.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-actor">Who</label>
        <select id="audit-actor" value={draft.actor} onChange={(e) => set({ actor: e.target.value })}>
          <option value="">Anyone</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input
          id="audit-from"
          type="date"
          value={draft.from}
          onChange={(e) => set({ from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To</label>
        <input
          id="audit-to"
          type="date"
          value={draft.to}
          aria-invalid={backwards || undefined}
          aria-describedby={backwards ? 'audit-dates-error' : undefined}
          onChange={(e) => set({ to: e.target.value })}
        />
      </div>
      <div className="grid-form__actions audit-filters__actions">
        <button type="submit" className="button button--primary" disabled={backwards}>
          Show
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
      {backwards && (
        <p className="field__hint audit-filters__error" id="audit-dates-error" role="alert">
          “From” is after “To”.
        </p>
      )}
    </form>
  );
}
