export {
  roundsExtensions,
  isSafeHref,
  isRenderableHref,
  BLOCK_ID_TYPES,
  DOCUMENT_FIELD,
  ALLOWED_LINK_PROTOCOLS,
} from './extensions.ts';
export type { RoundsExtensionOptions } from './extensions.ts';
export { hashContent, blockFingerprints, isReviewableNode, isBlockBoundary } from './fingerprint.ts';
export type { BlockFingerprint } from './fingerprint.ts';
export { citedOrder, numberCitations } from './citations.ts';
export { findUncitedClaims, isClinicalClaim, splitSentences } from './claims.ts';
export type { UncitedClaim } from './claims.ts';
export { Citation } from './Citation.ts';
export { Image, imageAlt, imageSrc, imageText, stripAltControls } from './Image.ts';
export { MAX_TABLE_SPAN } from './tableAttrs.ts';
export { isJsonValue } from './jsonValue.ts';
export { diffDocuments, diffDocumentsYielding } from './diff/diffDocuments.ts';
export type { DiffOptions, DiffStats } from './diff/diffDocuments.ts';
export { DOCUMENT_WORK, DOCUMENT_TOKENS, MAX_CHANGES, TEXT_SHOWN } from './diff/diffDocuments.ts';
export {
  MAX_HREF_LENGTH,
  MAX_ATTRIBUTE_LENGTH,
  MAX_CITATION_REFS,
  MAX_REF_ID_LENGTH,
  MAX_UPDATE_ATTRIBUTE_CHARS,
  MAX_ALT_LENGTH,
  MAX_IMAGE_ID_LENGTH,
  isImageId,
  attributeFits,
  markValueFits,
  fitNodeAttrs,
  fitMarkAttrs,
  jsonSize,
} from './attributeLimits.ts';
export { isEmptyTextblock, reviewBlocks, blockWhere, blockKind } from './diff/reviewBlocks.ts';
export { markWord, citationWords } from './diff/describeChanges.ts';
export { numberedReferences, diffReferenceLists } from './diff/diffReferences.ts';
export type * from './diff/types.ts';
