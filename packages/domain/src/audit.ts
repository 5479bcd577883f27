import type { AuditEntry } from './model.ts';
import type { AuditLog, Clock } from './ports.ts';

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
  return log.append({ at: clock.now(), actor, action, target, data });
}
