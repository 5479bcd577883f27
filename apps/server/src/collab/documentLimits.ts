import { isJsonValue, MAX_TABLE_SPAN } from '@rounds/editor';
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
/**
 * What a transaction added that no Rounds editor writes, or null: a type nested deeper than
 * `limit`, or content the document's JSON cannot carry (binary, sub-documents, embeds, BigInts or
 * bytes inside attributes and marks), which would break every reader that serializes the draft.
 */
export function documentLimitBroken(tr: Y.Transaction, limit = MAX_NESTING_DEPTH): string | null {
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = tr.doc.store.clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i];
      if (!struct || struct.id.clock >= after) break;
      if (!(struct instanceof Y.Item)) continue;
      const content = struct.content;
      if (content instanceof Y.ContentType) {
        if (depthOf(content.type, limit) > limit) return 'nesting too deep';
      } else if (
        content instanceof Y.ContentBinary ||
        content instanceof Y.ContentDoc ||
        content instanceof Y.ContentEmbed ||
        content instanceof Y.ContentJSON
      ) {
        return 'unsupported content';
      } else if (content instanceof Y.ContentAny) {
        if (!content.arr.every((v) => isJsonValue(v))) return 'unsupported attribute value';
        const key = struct.parentSub;
        if ((key === 'colspan' || key === 'rowspan') && !content.arr.every(isTableSpan))
          return 'table span out of range';
      } else if (content instanceof Y.ContentFormat) {
        // Mark names are short (`bold`, `comment--<hash>`); a long one is only there to hurt readers.
        if (content.key.length > MAX_MARK_KEY_LENGTH) return 'unsupported mark';
        if (!isJsonValue(content.value)) return 'unsupported mark value';
      }
    }
  }
  return null;
}

const MAX_MARK_KEY_LENGTH = 64;

/** A colspan or rowspan renderers can take (each spanned column becomes an element). */
function isTableSpan(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_TABLE_SPAN;
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
