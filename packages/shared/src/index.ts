export { CollabCloseCode } from './closeCodes.ts';
export * from './schemas.ts';
export { presenceColor } from './presence.ts';
export * from './images.ts';
export * from './professionalism.ts';
export type { AuditEntryView, AuditListView, AuditVerifyView } from './audit.ts';
export * from './purge.ts';
