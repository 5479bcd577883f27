import type { AuditEntry } from './model.ts';
import type { AuditLog, Clock, NewAuditEntry } from './ports.ts';

/**
 * An audit entry for an action happening now, for units of work that append it in the same
 * transaction as the change it records (the repository takes it along). Ids only in `target` and
 * `data`: never titles, content, tokens or passwords.
 */
export function auditEntry(
  clock: Clock,
  actor: string | null,
  action: string,
  target: string,
  data: Record<string, unknown> = {},
): NewAuditEntry {
  return { at: clock.now(), actor, action, target, data };
}

/**
 * The one entry point for audited actions (sign-offs, publications, restores, role changes).
 * The log is append-only; each entry is hash-chained in the domain's format (`auditChain.ts`).
 */
export function recordAudit(
  log: AuditLog,
  clock: Clock,
  actor: string | null,
  action: string,
  target: string,
  data: Record<string, unknown> = {},
): Promise<AuditEntry> {
  return log.append(auditEntry(clock, actor, action, target, data));
}
