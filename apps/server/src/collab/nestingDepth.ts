import * as Y from 'yjs';

/**
 * Deepest nesting of Yjs types a document may have. The editor schema needs about 20 levels
 * (lists in lists in quotes in table cells); anything deeper is hostile, and recursive readers —
 * the server's materializer, y-prosemirror in every editor — overflow the stack on it.
 */
export const MAX_NESTING_DEPTH = 40;

/**
 * Whether a transaction created a type nested deeper than `limit`. Visits only the structs the
 * transaction added (from its before/after state vectors) and walks each new type's ancestors at
 * most `limit + 1` steps, so it is linear in the size of the change.
 */
export function exceedsNestingDepth(tr: Y.Transaction, limit = MAX_NESTING_DEPTH): boolean {
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = tr.doc.store.clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i];
      if (!struct || struct.id.clock >= after) break;
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) {
        if (depthOf(struct.content.type, limit) > limit) return true;
      }
    }
  }
  return false;
}

/** Number of enclosing items of a type (a root type is 0), counting at most limit + 1. */
function depthOf(type: Y.AbstractType<unknown>, limit: number): number {
  let depth = 0;
  let item = type._item;
  while (item !== null && depth <= limit) {
    depth++;
    const parent = item.parent;
    item = parent instanceof Y.AbstractType ? parent._item : null;
  }
  return depth;
}
