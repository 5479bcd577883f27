/** Server-side entry: materialization and HTML rendering (pulls in yjs and sanitize-html, not for the browser bundle). */
export { materializeFragment, materializeState, roundsSchema } from './materialize.ts';
export type { Block, Materialized } from './materialize.ts';
export { renderHtml, renderPageHtml } from './renderHtml.ts';
export type { RenderedReference } from './renderHtml.ts';
export { writeDocument } from './writeDocument.ts';
export { sanitizeProseHtml } from './sanitizeProse.ts';
export { freshDocument, purgeDocument, stateClientIds, updatesHold } from './purgeDocument.ts';
export type { PurgedDocument } from './purgeDocument.ts';
export { foldedHolds, foldText } from './purgeMatch.ts';
export {
  purgeString,
  purgeJson,
  jsonHolds,
  docHolds,
  purgeDocumentJson,
  purgeMarkerFor,
  PURGE_MARKER,
} from './purgeText.ts';
