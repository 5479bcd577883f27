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
export { citedOrder, numberCitations } from './citations.ts';
export { findUncitedClaims, isClinicalClaim, splitSentences } from './claims.ts';
export type { UncitedClaim } from './claims.ts';
export { Citation } from './Citation.ts';
export { MAX_TABLE_SPAN } from './tableAttrs.ts';
export { isJsonValue } from './jsonValue.ts';
