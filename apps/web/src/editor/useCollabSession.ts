import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { ConnectionTracker } from './ConnectionTracker.ts';
import { diagnoseRefusal } from './diagnoseRefusal.ts';
import { pageCacheName } from './pageCacheName.ts';

/** Everything one open page needs to co-edit: the Yjs document, its server connection and its status. */
export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: ConnectionTracker;
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
 * has loaded.
 */
export function useCollabSession(pageId: string, userId: string): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);

  useEffect(() => {
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence(pageCacheName(userId, pageId), doc);
    const provider = new WebsocketProvider(collabServerUrl(), pageId, doc, { connect: false });
    const tracker = new ConnectionTracker(provider, doc, { diagnose: () => diagnoseRefusal(pageId) });
    provider.connect();

    let active = true;
    const show = () => {
      if (active) setSession({ doc, provider, tracker });
    };
    const fallback = setTimeout(show, CACHE_WAIT_MS);
    persistence.whenSynced.then(show, show);

    return () => {
      active = false;
      clearTimeout(fallback);
      setSession(null);
      tracker.destroy();
      provider.disconnect();
      // The Tiptap editor is destroyed a tick after unmount; tear the document down after it.
      setTimeout(() => {
        provider.destroy();
        void persistence.destroy();
        doc.destroy();
      }, 50);
    };
  }, [pageId, userId]);

  return session;
}
