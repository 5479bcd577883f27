import { api } from '../api.ts';
import type { ThreadAnchor, ThreadComment, ThreadsResponse, ThreadView } from './threadTypes.ts';

const thread = (id: string) => `/api/threads/${encodeURIComponent(id)}`;

export function fetchThreads(pageId: string, signal?: AbortSignal): Promise<ThreadsResponse> {
  return api<ThreadsResponse>(`/api/pages/${encodeURIComponent(pageId)}/threads`, { signal });
}

export function startThread(pageId: string, anchor: ThreadAnchor, quote: string, body: string) {
  return api<ThreadView>(`/api/pages/${encodeURIComponent(pageId)}/threads`, {
    method: 'POST',
    body: { anchor, quote, body },
  });
}

export function replyToThread(threadId: string, body: string): Promise<ThreadComment> {
  return api<ThreadComment>(`${thread(threadId)}/comments`, { method: 'POST', body: { body } });
}

export function setThreadStatus(threadId: string, action: 'resolve' | 'reopen'): Promise<ThreadView> {
  return api<ThreadView>(`${thread(threadId)}/${action}`, { method: 'POST' });
}
