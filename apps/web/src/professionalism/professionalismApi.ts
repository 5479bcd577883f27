import type { ReportReason, ResolveAction } from '@rounds/shared';
import { api } from '../api.ts';

export interface Guidelines {
  version: number;
  markdown: string;
  html: string;
  enforce: boolean;
}

export interface ReportView {
  id: string;
  targetType: 'comment' | 'page';
  target: {
    pageId: string;
    /** Null for a page the viewer cannot open (a reporter's own report of an unreadable page). */
    pageTitle: string | null;
    commentId: string | null;
    blockId: string | null;
    quote: string | null;
    commentExcerpt?: string | null;
    commentHidden?: boolean;
  };
  reporter: { id: string; name: string };
  reason: ReportReason;
  note: string;
  createdAt: string;
  state: 'open' | 'resolved';
  resolution: { action: ResolveAction; reason: string; by: { id: string; name: string }; at: string } | null;
  canPurge: boolean;
}

export interface NewReport {
  targetType: 'comment' | 'page';
  targetId: string;
  blockId?: string;
  quote?: string;
  reason: ReportReason;
  note: string;
}

export const fetchGuidelines = (signal?: AbortSignal) => api<Guidelines>('/api/guidelines', { signal });

export const fetchAcknowledgedVersion = async (signal?: AbortSignal): Promise<number | null> =>
  (await api<{ acknowledgedVersion?: number | null }>('/api/me', { signal })).acknowledgedVersion ?? null;

export const acknowledgeGuidelines = (version: number) =>
  api<void>('/api/me/acknowledge', { method: 'POST', body: { version } });

export const saveGuidelines = (markdown: string, enforce: boolean) =>
  api<Guidelines>('/api/guidelines', { method: 'PUT', body: { markdown, enforce } });

export const previewGuidelines = (markdown: string, signal?: AbortSignal) =>
  api<{ html: string }>('/api/guidelines/preview', { method: 'POST', body: { markdown }, signal });

export const fileReport = (report: NewReport) =>
  api<{ id: string }>('/api/reports', { method: 'POST', body: report });

export const fetchReports = (state: 'open' | 'resolved', signal?: AbortSignal) =>
  api<{ reports: ReportView[] }>(`/api/reports?state=${state}`, { signal });

export const fetchMyReports = (signal?: AbortSignal) =>
  api<{ reports: ReportView[] }>('/api/reports/mine', { signal });

export const fetchOpenReportCount = (signal?: AbortSignal) =>
  api<{ open: number }>('/api/reports/count', { signal });

export const resolveReport = (id: string, action: ResolveAction, reason: string) =>
  api<{ id: string; state: string }>(`/api/reports/${encodeURIComponent(id)}/resolve`, {
    method: 'POST',
    body: { action, reason },
  });
