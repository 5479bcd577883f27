import type { Role } from '@rounds/shared';

/** Roles that co-edit drafts and create pages; learners only read published content. */
export function canEdit(role: Role): boolean {
  return role === 'student' || role === 'faculty' || role === 'admin';
}

/** Roles that sign off revisions (faculty and admins). */
export function canReview(role: Role): boolean {
  return role === 'faculty' || role === 'admin';
}

/** Human wording of each role, as shown next to a name. */
export const ROLE_LABELS: Record<Role, string> = {
  student: 'Student',
  faculty: 'Faculty',
  learner: 'Learner',
  admin: 'Admin',
};
