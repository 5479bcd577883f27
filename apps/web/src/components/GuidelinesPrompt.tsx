import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { errorMessage, onGuidelinesRequired } from '../api.ts';
import { useCurrentUser } from '../auth/SessionContext.tsx';
import {
  acknowledgeGuidelines,
  fetchAcknowledgedVersion,
  fetchGuidelines,
  type Guidelines,
} from '../professionalism/professionalismApi.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { Modal } from './Modal.tsx';

/** "Remind me later" lasts for this tab's session, per version. */
const LATER_KEY = 'rounds.guidelines.later';
/** Navigating re-checks for a new version at most this often. */
const MIN_GAP_MS = 60_000;

const laterFor = (userId: string): number | null => {
  const value = sessionStorage.getItem(LATER_KEY);
  const [who, version] = value?.split(':') ?? [];
  return who === userId && version ? Number(version) : null;
};

/**
 * Asks for the acknowledgement of the guidelines for professional conduct at first sign-in and
 * after each new version: a modal with the rendered guidelines and "I acknowledge"; while they are
 * not enforced, also "Remind me later" (for this tab's session). A write refused with
 * `guidelines_not_acknowledged` opens it too.
 */
export function GuidelinesPrompt() {
  const user = useCurrentUser();
  const location = useLocation();
  const [shown, setShown] = useState<Guidelines | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lastCheck, setLastCheck] = useState({ userId: '', at: 0 });

  const check = useCallback(
    (signal?: AbortSignal, force = false) => {
      Promise.all([fetchGuidelines(signal), fetchAcknowledgedVersion(signal)]).then(
        ([guidelines, acknowledged]) => {
          setLastCheck({ userId: user.id, at: Date.now() });
          // For scripts driving the app (browser tests): whether the check is done and what it found.
          const mark = (state: string) => (document.documentElement.dataset.guidelines = state);
          if (acknowledged !== null && acknowledged >= guidelines.version) {
            mark('acknowledged');
            return setShown(null);
          }
          if (!force && !guidelines.enforce && laterFor(user.id) === guidelines.version) return mark('later');
          mark('prompted');
          setShown(guidelines);
        },
        () => undefined, // asked again on the next navigation
      );
    },
    [user.id],
  );

  // Until this person's check answers, the page says nothing about their acknowledgement.
  useEffect(() => {
    delete document.documentElement.dataset.guidelines;
    return () => {
      delete document.documentElement.dataset.guidelines;
    };
  }, [user.id]);

  useEffect(() => {
    if (lastCheck.userId === user.id && Date.now() - lastCheck.at < MIN_GAP_MS) return;
    const controller = new AbortController();
    check(controller.signal);
    return () => controller.abort();
  }, [check, location.pathname]);

  useEffect(() => {
    onGuidelinesRequired((force) => check(undefined, force));
    return () => onGuidelinesRequired(null);
  }, [check]);

  if (!shown) return null;

  const acknowledge = () => {
    setBusy(true);
    setError(null);
    acknowledgeGuidelines(shown.version).then(
      () => {
        setBusy(false);
        document.documentElement.dataset.guidelines = 'acknowledged';
        setShown(null);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err, 'Could not record your acknowledgement.'));
        check(undefined, true); // a newer version may have replaced this one
      },
    );
  };

  const later = () => {
    sessionStorage.setItem(LATER_KEY, `${user.id}:${shown.version}`);
    document.documentElement.dataset.guidelines = 'later';
    setShown(null);
  };

  return (
    <Modal title="Guidelines for professional conduct" className="modal--wide">
      <p className="modal__lead">
        {shown.enforce
          ? 'Please read these guidelines. You can read pages now; you can edit once you acknowledge them.'
          : 'Please read these guidelines and acknowledge them.'}
      </p>
      {/* Rendered from Markdown and sanitized by the server (allow-listed tags, safe links only). */}
      <div
        className="prose guidelines__text"
        role="region"
        tabIndex={0}
        aria-label="Guidelines text"
        dangerouslySetInnerHTML={{ __html: shown.html }}
      />
      <ErrorNote message={error} />
      <div className="form-actions modal__actions">
        <button type="button" className="button button--primary" onClick={acknowledge} disabled={busy}>
          I acknowledge
        </button>
        {!shown.enforce && (
          <button type="button" className="button" onClick={later} disabled={busy}>
            Remind me later
          </button>
        )}
      </div>
    </Modal>
  );
}
