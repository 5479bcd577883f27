export { CollabCloseCode } from './closeCodes.ts';
export * from './schemas.ts';
export { presenceColor } from './presence.ts';
export * from './purge.ts';
