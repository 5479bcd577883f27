import type { PurgeTextResponse } from '@rounds/shared';
import { api } from '../api.ts';

/** Admins only: removes `text` from the page's whole history; `reason` goes to the audit log. */
export function purgeText(pageId: string, text: string, reason: string): Promise<PurgeTextResponse> {
  return api(`/api/pages/${encodeURIComponent(pageId)}/purge`, { method: 'POST', body: { text, reason } });
}
