import { useRef, useState } from 'react';
import { PROFESSIONALISM_LIMITS } from '@rounds/shared';
import { ReportDialog } from './ReportDialog.tsx';

interface Passage {
  blockId?: string;
  quote?: string;
}

/** The block (its `data-id`) and text of the selection inside `container`, if there is one. */
function selectedPassage(container: HTMLElement | null): Passage {
  const selection = window.getSelection();
  if (!container || !selection || selection.rangeCount === 0 || selection.isCollapsed) return {};
  const range = selection.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return {};
  const start = range.startContainer;
  const element = start instanceof Element ? start : start.parentElement;
  const block = element?.closest<HTMLElement>('[data-id]');
  const quote = selection.toString().trim().slice(0, PROFESSIONALISM_LIMITS.reportQuoteMax);
  return {
    ...(block?.dataset.id && container.contains(block) ? { blockId: block.dataset.id } : {}),
    ...(quote ? { quote } : {}),
  };
}

/**
 * "Report a concern" about a page: about the passage selected in `container` (its block and a short
 * quote) when there is a selection, else about the page as a whole.
 */
export function PassageReport({
  pageId,
  container,
}: {
  pageId: string;
  container: () => HTMLElement | null;
}) {
  const [passage, setPassage] = useState<Passage | null>(null);
  const pressed = useRef<Passage | null>(null);
  const subject = passage?.quote
    ? `About this passage: “${passage.quote}”`
    : 'About this page. (To point at a passage, select its text first.)';
  return (
    <>
      <button
        type="button"
        className="button button--ghost button--small"
        // Read before the click moves focus and may clear the selection.
        onMouseDown={() => {
          pressed.current = selectedPassage(container());
        }}
        onClick={() => {
          setPassage(pressed.current ?? selectedPassage(container()));
          pressed.current = null;
        }}
      >
        Report a concern
      </button>
      {passage && (
        <ReportDialog
          target={{ targetType: 'page', targetId: pageId, ...passage }}
          subject={subject}
          onClose={() => setPassage(null)}
        />
      )}
    </>
  );
}
