import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';

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
 * The reviewable blocks of a document, in order: every textblock (paragraph, heading, code block,
 * also inside lists, quotes and tables) and every leaf block (horizontal rule).
 */
export function blockFingerprints(root: PMNode): BlockFingerprint[] {
  const blocks: BlockFingerprint[] = [];
  root.descendants((node) => {
    if (node.isTextblock || (node.isBlock && node.isLeaf)) {
      blocks.push({
        id: String(node.attrs.id ?? ''),
        type: node.type.name,
        text: node.textContent,
        hash: hashContent(node.toJSON() as JSONContent),
      });
      return false;
    }
    return true;
  });
  return blocks;
}
