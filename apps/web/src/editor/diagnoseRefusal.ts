import { api, isApiStatus } from '../api.ts';
import type { CollabFailure } from './collabFailure.ts';

/**
 * Why did the collaboration upgrade fail? Browsers report a refused upgrade (HTTP 401/403/404) only as
 * close code 1006, so ask the REST API: no session, no such page, or no access. Null when the
 * server looks fine or unreachable (then the provider keeps retrying).
 */
export async function diagnoseRefusal(pageId: string): Promise<CollabFailure | null> {
  try {
    await api('/api/me');
    await api(`/api/pages/${encodeURIComponent(pageId)}`);
    return null;
  } catch (err: unknown) {
    if (isApiStatus(err, 401)) return 'unauthenticated';
    if (isApiStatus(err, 403)) return 'forbidden';
    if (isApiStatus(err, 404)) return 'not_found';
    return null;
  }
}
