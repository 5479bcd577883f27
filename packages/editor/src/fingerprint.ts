import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { imageText } from './Image.ts';

/**
 * Content hashes shared by server and browser (the editor marks unreviewed blocks live, so both
 * sides must hash identically): SHA-256 of the ProseMirror JSON with block ids removed, so a hash
 * says what a block says, not which block it is. ProseMirror's toJSON emits keys in schema order,
 * so the same content always serializes the same way.
 */
export function hashContent(node: JSONContent): string {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(stripIds(node)))));
}

function stripIds(node: JSONContent): JSONContent {
  const { attrs, content, ...rest } = node;
  const out: JSONContent = { ...rest };
  if (attrs) {
    const { id: _id, ...other } = attrs;
    if (Object.keys(other).length > 0) out.attrs = other;
  }
  if (content) out.content = content.map(stripIds);
  return out;
}

export interface BlockFingerprint {
  id: string;
  type: string;
  text: string;
  hash: string;
}

/**
 * True for a block a reviewer reads: a textblock with content (paragraph, heading, code block, also
 * inside lists, quotes and tables) or a leaf block (horizontal rule). An empty textblock (the
 * trailing paragraph, a blank line) says nothing: it is never a change nor unreviewed. The browser
 * marks unreviewed blocks with this same rule.
 */
export function isReviewableNode(node: PMNode): boolean {
  return (node.isTextblock && node.childCount > 0) || (node.isBlock && node.isLeaf);
}

/** True where the walk stops: at a block (reviewable or empty), whose inside is not a block. */
export function isBlockBoundary(node: PMNode): boolean {
  return node.isTextblock || (node.isBlock && node.isLeaf);
}

/** The reviewable blocks of a document, in order (see `isReviewableNode`). */
export function blockFingerprints(root: PMNode): BlockFingerprint[] {
  const blocks: BlockFingerprint[] = [];
  root.descendants((node) => {
    if (isBlockBoundary(node)) {
      if (!isReviewableNode(node)) return false;
      blocks.push({
        id: String(node.attrs.id ?? ''),
        type: node.type.name,
        text: node.type.name === 'image' ? imageText(node.attrs.alt) : node.textContent,
        hash: hashContent(node.toJSON() as JSONContent),
      });
      return false;
    }
    return true;
  });
  return blocks;
}
