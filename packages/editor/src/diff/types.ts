/** The rich review diff's shapes, shared by the server (which computes them) and the web app (which shows them). */

/** A mark as a reader sees it: its type and, for links, the target (a very long one shortened, "…"). */
export interface DiffMark {
  type: string;
  href?: string;
}

/** A reference a citation points to, as numbered on one side of the diff. */
export interface CitedReference {
  id: string;
  /** Its number in the reference list of that version (null: the page does not have it, shown "?"). */
  number: number | null;
  /** Vancouver text, or null when the reference is unknown. */
  formatted: string | null;
}

/** A citation marker inside a block. */
export interface CitationMarker {
  refIds: string[];
  /** "[2]", "[1,3]", "[?]". */
  label: string;
  refs: CitedReference[];
}

/**
 * One run of a block's inline content: unchanged (`equal`), new (`insert`), gone (`delete`), or the
 * same text with other marks (`format`: `marks` now, `marksBefore` then).
 */
export interface InlineSegment {
  op: 'equal' | 'insert' | 'delete' | 'format';
  text: string;
  marks: DiffMark[];
  marksBefore?: DiffMark[];
  citation?: CitationMarker;
  /** For a citation whose number changed (the same references, renumbered). */
  citationBefore?: CitationMarker;
  /** True when `text` is a long run shortened for display (its start and end around "…"). */
  truncated?: boolean;
}

export type ChangeDetailKind =
  | 'text'
  | 'mark'
  | 'link'
  | 'blockType'
  | 'heading'
  | 'code'
  | 'list'
  | 'table'
  | 'quote'
  | 'citation'
  | 'moved'
  | 'replaced'
  | 'image';

/** A change said in words ("Link target changed: a → b"), so a reviewer never has to infer it from colour. */
export interface ChangeDetail {
  kind: ChangeDetailKind;
  message: string;
  before?: string;
  after?: string;
}

/** Where a block stands and what kind of block it is; the parts a diff compares besides its text. */
export interface BlockAttrs {
  type: string;
  level?: number;
  language?: string | null;
  /** List kinds from the outermost list in: "bullet", "ordered", "task". */
  list?: string[];
  /** Start number of the innermost ordered list, when not 1. */
  start?: number;
  checked?: boolean;
  cell?: 'header' | 'cell';
  colspan?: number;
  rowspan?: number;
  /** How many quotes the block is inside. */
  quote?: number;
  /** An image block: the image it shows (null: not an image id) and its alt text. */
  imageId?: string | null;
  alt?: string;
}

/**
 * One changed block of a page. `before`/`after` are its plain text, as in the public contract; for
 * a huge block they are shortened (start and end kept around "…") and `truncated` is true.
 */
export interface ReviewChange {
  type: 'added' | 'removed' | 'changed';
  blockId: string;
  before: string | null;
  after: string | null;
  /** True when `before` or `after` was shortened (longer than `TEXT_SHOWN` characters). */
  truncated?: boolean;
  /** The block's node type (after the change; before it, for a removed block). */
  blockType: string;
  /** Where it stands, in words ("Paragraph in bullet list, item 2"). */
  where: string;
  /** True when the text is the same and only marks, attributes, structure or position changed. */
  marksChanged: boolean;
  /** The block's attributes on both sides, when they differ. */
  attrs?: { before: BlockAttrs; after: BlockAttrs };
  details: ChangeDetail[];
  /** Word and mark segments; null when the block was too large to compare word by word. */
  inline: InlineSegment[] | null;
  /** For an image block: the image shown before and after (null: none on that side), for thumbnails. */
  images?: { before: string | null; after: string | null };
}

/** A reference of one version's reference list (cited references, numbered in order of first citation). */
export interface ListedReference {
  id: string;
  number: number;
  formatted: string;
  evidenceLevel: string | null;
}

export interface ReferenceListChanges {
  added: ListedReference[];
  removed: ListedReference[];
  /** The same reference with other text or evidence level. */
  changed: { id: string; before: ListedReference; after: ListedReference }[];
  /** The same reference under another number (a citation was added or removed before it). */
  renumbered: { id: string; from: number; to: number; formatted: string }[];
}

export interface DocumentDiff {
  /** The changes in page order; at most a bounded number (see `truncatedChanges`). */
  changes: ReviewChange[];
  /** How many more changed blocks there are beyond those listed (absent when all are listed). */
  truncatedChanges?: number;
  /**
   * How many of the changes are of image blocks (added, removed, replaced, alt text); absent when
   * none. Image changes are listed even past the cap on other changes (up to `MAX_IMAGE_CHANGES`).
   */
  imageChanges?: number;
  /** Image changes not listed (only past `MAX_IMAGE_CHANGES`); counted in `truncatedChanges` too. */
  truncatedImageChanges?: number;
  references: ReferenceListChanges;
}

/** A reference of the page's library (or of a revision's snapshot), as the diff needs it. */
export interface ReferenceEntry {
  id: string;
  formatted: string;
  evidenceLevel?: string | null;
}
