/**
 * WebSocket close codes of the collaboration endpoint, read by server and clients.
 * 4400–4499 tell the y-websocket client (>= 3.1) not to reconnect: use them only for permanent refusals.
 */
export const CollabCloseCode = {
  /** The frame could not be decoded or applied: a protocol error by this client. */
  BadMessage: 4400,
  /** No valid session. */
  Unauthenticated: 4401,
  /** The user may not edit this page. */
  Forbidden: 4403,
  /** The page does not exist. */
  NotFound: 4404,
  /** The document would exceed its size cap. */
  DocumentTooLarge: 4413,
  /**
   * An admin purged text from the page's history: the document was rewritten. The client must
   * discard its local copy (which still holds the text) and reconnect with a fresh one; a client
   * that comes back with the old document is refused with this code again.
   */
  PageRewritten: 4409,
  /** Too many connections (per user or per page) or too many sync requests on this one. */
  TooMany: 4429,
  /** The frame exceeds `maxPayload` (set by `ws` itself). */
  MessageTooBig: 1009,
  /** The server is shutting down; clients should reconnect. */
  GoingAway: 1001,
  /**
   * The server dropped its in-memory copy of the document (after refusing someone's malformed
   * update) and reloads it from storage; transient, clients reconnect and resync.
   */
  Reloading: 1012,
  /** The document could not be loaded; transient, clients retry. */
  LoadFailed: 1011,
} as const;

export type CollabCloseCode = (typeof CollabCloseCode)[keyof typeof CollabCloseCode];
