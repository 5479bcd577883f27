import * as Y from 'yjs';
import type { ApiClient } from './api.ts';
import { createPage, createUser } from './api.ts';
import {
  appendParagraph,
  connectCollab,
  messages,
  nextClose,
  paragraphTexts,
  RawWebSocket,
  waitFor,
  waitSynced,
  type CollabClient,
} from './collab.ts';
import type { Role } from '@rounds/shared';

/** A self-contained Yjs update adding one paragraph (no dependencies on the page's state). */
export function paragraphUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  appendParagraph(doc, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Whether the observer currently shows a presence state for `clientId`. */
export function hasPresence(viewer: CollabClient, clientId: number): boolean {
  return viewer.provider.awareness.getStates().has(clientId);
}

export interface AccessScene {
  pageId: string;
  victim: { client: ApiClient; id: string; email: string };
  /** The victim's real y-websocket client (a browser tab), with presence set. */
  tab: CollabClient;
  /** A second socket of the same session, written by hand: it can send after the server closed. */
  raw: RawWebSocket;
  /** Someone else editing the page, who must never see what the victim sends after the change. */
  observer: CollabClient;
  /** Resolves with the close code the victim's tab receives. */
  tabClosed: Promise<number>;
  destroy(): void;
}

/**
 * A page with the victim (signed in as `role`) connected twice — a real client with presence and
 * a raw socket — and an observer; checks that both of the victim's sockets can write before.
 */
export async function accessScene(
  wsUrl: string,
  admin: ApiClient,
  role: Role,
  victimClient?: { client: ApiClient; id: string; email: string },
): Promise<AccessScene> {
  const pageId = await createPage(admin);
  const victim = victimClient ?? (await createUser(admin, role, 'Victim'));
  const tab = connectCollab(wsUrl, pageId, victim.client.cookie);
  const observer = connectCollab(wsUrl, pageId, admin.cookie);
  const raw = await RawWebSocket.open(wsUrl, `/collab/${pageId}`, { cookie: victim.client.cookie ?? '' });
  await Promise.all([waitSynced(tab), waitSynced(observer)]);
  tab.provider.awareness.setLocalState({ cursor: 'here' });
  await waitFor(() => hasPresence(observer, tab.doc.clientID), 5_000, "victim's presence");
  appendParagraph(tab.doc, 'before from the tab');
  raw.send(messages.update(paragraphUpdate('before from the raw socket')));
  await waitFor(
    () =>
      paragraphTexts(observer.doc).includes('before from the tab') &&
      paragraphTexts(observer.doc).includes('before from the raw socket'),
    5_000,
    'the victim writing before the change',
  );
  return {
    pageId,
    victim,
    tab,
    raw,
    observer,
    tabClosed: nextClose(tab),
    destroy: () => {
      tab.destroy();
      observer.destroy();
      raw.destroy();
    },
  };
}

/**
 * What the victim sends right after the change: through the raw socket (always goes out, even
 * while the server is closing it) and through the tab, if it has not seen the close yet.
 */
export function writeAfterChange(scene: AccessScene, marker: string): void {
  scene.raw.send(messages.update(paragraphUpdate(`${marker} raw`)));
  appendParagraph(scene.tab.doc, `${marker} tab`);
}

/** The stored draft's paragraphs as the server reads them back (admin view). */
export async function storedParagraphs(admin: ApiClient, pageId: string): Promise<string> {
  const res = await admin.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`);
  if (res.status !== 200) throw new Error(`draft read failed: ${res.status}`);
  return res.body;
}
