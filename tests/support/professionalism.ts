import type { AuditEntry } from '@rounds/domain';
import type { ApiClient } from './api.ts';

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
