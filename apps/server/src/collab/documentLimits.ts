import {
  attributeFits,
  isJsonValue,
  jsonSize,
  markValueFits,
  MAX_TABLE_SPAN,
  MAX_UPDATE_ATTRIBUTE_CHARS,
} from '@rounds/editor';
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
 * bytes inside attributes and marks), which would break every reader that serializes the draft,
 * or attribute values past their bounds (see updateAttributesRefused: client updates are refused
 * for those before they are applied; this catches server-made changes too).
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
      const tooLong = attributeTooLong(struct);
      if (tooLong !== null) return tooLong;
    }
  }
  return null;
}

/**
 * What is wrong with the attribute values the structs of an update carry, before any is applied:
 * a value past its bound (a link href over 2,048 characters, any other string over 256, see
 * `@rounds/editor` attributeLimits), or more than 1 Mi characters of attribute values in all.
 * ProseMirror JSON repeats a mark's attributes in every text node it covers, so a long href
 * stored once is read, submitted and published thousands of times.
 */
export function updateAttributesRefused(structs: readonly (Y.Item | Y.GC | Y.Skip)[]): string | null {
  let total = 0;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const tooLong = attributeTooLong(struct);
    if (tooLong !== null) return tooLong;
    const content = struct.content;
    if (content instanceof Y.ContentFormat) total += content.key.length + jsonSize(content.value);
    else if (content instanceof Y.ContentAny && struct.parentSub !== null) {
      total += struct.parentSub.length;
      for (const v of content.arr) total += jsonSize(v);
    }
    if (total > MAX_UPDATE_ATTRIBUTE_CHARS) return 'too many attribute characters in one update';
  }
  return null;
}

/** A mark value or element attribute past its bound, or null. */
function attributeTooLong(item: Y.Item): string | null {
  const content = item.content;
  if (content instanceof Y.ContentFormat)
    return markValueFits(content.value) ? null : 'mark attribute too long';
  const name = item.parentSub;
  // Attribute names are short (`id`, `href`, `colspan`); a long one is only there to hurt readers.
  if (name !== null && name.length > MAX_ATTRIBUTE_NAME_LENGTH) return 'attribute name too long';
  if (content instanceof Y.ContentAny && name !== null)
    return content.arr.every((v) => attributeFits(name, v)) ? null : 'attribute too long';
  return null;
}

const MAX_MARK_KEY_LENGTH = 64;
/** Longest element attribute name accepted; the editor's longest is a dozen characters. */
export const MAX_ATTRIBUTE_NAME_LENGTH = 64;

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
