import { z } from 'zod';

// Zod's fast path compiles parsers with `new Function`, and probing for it already counts as an
// eval the web app's Content-Security-Policy (script-src 'self') refuses. Parse without it, here
// and on the server alike: request bodies are small, and no code is ever generated at run time.
z.config({ jitless: true });

export const ROLES = ['student', 'faculty', 'learner', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const LIMITS = {
  titleMax: 200,
  nameMax: 120,
  /** Collections and teams. */
  groupNameMax: 120,
  /** A collection's description. */
  descriptionMax: 500,
  emailMax: 254,
  passwordMin: 10,
  passwordMax: 256,
  /** Largest JSON request body, in bytes. */
  jsonBodyMax: 256 * 1024,
} as const;

/**
 * Characters a human-visible name (title, person, team, collection) may never contain: C0 and C1
 * controls, zero-width and directional marks (U+200B–U+200F), line and paragraph separators,
 * bidirectional embeddings, overrides and isolates, the Arabic letter mark, the byte order mark,
 * interlinear annotation marks and the noncharacters U+FFFE/U+FFFF. Lone surrogates are refused
 * separately. Each test is a comparison: no regular expression, linear in the input.
 */
function isRefusedCodePoint(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x061c ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff ||
    (c >= 0xfff9 && c <= 0xfffb) ||
    c === 0xfffe ||
    c === 0xffff
  );
}

/** Characters that are allowed but show nothing: a name made only of these is empty. */
function isInvisibleCodePoint(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0xa0 ||
    c === 0xad ||
    c === 0x034f ||
    c === 0x115f ||
    c === 0x1160 ||
    c === 0x1680 ||
    c === 0x17b4 ||
    c === 0x17b5 ||
    (c >= 0x180b && c <= 0x180f) ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    (c >= 0x205f && c <= 0x2064) ||
    (c >= 0x206a && c <= 0x206f) ||
    c === 0x2800 ||
    c === 0x3000 ||
    c === 0x3164 ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xffa0 ||
    (c >= 0x1d173 && c <= 0x1d17a) ||
    (c >= 0xe0000 && c <= 0xe007f) ||
    (c >= 0xe0100 && c <= 0xe01ef)
  );
}

export type DisplayTextResult =
  | { ok: true; value: string }
  | { ok: false; reason: 'forbidden_character' | 'empty' | 'too_long'; message: string };

/**
 * Checks and cleans a human-visible name: refuses control, invisible-formatting and bidi-override
 * characters and lone surrogates, normalizes to NFC, trims whitespace, and refuses what is then
 * longer than `max` or shows nothing. One pass over the string; safe on any length.
 */
export function cleanDisplayText(raw: string, max: number): DisplayTextResult {
  let visible = false;
  for (let i = 0; i < raw.length; i++) {
    let c = raw.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < raw.length ? raw.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || next < 0xdc00 || next > 0xdfff) {
        return {
          ok: false,
          reason: 'forbidden_character',
          message: 'contains a broken character (lone surrogate)',
        };
      }
      c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (isRefusedCodePoint(c)) {
      const hex = c.toString(16).toUpperCase().padStart(4, '0');
      return {
        ok: false,
        reason: 'forbidden_character',
        message: `contains an invisible, control or text-direction character (U+${hex})`,
      };
    }
    if (!visible && !isInvisibleCodePoint(c)) visible = true;
  }
  if (!visible) return { ok: false, reason: 'empty', message: 'must contain visible characters' };
  const value = raw.normalize('NFC').trim();
  if (value.length > max) {
    return { ok: false, reason: 'too_long', message: `must be at most ${max} characters` };
  }
  return { ok: true, value };
}

/** A zod schema for a human-visible name of at most `max` characters (see `cleanDisplayText`). */
export function displayText(max: number) {
  // The raw cap bounds the work before anything else runs; the real limit applies after NFC.
  return z
    .string()
    .max(max * 4, `must be at most ${max} characters`)
    .transform((raw, ctx) => {
      const result = cleanDisplayText(raw, max);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    });
}

const email = z.string().trim().toLowerCase().max(LIMITS.emailMax).pipe(z.email());
const password = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);
const name = displayText(LIMITS.nameMax);

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().min(1).max(LIMITS.emailMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
});

export const CreateUserRequest = z.object({ email, name, password, role: RoleSchema });
export const UpdateUserRequest = z
  .object({ name: name.optional(), role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export const SetupRequest = z.object({ token: z.string().min(1).max(200), email, name, password });

/** `POST /api/me/password`: the new password has the same rules as any other (10..256 characters). */
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: password,
});
const resetToken = z.string().min(1).max(200);
/** `POST /api/auth/reset`. */
export const ResetPasswordRequest = z.object({ token: resetToken, password });
/** `POST /api/auth/reset/check`. */
export const ResetCheckRequest = z.object({ token: resetToken });

/** `POST /api/users/:id/reset-link` → 201: the one-time link (shown once) and its ISO expiry. */
export interface ResetLinkView {
  url: string;
  expiresAt: string;
}
/** `POST /api/auth/reset/check` → 200: whose link it is and its ISO expiry. */
export interface ResetCheckView {
  email: string;
  expiresAt: string;
}
/**
 * The 410 answers of `/api/auth/reset` and `/api/auth/reset/check` (`{error, message}`): used,
 * expired, or not valid at all (unknown, replaced by a newer link, or the account is disabled).
 */
export const RESET_LINK_ERRORS = ['link_used', 'link_expired', 'link_invalid'] as const;
export type ResetLinkError = (typeof RESET_LINK_ERRORS)[number];

export const CreatePageRequest = z.object({ title: displayText(LIMITS.titleMax) });
/** `PATCH /api/pages/:id`: a rename (the slug follows; every earlier slug keeps resolving). */
export const RenamePageRequest = z.object({ title: displayText(LIMITS.titleMax) });
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
  /** Learners: the published revision's title. Editors: the draft title (renames show at once). */
  title: string;
  published: boolean;
  pendingReview: boolean;
  updatedAt: string;
}

export interface PageView {
  id: string;
  slug: string;
  /** Learners: the published revision's title. Editors: the draft title (renames show at once). */
  title: string;
  /** The title learners read: the published revision's, snapshotted when it was submitted (null: unpublished). */
  publishedTitle: string | null;
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
  /** Archived pages are read-only and hidden from lists, search, the queue and learners. */
  archived: boolean;
  archivedAt: string | null;
  collectionId: string | null;
  /** What the viewer may do to this page (so the web app does not restate the role policy). */
  abilities: PageAbilities;
}

/**
 * A page title on both sides of a comparison (queue items, diffs): `before` is what learners read
 * now (null: nothing published), `after` what the revision would publish. Shown as "Title: before → after".
 */
export interface TitleChange {
  before: string | null;
  after: string;
}

export interface PageAbilities {
  rename: boolean;
  archive: boolean;
  moveToCollection: boolean;
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
