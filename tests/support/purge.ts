import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { ApiClient } from './api.ts';
import { fragmentText } from './collab.ts';

/**
 * Which of the database files (`rounds.db`, `-wal`, `-shm`) hold the UTF-8 bytes of `text`, or of
 * its JSON-escaped form (how a JSON column stores a quote, a backslash or a control character).
 */
export function filesHolding(dataDir: string, text: string): string[] {
  const needles = [...new Set([text, JSON.stringify(text).slice(1, -1)])].map((t) => Buffer.from(t, 'utf8'));
  return ['rounds.db', 'rounds.db-wal', 'rounds.db-shm'].filter((name) => {
    const file = join(dataDir, name);
    if (!existsSync(file)) return false;
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

/** What the database holds for a page, read over a separate read-only connection. */
export function storedForPage(
  dataDir: string,
  pageId: string,
): {
  revisions: { id: string; doc: string; text: string; blocks: string; message: string; yjsText: string }[];
  updateBlobs: Uint8Array[];
  snapshotText: string;
  purgedClients: number[];
  audit: { action: string; data: string }[];
} {
  const db = new Database(join(dataDir, 'rounds.db'), { readonly: true, fileMustExist: true });
  try {
    const revisions = db
      .prepare<
        [string],
        { id: string; doc: string; text: string; blocks: string; message: string; yjs_state: Buffer }
      >('SELECT id, doc, text, blocks, message, yjs_state FROM revisions WHERE page_id = ? ORDER BY seq')
      .all(pageId)
      .map((r) => ({ ...r, yjsText: yjsText(r.yjs_state) }));
    const updateBlobs = db
      .prepare<[string], { data: Buffer }>(
        'SELECT data FROM doc_updates WHERE page_id = ? AND data IS NOT NULL',
      )
      .all(pageId)
      .map((r) => r.data);
    const snapshot = db
      .prepare<[string], { state: Buffer }>('SELECT state FROM doc_snapshots WHERE page_id = ?')
      .get(pageId);
    const purgedClients = db
      .prepare<[string], { client_id: number }>('SELECT client_id FROM purged_clients WHERE page_id = ?')
      .all(pageId)
      .map((r) => r.client_id);
    const audit = db
      .prepare<[string], { action: string; data: string }>(
        'SELECT action, data FROM audit_log WHERE target = ? ORDER BY seq',
      )
      .all(`page:${pageId}`);
    return {
      revisions,
      updateBlobs,
      snapshotText: snapshot ? yjsText(snapshot.state) : '',
      purgedClients,
      audit,
    };
  } finally {
    db.close();
  }
}

/** The text of a stored Yjs state, decoded into a fresh document. */
function yjsText(state: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return fragmentText(doc);
  } finally {
    doc.destroy();
  }
}

export const purge = (client: ApiClient, pageId: string, body: unknown) =>
  client.post<{ updatesRewritten: number; revisionsPurged: number; error?: string; message?: string }>(
    `/api/pages/${pageId}/purge`,
    body,
  );
