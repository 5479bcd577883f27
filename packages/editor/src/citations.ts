import type { JSONContent } from '@tiptap/core';

/** Every citation node in document order, with the id and an excerpt of its block. */
export function citationUses(doc: JSONContent): { blockId: string; refIds: string[]; excerpt: string }[] {
  const uses: { blockId: string; refIds: string[]; excerpt: string }[] = [];
  walkBlocks(doc, (block, text) => {
    walk(block, (node) => {
      if (node.type === 'citation')
        uses.push({
          blockId: String(block.attrs?.id ?? ''),
          refIds: refIdsOf(node),
          excerpt: text.slice(0, 120),
        });
    });
  });
  return uses;
}

/** Reference ids in order of first citation: the Vancouver numbering (index + 1). */
export function citedOrder(doc: JSONContent): string[] {
  const seen = new Set<string>();
  walk(doc, (node) => {
    for (const id of refIdsOf(node)) seen.add(id);
  });
  return [...seen];
}

/**
 * A copy of the document whose citation nodes carry their numbers (`label`: "1", "1,3", "?" for a
 * reference the page does not have), for rendering.
 */
export function numberCitations(doc: JSONContent, knownRefIds: ReadonlySet<string>): JSONContent {
  const numbers = new Map(
    citedOrder(doc)
      .filter((id) => knownRefIds.has(id))
      .map((id, i) => [id, i + 1]),
  );
  const label = (ids: string[]): string => {
    if (ids.length === 0 || ids.some((id) => !numbers.has(id))) return '?';
    return ids
      .map((id) => numbers.get(id) ?? 0)
      .sort((a, b) => a - b)
      .join(',');
  };
  const copy = (node: JSONContent): JSONContent => {
    if (node.type === 'citation') return { ...node, attrs: { ...node.attrs, label: label(refIdsOf(node)) } };
    return node.content ? { ...node, content: node.content.map(copy) } : node;
  };
  return copy(doc);
}

function refIdsOf(node: JSONContent): string[] {
  if (node.type !== 'citation') return [];
  const ids: unknown = node.attrs?.refIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

export function walk(node: JSONContent, visit: (node: JSONContent) => void): void {
  visit(node);
  node.content?.forEach((child) => walk(child, visit));
}

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/** Visits every textblock with its plain text (citations excluded). */
export function walkBlocks(doc: JSONContent, visit: (block: JSONContent, text: string) => void): void {
  walk(doc, (node) => {
    if (!TEXTBLOCKS.has(node.type ?? '')) return;
    let text = '';
    walk(node, (n) => {
      if (n.type === 'text') text += n.text ?? '';
      else if (n.type === 'hardBreak') text += ' ';
    });
    visit(node, text);
  });
}
