export {
  roundsExtensions,
  isSafeHref,
  BLOCK_ID_TYPES,
  DOCUMENT_FIELD,
  ALLOWED_LINK_PROTOCOLS,
} from './extensions.ts';
export type { RoundsExtensionOptions } from './extensions.ts';
export { hashContent, blockFingerprints } from './fingerprint.ts';
export type { BlockFingerprint } from './fingerprint.ts';
