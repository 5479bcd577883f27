export { CollabCloseCode } from './closeCodes.ts';
export * from './schemas.ts';
