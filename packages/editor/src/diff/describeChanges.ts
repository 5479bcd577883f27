import { blockKind } from './reviewBlocks.ts';
import type { BlockAttrs, ChangeDetail, CitationMarker, DiffMark, InlineSegment } from './types.ts';

const MARK_WORDS: Record<string, string> = {
  bold: 'bold',
  italic: 'italic',
  strike: 'struck through',
  code: 'code',
  underline: 'underlined',
};
const LIST_WORDS: Record<string, string> = {
  bullet: 'bullet list',
  ordered: 'numbered list',
  task: 'task list',
};

/** A mark in words ("bold", "link to https://…"). */
export function markWord(mark: DiffMark): string {
  if (mark.type === 'link') return `link to ${mark.href ?? ''}`;
  return MARK_WORDS[mark.type] ?? mark.type;
}

const quote = (text: string): string => {
  const t = text.replace(/\s+/g, ' ').trim();
  return `“${t.length > 80 ? `${t.slice(0, 79)}…` : t}”`;
};

/** A citation in words: "[2] Smith J. Title…" for each reference it points to. */
export function citationWords(c: CitationMarker): string {
  if (c.refs.length === 0) return `${c.label} (cites nothing)`;
  return c.refs
    .map((r) => {
      const text = r.formatted
        ? r.formatted.length > 120
          ? `${r.formatted.slice(0, 119)}…`
          : r.formatted
        : '';
      return r.number === null
        ? '[?] a reference this version does not have'
        : `[${r.number}] ${text}`.trim();
    })
    .join('; ');
}

/**
 * What changed in a block, said in words: attribute and structure changes first, then mark,
 * link and citation changes from the inline segments. `whole`: a block added or removed entirely.
 */
export function describeChanges(
  before: BlockAttrs | null,
  after: BlockAttrs,
  inline: InlineSegment[] | null,
  beforeText: string,
  afterText: string,
  whole?: 'added' | 'removed',
): ChangeDetail[] {
  const details: ChangeDetail[] = before ? attrChanges(before, after) : [];
  if (after.type === 'image' && (whole || before?.type !== 'image'))
    details.push(imageDetail(whole === 'removed' ? 'Image removed' : 'Image added', after));
  else if (before?.type === 'image' && after.type !== 'image')
    details.push(imageDetail('Image removed', before));
  if (!inline) {
    if (whole)
      details.push({ kind: 'text', message: 'Shown as plain text (too large to show word by word)' });
    else details.push({ kind: 'replaced', message: 'Replaced whole (too large to compare word by word)' });
    return details;
  }
  for (const s of inline) {
    if (s.citation && s.op !== 'equal' && s.op !== 'format') {
      const verb =
        s.op === 'insert' ? (whole ? 'Citation' : 'Citation added') : whole ? 'Citation' : 'Citation removed';
      details.push({ kind: 'citation', message: `${verb}: ${citationWords(s.citation)}` });
      continue;
    }
    const link = s.marks.find((m) => m.type === 'link');
    if (s.op === 'format') {
      const old = s.marksBefore ?? [];
      const oldLink = old.find((m) => m.type === 'link');
      if (link && oldLink && link.href !== oldLink.href)
        details.push({
          kind: 'link',
          message: `Link target changed: ${oldLink.href ?? ''} → ${link.href ?? ''} (on ${quote(s.text)})`,
          before: oldLink.href,
          after: link.href,
        });
      else if (link && !oldLink)
        details.push({
          kind: 'link',
          message: `Link added on ${quote(s.text)}: → ${link.href ?? ''}`,
          after: link.href,
        });
      else if (!link && oldLink)
        details.push({
          kind: 'link',
          message: `Link removed from ${quote(s.text)} (was ${oldLink.href ?? ''})`,
          before: oldLink.href,
        });
      const types = (marks: DiffMark[]) => new Set(marks.filter((m) => m.type !== 'link').map((m) => m.type));
      const was = types(old);
      const now = types(s.marks);
      for (const t of now)
        if (!was.has(t))
          details.push({ kind: 'mark', message: `Made ${markWord({ type: t })}: ${quote(s.text)}` });
      for (const t of was)
        if (!now.has(t))
          details.push({ kind: 'mark', message: `No longer ${markWord({ type: t })}: ${quote(s.text)}` });
      continue;
    }
    if (link && s.op === 'insert' && s.text.trim())
      details.push({
        kind: 'link',
        message: `${whole ? 'Link' : 'Link added'}: ${quote(s.text)} → ${link.href ?? ''}`,
        after: link.href,
      });
    if (link && s.op === 'delete' && s.text.trim())
      details.push({
        kind: 'link',
        message: `${whole ? 'Link' : 'Link removed'}: ${quote(s.text)} (was ${link.href ?? ''})`,
        before: link.href,
      });
  }
  return details;
}

