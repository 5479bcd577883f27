import type { AuditListing } from '@rounds/domain';
import type { AuditEntryView } from '@rounds/shared';

/**
 * One audit entry as the admin reads it. `data` holds ids, kinds, reasons and addresses only
 * (what `auditEntry` callers may put there); `actorName` comes from the same query.
 */
export const presentAuditEntry = (e: AuditListing): AuditEntryView => ({
  seq: e.seq,
  at: new Date(e.at).toISOString(),
  actor: e.actor,
  actorName: e.actorName,
  action: e.action,
  target: e.target,
  data: e.data,
  hash: e.hash,
  prevHash: e.prevHash,
  hashVersion: e.hashVersion,
});
