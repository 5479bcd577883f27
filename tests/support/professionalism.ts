import type { AuditEntry } from '@rounds/domain';
import { randomUUID } from 'node:crypto';
import type { ApiClient } from './api.ts';
import { appendParagraph, connectCollab, eventually, waitSynced } from './collab.ts';
import { draftText } from './review.ts';

export interface GuidelinesBody {
  version: number;
  markdown: string;
  html: string;
  enforce: boolean;
}

/** Publishes a new version of the guidelines as `admin`; returns it. */
export async function publishGuidelines(
  admin: ApiClient,
  markdown: string,
  enforce: boolean,
): Promise<GuidelinesBody> {
  const res = await admin.request<GuidelinesBody>('PUT', '/api/guidelines', { markdown, enforce });
  if (res.status !== 200) throw new Error(`PUT /api/guidelines: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Acknowledges the current version as `client`. */
export async function acknowledgeCurrent(client: ApiClient): Promise<number> {
  const { version } = (await client.get<GuidelinesBody>('/api/guidelines')).body;
  const res = await client.post('/api/me/acknowledge', { version });
  if (res.status !== 204) throw new Error(`acknowledge: ${res.status} ${JSON.stringify(res.body)}`);
  return version;
}

/** Audit entries with `action`, read as `admin`. */
export async function auditEntries(admin: ApiClient, action: string): Promise<AuditEntry[]> {
  const res = await admin.get<{ entries: AuditEntry[] }>('/api/audit?limit=1000');
  return res.body.entries.filter((e) => e.action === action);
}

/** Starts a comment thread on the page as `client`; returns its first comment's id. */
export async function commentOn(client: ApiClient, pageId: string, body: string): Promise<string> {
  const res = await client.post<{ comments: { id: string }[] }>(`/api/pages/${pageId}/threads`, {
    anchor: { start: 'AAAA', end: 'AAAA' },
    quote: 'a passage',
    body,
  });
  const id = res.body.comments[0]?.id;
  if (res.status !== 201 || !id) throw new Error(`thread: ${res.status} ${JSON.stringify(res.body)}`);
  return id;
}

export interface ReportView {
  id: string;
  targetType: 'comment' | 'page';
  target: {
    pageId: string;
    pageTitle: string | null;
    commentId: string | null;
    blockId: string | null;
    quote: string | null;
    commentExcerpt?: string | null;
    commentHidden?: boolean;
  };
  reporter: { id: string; name: string };
  reason: string;
  note: string;
  createdAt: string;
  state: 'open' | 'resolved';
  resolution: { action: string; reason: string; by: { id: string; name: string }; at: string } | null;
  canPurge: boolean;
}

/**
 * Appends a paragraph holding `text` to the page's draft with a block id as the editor makes them
 * (a UUID), through the real y-websocket client; returns the id once the server stored it.
 */
export async function appendBlock(
  client: ApiClient,
  wsUrl: string,
  pageId: string,
  text: string,
): Promise<string> {
  const id = randomUUID();
  const collab = connectCollab(wsUrl, pageId, client.cookie);
  try {
    await waitSynced(collab);
    appendParagraph(collab.doc, text, id);
    await eventually(async () => {
      if (!(await draftText(client, pageId)).includes(text)) throw new Error('not stored yet');
    });
  } finally {
    collab.destroy();
  }
  return id;
}

/** Submits the page's draft as `author` and has `faculty` approve it: it is published. */
export async function publishDraft(author: ApiClient, faculty: ApiClient, pageId: string): Promise<void> {
  const rev = await author.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { message: 'v1' });
  if (rev.status !== 201) throw new Error(`submit: ${rev.status} ${JSON.stringify(rev.body)}`);
  const review = await faculty.post(`/api/revisions/${rev.body.id}/reviews`, {
    decision: 'approve',
    comment: 'ok',
  });
  if (review.status !== 201 && review.status !== 200)
    throw new Error(`review: ${review.status} ${JSON.stringify(review.body)}`);
}