const imageDetail = (verb: string, attrs: BlockAttrs): ChangeDetail => ({
  kind: 'image',
  message: attrs.alt ? `${verb}: ${quote(attrs.alt)}` : `${verb} (no alt text)`,
});

function attrChanges(before: BlockAttrs, after: BlockAttrs): ChangeDetail[] {
  const d: ChangeDetail[] = [];
  if (before.type === 'image' && after.type === 'image') {
    // Images are immutable: another id is another picture, whatever its alt text says.
    if (before.imageId !== after.imageId)
      d.push({
        kind: 'image',
        message: 'Image replaced by another picture',
        before: before.imageId ?? '',
        after: after.imageId ?? '',
      });
    if (before.alt !== after.alt)
      d.push({
        kind: 'image',
        message: `Alt text: ${before.alt ? quote(before.alt) : '(none)'} → ${after.alt ? quote(after.alt) : '(none)'}`,
        before: before.alt,
        after: after.alt,
      });
  }
  if (before.type !== after.type)
    d.push({
      kind: 'blockType',
      message: `${blockKind(before)} → ${blockKind(after)}`,
      before: before.type,
      after: after.type,
    });
  else if (before.type === 'heading' && before.level !== after.level)
    d.push({
      kind: 'heading',
      message: `Heading level ${before.level ?? 1} → ${after.level ?? 1}`,
      before: String(before.level ?? 1),
      after: String(after.level ?? 1),
    });
  else if (before.type === 'codeBlock' && before.language !== after.language)
    d.push({
      kind: 'code',
      message: `Code language: ${before.language ?? 'none'} → ${after.language ?? 'none'}`,
    });

  const was = before.list ?? [];
  const now = after.list ?? [];
  const listWord = (l: string[]) => LIST_WORDS[l[l.length - 1] ?? ''] ?? 'list';
  if (was.length === 0 && now.length > 0) d.push({ kind: 'list', message: `Put into a ${listWord(now)}` });
  else if (was.length > 0 && now.length === 0)
    d.push({ kind: 'list', message: `Taken out of the ${listWord(was)}` });
  else if (was.length > 0) {
    if (was.length !== now.length)
      d.push({ kind: 'list', message: `List nesting level ${was.length} → ${now.length}` });
    if (was[was.length - 1] !== now[now.length - 1])
      d.push({ kind: 'list', message: `${capital(listWord(was))} → ${listWord(now)}` });
    else if ((before.start ?? 1) !== (after.start ?? 1))
      d.push({ kind: 'list', message: `Numbering starts at ${before.start ?? 1} → ${after.start ?? 1}` });
  }
  if (before.checked !== after.checked && after.checked !== undefined && before.checked !== undefined)
    d.push({ kind: 'list', message: after.checked ? 'Task marked done' : 'Task marked not done' });

  if (!before.cell && after.cell) d.push({ kind: 'table', message: 'Moved into a table' });
  else if (before.cell && !after.cell) d.push({ kind: 'table', message: 'Moved out of the table' });
  else if (before.cell && after.cell) {
    if (before.cell !== after.cell)
      d.push({
        kind: 'table',
        message: after.cell === 'header' ? 'Table cell → header cell' : 'Header cell → table cell',
      });
    if (before.colspan !== after.colspan || before.rowspan !== after.rowspan)
      d.push({
        kind: 'table',
        message: `Cell span ${before.colspan ?? 1}×${before.rowspan ?? 1} → ${after.colspan ?? 1}×${after.rowspan ?? 1} (columns×rows)`,
      });
  }
  if ((before.quote ?? 0) !== (after.quote ?? 0))
    d.push({
      kind: 'quote',
      message: !after.quote
        ? 'No longer quoted'
        : !before.quote
          ? 'Quoted'
          : `Quote depth ${before.quote} → ${after.quote}`,
    });
  return d;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
