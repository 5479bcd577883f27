import { useId, useState, type FormEvent } from 'react';
import { LIMITS } from '@rounds/shared';
import type { AdminUser } from '../adminUsers.ts';
import type { CollectionFields } from '../collections/collectionApi.ts';
import { errorMessage } from '../api.ts';
import { TextField } from './TextField.tsx';
import { ErrorNote } from './ErrorNote.tsx';

interface CollectionFormProps {
  initial?: CollectionFields;
  /** Faculty who can be named reviewers. */
  faculty: AdminUser[];
  submitLabel: string;
  onSubmit: (fields: CollectionFields) => Promise<unknown>;
  onCancel?: () => void;
}

const EMPTY: CollectionFields = {
  name: '',
  description: '',
  requiredApprovals: 1,
  reviewValidDays: 365,
  reviewerIds: [],
};

/** Name, description, reviewers, required approvals and sign-off validity of a collection. */
export function CollectionForm({
  initial = EMPTY,
  faculty,
  submitLabel,
  onSubmit,
  onCancel,
}: CollectionFormProps) {
  const id = useId();
  const [fields, setFields] = useState<CollectionFields>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof CollectionFields>(key: K, value: CollectionFields[K]) =>
    setFields((f) => ({ ...f, [key]: value }));

  const toggleReviewer = (userId: string, on: boolean) =>
    set('reviewerIds', on ? [...fields.reviewerIds, userId] : fields.reviewerIds.filter((r) => r !== userId));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    onSubmit({ ...fields, name: fields.name.trim(), description: fields.description.trim() }).then(
      () => {
        setBusy(false);
        if (!initial.name) setFields(EMPTY);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not save the collection.'));
      },
    );
  };

  return (
    <form className="collection-form" onSubmit={submit}>
      <TextField
        id={`${id}-name`}
        label="Name"
        value={fields.name}
        maxLength={LIMITS.groupNameMax}
        onChange={(v) => set('name', v)}
        required
      />
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea
          id={`${id}-description`}
          rows={2}
          value={fields.description}
          maxLength={LIMITS.descriptionMax}
          onChange={(e) => set('description', e.target.value)}
        />
      </div>
      <div className="collection-form__numbers">
        <TextField
          id={`${id}-approvals`}
          label="Required approvals"
          type="number"
          min={1}
          max={10}
          value={String(fields.requiredApprovals)}
          onChange={(v) => set('requiredApprovals', Number(v))}
          required
        />
        <TextField
          id={`${id}-validity`}
          label="Sign-off valid for (days)"
          type="number"
          min={1}
          max={3650}
          value={String(fields.reviewValidDays)}
          onChange={(v) => set('reviewValidDays', Number(v))}
          required
        />
      </div>
      <fieldset className="collection-form__reviewers">
        <legend>Reviewers</legend>
        <p className="field__hint">None ticked: any faculty member may sign off its pages.</p>
        {faculty.length === 0 ? (
          <p className="note note--quiet">No faculty accounts yet.</p>
        ) : (
          <ul>
            {faculty.map((f) => (
              <li key={f.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={fields.reviewerIds.includes(f.id)}
                    onChange={(e) => toggleReviewer(f.id, e.target.checked)}
                  />
                  <span>{f.name}</span>
                  <span className="collection-form__email">{f.email}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
      <ErrorNote message={error} />
    </form>
  );
}
