import type { Template } from './jsonShapes.ts';

/** Kinds of ids a route path holds; the fuzzer fills them with real ids or hostile segments. */
export type IdKind =
  'page' | 'revision' | 'thread' | 'ref' | 'user' | 'collection' | 'team' | 'report' | 'image';

/** One route of CONTRACT.md (and the extra ones the server has), with a valid example input. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `:page`, `:user`, … placeholders. */
  path: string;
  body?: Template;
  query?: Record<string, string>;
  /** Ends the caller's session when it succeeds: sent only anonymously, with made-up cookies. */
  endsSession?: boolean;
  /** Costs a password hash per request: sent less often. */
  slow?: boolean;
}

const csl = {
  type: 'article-journal',
  title: 'Surviving Sepsis Campaign',
  author: [{ family: 'Evans', given: 'Laura' }],
  issued: { 'date-parts': [[2021]] },
  'container-title': 'Crit Care Med',
  DOI: '10.1097/CCM.0000000000005337',
};

export const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/api/health' },
  {
    method: 'POST',
    path: '/api/auth/login',
    body: { email: 'nobody@example.org', password: 'not-the-password' },
    slow: true,
  },
  { method: 'POST', path: '/api/auth/logout', endsSession: true },
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/setup' },
  {
    method: 'POST',
    path: '/api/setup',
    body: { token: 'not-a-token', email: 'a@example.org', name: 'A', password: 'long-enough-1' },
  },
  { method: 'GET', path: '/api/users' },
  {
    method: 'POST',
    path: '/api/users',
    body: { email: 'new@example.org', name: 'New Person', password: 'long-enough-1', role: 'student' },
    slow: true,
  },
  { method: 'PATCH', path: '/api/users/:user', body: { name: 'Renamed', role: 'student', disabled: false } },
  {
    method: 'POST',
    path: '/api/me/password',
    body: { currentPassword: 'not-it-at-all', newPassword: 'long-enough-2' },
    slow: true,
  },
  { method: 'POST', path: '/api/users/:user/reset-link' },
  { method: 'POST', path: '/api/auth/reset', body: { token: 'not-a-token', password: 'long-enough-3' } },
  { method: 'POST', path: '/api/pages', body: { title: 'Fuzzed page' } },
  { method: 'GET', path: '/api/pages' },
  { method: 'GET', path: '/api/pages/:page' },
  { method: 'PATCH', path: '/api/pages/:page', body: { title: 'Renamed page' } },
  { method: 'POST', path: '/api/pages/:page/archive' },
  { method: 'POST', path: '/api/pages/:page/unarchive' },
  {
    method: 'POST',
    path: '/api/pages/:page/purge',
    body: { text: 'Fuzzed patient name', reason: 'Fuzzing the purge endpoint' },
  },
  { method: 'GET', path: '/api/pages/:page/content', query: { version: 'draft', format: 'json' } },
  { method: 'GET', path: '/api/pages/:page/published-blocks' },
  { method: 'GET', path: '/api/collections' },
  {
    method: 'POST',
    path: '/api/collections',
    body: { name: 'Critical care', requiredApprovals: 1, reviewValidDays: 365, reviewerIds: [] },
  },
  { method: 'PATCH', path: '/api/collections/:collection', body: { name: 'Renamed collection' } },
  { method: 'PUT', path: '/api/pages/:page/collection', body: { collectionId: null } },
  { method: 'POST', path: '/api/teams', body: { name: 'Team A', memberIds: [], leadId: null } },
  { method: 'GET', path: '/api/teams' },
  { method: 'PATCH', path: '/api/teams/:team', body: { name: 'Team B' } },
  { method: 'PUT', path: '/api/pages/:page/team', body: { teamId: null } },
  { method: 'POST', path: '/api/pages/:page/revisions', body: { message: 'First draft' } },
  { method: 'GET', path: '/api/pages/:page/revisions' },
  {
    method: 'POST',
    path: '/api/revisions/:revision/reviews',
    body: { decision: 'request_changes', comment: 'Cite it.' },
  },
  { method: 'POST', path: '/api/revisions/:revision/restore' },
  { method: 'GET', path: '/api/pages/:page/diff', query: { from: 'published', to: 'draft' } },
  { method: 'GET', path: '/api/review/queue' },
  { method: 'GET', path: '/api/review/queue/count' },
  { method: 'POST', path: '/api/pages/:page/references', body: { csl } },
  {
    method: 'POST',
    path: '/api/pages/:page/references',
    body: { import: '@article{a, title={T}, year={2020}}' },
  },
  { method: 'POST', path: '/api/pages/:page/references', body: { lookup: '10.1000/182' } },
  { method: 'GET', path: '/api/pages/:page/references' },
  { method: 'PATCH', path: '/api/pages/:page/references/:ref', body: { evidenceLevel: 'rct' } },
  { method: 'DELETE', path: '/api/pages/:page/references/:ref' },
  { method: 'GET', path: '/api/pages/:page/threads' },
  {
    method: 'POST',
    path: '/api/pages/:page/threads',
    body: { anchor: { start: 'a', end: 'b' }, quote: 'sepsis', body: 'Source?' },
  },
  { method: 'POST', path: '/api/threads/:thread/comments', body: { body: 'Agreed.' } },
  { method: 'POST', path: '/api/threads/:thread/resolve' },
  { method: 'POST', path: '/api/threads/:thread/reopen' },
  { method: 'GET', path: '/api/notifications' },
  {
    method: 'GET',
    path: '/api/search',
    query: { q: 'sepsis', scope: 'published', collection: '', limit: '10' },
  },
  { method: 'GET', path: '/api/audit', query: { after: '0', limit: '10' } },
  {
    method: 'GET',
    path: '/api/audit',
    query: {
      action: 'auth.',
      target: 'user:',
      from: '2026-01-01',
      to: '1900000000000',
      order: 'desc',
      before: '50',
    },
  },
  { method: 'GET', path: '/api/audit/verify' },
  {
    method: 'GET',
    path: '/api/metrics/contributions',
    query: { from: '2024-01-01', to: '2030-01-01', groupBy: 'person', role: 'student' },
  },
  { method: 'GET', path: '/api/metrics/pages' },
  {
    method: 'POST',
    path: '/api/pages/:page/images',
    body: { consent: 'no_identifiable_patient', licence: 'CC-BY' },
  },
  { method: 'GET', path: '/api/images/:image' },
  { method: 'POST', path: '/api/pages/:page/purge', body: { text: 'zzqx-not-in-the-page', reason: 'fuzz' } },
  { method: 'GET', path: '/api/guidelines' },
  { method: 'PUT', path: '/api/guidelines', body: { markdown: '# Be kind', enforce: false } },
  { method: 'POST', path: '/api/me/acknowledge', body: { version: 1 } },
  {
    method: 'POST',
    path: '/api/reports',
    body: { targetType: 'page', targetId: 'x', reason: 'inaccurate', note: 'Dose is wrong' },
  },
  { method: 'GET', path: '/api/reports', query: { state: 'open' } },
  { method: 'POST', path: '/api/reports/:report/resolve', body: { action: 'dismiss', reason: 'fine' } },
];

/** `METHOD /path` as counted in the report. */
export const routeName = (r: RouteSpec): string =>
  `${r.method} ${r.path}${r.body && Object.keys(r.body).length === 1 ? ` {${Object.keys(r.body)[0]}}` : ''}`;
