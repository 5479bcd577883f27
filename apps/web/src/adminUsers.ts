import type { Role, UserView } from '@rounds/shared';

/** A row of `GET /api/users` (admin only). */
export interface AdminUser extends UserView {
  createdAt: string;
  disabled: boolean;
}

/** Roles in the order the admin screens offer them. */
export const ROLE_OPTIONS: readonly Role[] = ['student', 'faculty', 'learner', 'admin'];
