import type { Role } from './model.ts';

/** Who may do what. One place, so every route and the WebSocket ask the same question. */
export const policy = {
  canCreatePage: (role: Role): boolean => role === 'student' || role === 'faculty' || role === 'admin',
  /** Editing the live draft, over HTTP or WebSocket. Learners only ever read published content. */
  canEditDraft: (role: Role): boolean => role === 'student' || role === 'faculty' || role === 'admin',
  canReadDraft: (role: Role): boolean => role === 'student' || role === 'faculty' || role === 'admin',
  canManageUsers: (role: Role): boolean => role === 'admin',
  /** Signing off revisions; collections may narrow it to their reviewers. */
  canReview: (role: Role): boolean => role === 'faculty' || role === 'admin',
  /** Renaming a page: whoever may edit its draft. */
  canRenamePage: (role: Role): boolean => role === 'student' || role === 'faculty' || role === 'admin',
  /** Archiving and restoring pages. */
  canArchivePage: (role: Role): boolean => role === 'faculty' || role === 'admin',
  /** Moving a page between collections changes who signs it off: admins only. */
  canManageCollections: (role: Role): boolean => role === 'admin',
  /** Purging text from a page's whole history (patient information): admins only. */
  canPurgeText: (role: Role): boolean => role === 'admin',
} as const;
