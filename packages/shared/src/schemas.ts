import { z } from 'zod';

export const ROLES = ['student', 'faculty', 'learner', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const LIMITS = {
  titleMax: 200,
  nameMax: 120,
  emailMax: 254,
  passwordMin: 10,
  passwordMax: 256,
  /** Largest JSON request body, in bytes. */
  jsonBodyMax: 256 * 1024,
} as const;

const email = z.string().trim().toLowerCase().max(LIMITS.emailMax).pipe(z.email());
const password = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);
const name = z.string().trim().min(1).max(LIMITS.nameMax);

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().min(1).max(LIMITS.emailMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
});

export const CreateUserRequest = z.object({ email, name, password, role: RoleSchema });
export const UpdateUserRequest = z
  .object({ name: name.optional(), role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export const SetupRequest = z.object({ token: z.string().min(1).max(200), email, name, password });

export const CreatePageRequest = z.object({ title: z.string().trim().min(1).max(LIMITS.titleMax) });
export const ContentQuery = z.object({
  version: z.string().max(100).default('published'),
  format: z.enum(['json', 'text', 'html']).default('json'),
});

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface PageSummaryView {
  id: string;
  slug: string;
  title: string;
  published: boolean;
  pendingReview: boolean;
  updatedAt: string;
}

export interface PageView {
  id: string;
  slug: string;
  title: string;
  published: boolean;
  publishedRevisionId: string | null;
  pendingReview: boolean;
  unreviewedBlocks: number;
  uncitedClaims: number;
  reviewDue: boolean;
  updatedAt: string;
  createdAt: string;
  /** When the published revision was signed off (null when nothing is published). */
  publishedAt?: string | null;
}

/** `GET /api/pages/:id`: the page plus who signed off its published revision. */
export interface PageDetailView extends PageView {
  reviewedBy: { id: string; name: string }[];
}

/** Presence fields the server writes into each connection's awareness state (clients cannot set them). */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** How strong the evidence behind a reference is, strongest first. */
export const EVIDENCE_LEVELS = [
  'guideline',
  'systematic_review',
  'rct',
  'cohort',
  'case_control',
  'case_series',
  'expert_opinion',
] as const;
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];
