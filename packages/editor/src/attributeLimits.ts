import { MAX_TABLE_SPAN } from './tableAttrs.ts';

/**
 * Bounds on the attribute values of Rounds documents, shared by the collaboration server (which
 * refuses updates past them), the materializer and the HTML renderer (which drop what a document
 * stored before the bounds holds past them) and the editor (which never writes past them).
 *
 * Why they matter: ProseMirror JSON repeats a mark's attributes in every text node the mark
 * covers, while Yjs stores them once per formatting run. A 20 kB link href over 2,000 alternately
 * bold words was 97 kB of Yjs and 41 MB of JSON on every read, submission and learner view.
 */

/** Longest link href: a URL length browsers, servers and search engines all handle. */
export const MAX_HREF_LENGTH = 2048;
/**
 * Longest other string attribute (block ids are UUIDs, code block languages, list types,
 * alignment, link target/rel/class/title): far above what the editor writes.
 */
export const MAX_ATTRIBUTE_LENGTH = 256;
/** Most references one citation may cite: a page holds at most 500. */
export const MAX_CITATION_REFS = 500;
/** Longest reference id in a citation (ids are UUIDs). */
export const MAX_REF_ID_LENGTH = 128;
/** Longest image id (server-made UUIDs), of `[A-Za-z0-9_-]` only: safe in a URL path and an attribute. */
export const MAX_IMAGE_ID_LENGTH = 64;
/** Longest alt text of an image. */
export const MAX_ALT_LENGTH = 1000;
/**
 * A character alt text may not hold: what `cleanDisplayText` (@rounds/shared) refuses in names and
 * attributions — C0/C1 controls, zero-width and direction marks, bidi embeddings, overrides and
 * isolates, BOM, interlinear annotations, noncharacters — and lone surrogates.
 */
export const ALT_CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const IMAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** True for an image id Rounds could have made (bounded, of a safe charset). */
export const isImageId = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_IMAGE_ID_LENGTH && IMAGE_ID.test(value);
/** Most attributes in one mark value (a link has five). */
export const MAX_MARK_ATTRIBUTES = 16;
/** Longest attribute name inside a mark value. */
export const MAX_ATTRIBUTE_NAME_LENGTH = 64;
/**
 * Most characters of attribute values one update may carry (half the largest collaboration
 * message): a paste of 1,000 links with 300-character URLs is 300 k, a whole table-heavy draft
 * sent by a reconnecting client rarely reaches a few hundred k.
 */
export const MAX_UPDATE_ATTRIBUTE_CHARS = 1024 * 1024;

/**
 * Approximate size of a value as JSON (characters, escapes not counted), counted at most to
 * `limit + 1` so a huge value costs no more than the limit to measure. Lengths of strings are
 * read, not scanned.
 */
export function jsonSize(value: unknown, limit = Number.MAX_SAFE_INTEGER): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const v = stack.pop();
    if (typeof v === 'string') size += v.length + 2;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (let i = 0; i < v.length && i <= limit; i++) stack.push(v[i]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      size += 2;
      for (const [k, child] of entries) {
        size += k.length + 4;
        stack.push(child);
        if (size > limit) break;
      }
    } else size += 8;
  }
  return size;
}

const isScalar = (v: unknown): boolean =>
  v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number';

/**
 * Whether a node or mark attribute value is within its bound: `href` at most 2,048 characters,
 * `refIds` at most 500 ids of at most 128, `imageId` an image id (`isImageId`), `alt` at most 1,000 without control or bidi characters, `colwidth` at most one width per spanned column, any
 * other string at most 256, any other structure at most 256 as JSON.
 */
export function attributeFits(name: string, value: unknown): boolean {
  if (isScalar(value)) return true;
  switch (name) {
    case 'href':
      return typeof value === 'string' && value.length <= MAX_HREF_LENGTH;
    case 'refIds':
      return (
        Array.isArray(value) &&
        value.length <= MAX_CITATION_REFS &&
        value.every((id) => isScalar(id) || (typeof id === 'string' && id.length <= MAX_REF_ID_LENGTH))
      );
    case 'imageId':
      return isImageId(value);
    case 'alt':
      // No control or text-direction characters (the editor strips them; see `stripAltControls`).
      return typeof value === 'string' && value.length <= MAX_ALT_LENGTH && !ALT_CONTROL.test(value);
    case 'colwidth':
      return Array.isArray(value) && value.length <= MAX_TABLE_SPAN && value.every(isScalar);
    default:
      return typeof value === 'string'
        ? value.length <= MAX_ATTRIBUTE_LENGTH
        : jsonSize(value, MAX_ATTRIBUTE_LENGTH) <= MAX_ATTRIBUTE_LENGTH;
  }
}

/**
 * Whether the value of a Yjs format (a mark's attributes, or null to remove it) is within the
 * bounds: at most 16 attributes with short names, each within `attributeFits`.
 */
export function markValueFits(value: unknown): boolean {
  if (isScalar(value)) return true;
  if (typeof value === 'string') return value.length <= MAX_ATTRIBUTE_LENGTH;
  if (Array.isArray(value)) return jsonSize(value, MAX_ATTRIBUTE_LENGTH) <= MAX_ATTRIBUTE_LENGTH;
  const entries = Object.entries(value as Record<string, unknown>);
  return (
    entries.length <= MAX_MARK_ATTRIBUTES &&
    entries.every(([k, v]) => k.length <= MAX_ATTRIBUTE_NAME_LENGTH && attributeFits(k, v))
  );
}

/**
 * Node attributes a renderer can take, for documents stored before the bounds: a value past its
 * bound is left out (the schema's default applies), a citation keeps its first 500 ids that fit.
 */
export function fitNodeAttrs(attrs: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(attrs)) {
    if (attributeFits(key, value)) continue;
    out ??= { ...attrs };
    if (key === 'refIds' && Array.isArray(value))
      out[key] = value
        .filter((id): id is string => typeof id === 'string' && id.length <= MAX_REF_ID_LENGTH)
        .slice(0, MAX_CITATION_REFS);
    else if (key === 'alt' && typeof value === 'string')
      // Stored before the bound: the alt keeps what it says, without the control characters.
      out[key] = value
        .slice(0, MAX_ALT_LENGTH * 2)
        .replace(new RegExp(ALT_CONTROL.source, 'g'), '')
        .slice(0, MAX_ALT_LENGTH);
    else delete out[key];
  }
  return out ?? attrs;
}

/**
 * Mark attributes a renderer can take, or null when the mark must go: a link whose href is not a
 * string within the bound is no link (its text stays, as plain text). Other values past their
 * bound are left out.
 */
export function fitMarkAttrs(type: string, attrs: Record<string, unknown>): Record<string, unknown> | null {
  if (type === 'link' && !(typeof attrs.href === 'string' && attrs.href.length <= MAX_HREF_LENGTH))
    return null;
  return fitNodeAttrs(attrs);
}
