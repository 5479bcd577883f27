import { useEffect, useMemo } from 'react';
import { useEditorState } from '@tiptap/react';
import type { Editor } from '@tiptap/react';
import type { ReferenceView } from '../citations/referenceTypes.ts';
import { phiFindings, setPhiAllowNames, type LiveFinding } from './PhiHighlights.ts';

const NONE: LiveFinding[] = [];

/**
 * The live patient-identifier findings of the editor, with the names the server also allows
 * kept out: the page's reference authors and the people the page shows (the signed-in user,
 * the authors and reviewers of its revisions).
 */
export function usePhiFindings(
  editor: Editor | null,
  references: ReferenceView[] | null,
  people: Record<string, string> | undefined,
  userName: string,
): LiveFinding[] {
  const allowNames = useMemo(() => {
    const names = new Set<string>([userName, ...Object.values(people ?? {})]);
    for (const reference of references ?? []) {
      for (const author of reference.csl.author ?? []) {
        const name = [author.family, author.given, author.literal].filter(Boolean).join(' ');
        if (name) names.add(name);
      }
    }
    return [...names].sort();
  }, [references, people, userName]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) setPhiAllowNames(editor, allowNames);
  }, [editor, allowNames]);

  return useEditorState({ editor, selector: ({ editor: e }) => (e ? phiFindings(e.state) : NONE) }) ?? NONE;
}
