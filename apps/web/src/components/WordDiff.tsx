import type { ReactNode } from 'react';
import { citationWords, markWord, type DiffMark, type InlineSegment } from '@rounds/editor';

/**
 * A changed block word by word, with its marks: inserted words in <ins>, removed ones in <del>,
 * words whose formatting changed outlined, and every changed link followed by its target in text
 * (old → new), so nothing is told by colour alone.
 */
export function WordDiff({ segments }: { segments: InlineSegment[] }) {
  return (
    <>
      {segments.map((s, index) => (
        <Segment key={index} segment={s} />
      ))}
    </>
  );
}

function Segment({ segment: s }: { segment: InlineSegment }) {
  const body = s.citation ? (
    <sup className="diff__citation" title={citationWords(s.citation)}>
      {s.citationBefore && s.citationBefore.label !== s.citation.label ? (
        <>
          <del className="diff__del">{s.citationBefore.label}</del>
          <ins className="diff__ins">{s.citation.label}</ins>
        </>
      ) : (
        s.citation.label
      )}
    </sup>
  ) : s.truncated ? (
    <>
      {withMarks(s.text, s.marks)}
      <span className="visually-hidden"> (truncated)</span>
    </>
  ) : (
    withMarks(s.text, s.marks)
  );
  const link = s.marks.find((m) => m.type === 'link');
  if (s.op === 'insert')
    return (
      <ins className="diff__ins">
        {body}
        {link && s.text.trim() && <Href href={link.href} />}
      </ins>
    );
  if (s.op === 'delete')
    return (
      <del className="diff__del">
        {body}
        {link && s.text.trim() && <Href href={link.href} />}
      </del>
    );
  if (s.op === 'format') {
    const oldLink = s.marksBefore?.find((m) => m.type === 'link');
    return (
      <>
        <span className="diff__format">
          {body}
          <span className="visually-hidden">
            {' '}
            (formatting changed: {formatChange(s.marksBefore ?? [], s.marks)})
          </span>
        </span>
        {(link ?? oldLink) && link?.href !== oldLink?.href && (
          <Href href={link?.href} old={oldLink?.href ?? ''} />
        )}
      </>
    );
  }
  return <span>{body}</span>;
}

/** A link target shown in text: "⟨https://…⟩", or "⟨old → new⟩" when it changed. */
function Href({ href, old }: { href: string | undefined; old?: string }) {
  return (
    <span className="diff__href" data-testid="diff-href">
      {' ⟨'}
      {old !== undefined && (
        <>
          <del className="diff__del">{old || 'no link'}</del>
          {' → '}
        </>
      )}
      {old !== undefined ? <ins className="diff__ins">{href ?? 'no link'}</ins> : href}
      {'⟩'}
    </span>
  );
}

function formatChange(before: DiffMark[], after: DiffMark[]): string {
  const key = (m: DiffMark) => `${m.type}:${m.href ?? ''}`;
  const was = new Set(before.map(key));
  const now = new Set(after.map(key));
  const added = after.filter((m) => !was.has(key(m))).map(markWord);
  const removed = before.filter((m) => !now.has(key(m))).map((m) => `not ${markWord(m)}`);
  return [...added, ...removed].join(', ') || 'marks changed';
}

const WRAPPERS: Record<string, (children: ReactNode) => ReactNode> = {
  bold: (c) => <strong>{c}</strong>,
  italic: (c) => <em>{c}</em>,
  code: (c) => <code>{c}</code>,
  strike: (c) => <s>{c}</s>,
  underline: (c) => <u>{c}</u>,
};

/** Text with its marks as the reader sees them; a link is underlined, never clickable, its target on hover. */
function withMarks(text: string, marks: DiffMark[]): ReactNode {
  let node: ReactNode = text;
  for (const m of marks) {
    if (m.type === 'link')
      node = (
        <span className="diff__link" title={m.href}>
          {node}
        </span>
      );
    else node = WRAPPERS[m.type]?.(node) ?? node;
  }
  return node;
}
