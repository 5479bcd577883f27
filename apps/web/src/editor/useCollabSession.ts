import { useEffect, useRef, useState } from 'react';
import { CollabCloseCode } from '@rounds/shared';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { ConnectionTracker } from './ConnectionTracker.ts';
import { diagnoseRefusal } from './diagnoseRefusal.ts';
import { pageCacheName } from './pageCacheName.ts';
import { keepDraft, takeKeptDraft } from './keptDrafts.ts';

/** Everything one open page needs to co-edit: the Yjs document, its server connection and its status. */
export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: ConnectionTracker;
  /** Reopened because an admin purged text from the page's history (tell the person why). */
  pageRewritten: boolean;
}

/** Wait at most this long for the offline cache before showing the editor (IndexedDB may be unavailable). */
const CACHE_WAIT_MS = 1500;

/** `ws(s)://<this origin>/collab`: the collaboration endpoint is on the same host and port as the app. */
export function collabServerUrl(): string {
  return `${window.location.origin.replace(/^http/, 'ws')}/collab`;
}

/**
 * Opens a page's Yjs document: cached in IndexedDB under this user's name (edits made offline survive
 * a reload and merge on reconnect) and synced with the server over y-websocket. Null until the cache
 * has loaded. `epoch` changes when the person signs in again: the session reopens, taking back the
 * document kept when the previous one was signed out, and sends the edits the server never got.
 */
export function useCollabSession(pageId: string, userId: string, epoch = 0): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  // Bumped when the server rewrote the page (close 4409): the session reopens on a fresh document.
  const [rewrites, setRewrites] = useState(0);
  const rewritten = useRef(false);

  useEffect(() => {
    const cacheName = pageCacheName(userId, pageId);
    const doc = takeKeptDraft(cacheName) ?? new Y.Doc();
    // On a kept document, y-indexeddb first writes its whole state into the cache.
    const persistence = new IndexeddbPersistence(cacheName, doc);
    const provider = new WebsocketProvider(collabServerUrl(), pageId, doc, { connect: false });
    const tracker = new ConnectionTracker(provider, doc, { diagnose: () => diagnoseRefusal(pageId) });
    provider.connect();

    let active = true;
    let discarded = false;
    const show = () => {
      if (active) setSession({ doc, provider, tracker, pageRewritten: rewritten.current });
    };
    const fallback = setTimeout(show, CACHE_WAIT_MS);
    persistence.whenSynced.then(show, show);

    // An admin purged text from the page: this copy (in memory, in IndexedDB, kept) still holds it
    // and the server refuses it. Every local copy is dropped and the page opens on a fresh document.
    const onClose = (event: CloseEvent | null) => {
      if (event?.code !== CollabCloseCode.PageRewritten || !active) return;
      active = false;
      discarded = true;
      clearTimeout(fallback);
      takeKeptDraft(cacheName)?.destroy();
      rewritten.current = true;
      setSession(null);
      tracker.destroy();
      provider.destroy();
      persistence
        .clearData()
        .catch(() => undefined)
        .finally(() => setRewrites((n) => n + 1));
    };
    provider.on('connection-close', onClose);

    return () => {
      active = false;
      clearTimeout(fallback);
      setSession(null);
      if (discarded) {
        setTimeout(() => doc.destroy(), 50);
        return;
      }
      provider.off('connection-close', onClose);
      const signedOut = tracker.getSnapshot().failure === 'unauthenticated';
      tracker.destroy();
      provider.disconnect();
      // Kept at once: a session reopened right away (signed in again in another tab) takes it back.
      if (signedOut) keepDraft(cacheName, doc);
      // The Tiptap editor is destroyed a tick after unmount; tear the document down after it.
      setTimeout(() => {
        provider.destroy();
        void persistence.destroy();
        if (signedOut)
          provider.awareness.destroy(); // the kept document gets a new provider and awareness
        else doc.destroy();
      }, 50);
    };
  }, [pageId, userId, epoch, rewrites]);

  return session;
}
