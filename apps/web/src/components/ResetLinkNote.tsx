import { useState } from 'react';
import { formatDateTime } from '../formatRelativeTime.ts';

/** A reset link an admin just issued: what `POST /api/users/:id/reset-link` answered, for whom. */
export interface IssuedResetLink {
  userName: string;
  url: string;
  expiresAt: string;
}

/** The issued link, absolute, with a Copy button and its expiry; the admin hands it over. */
export function ResetLinkNote({ link, onDismiss }: { link: IssuedResetLink; onDismiss: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const absolute = new URL(link.url, window.location.origin).toString();

  const copy = () => {
    if (!navigator.clipboard) {
      setCopied('failed');
      return;
    }
    navigator.clipboard.writeText(absolute).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <section className="panel reset-link" aria-labelledby="reset-link-title" role="status">
      <h2 id="reset-link-title" className="reset-link__title">
        Reset link for {link.userName}
      </h2>
      <div className="reset-link__row">
        <label htmlFor="reset-link-url" className="visually-hidden">
          Link to send to {link.userName}
        </label>
        <input
          id="reset-link-url"
          className="reset-link__url"
          readOnly
          value={absolute}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button button--primary" onClick={copy}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button--ghost" onClick={onDismiss}>
          Done
        </button>
      </div>
      <p className="field__hint">
        Works once, until <time dateTime={link.expiresAt}>{formatDateTime(link.expiresAt)}</time>. Send it to{' '}
        {link.userName} yourself; anyone with the link can set this person&apos;s password.
        {copied === 'failed' && ' Copying is not available here: select the link and copy it.'}
      </p>
    </section>
  );
}
