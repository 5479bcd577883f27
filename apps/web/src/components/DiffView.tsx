import type { BlockChange } from '../review/reviewTypes.ts';
import { WordDiff } from './WordDiff.tsx';

interface DiffViewProps {
  changes: BlockChange[];
  /** Shown when there are no changes. */
  emptyLabel?: string;
  label?: string;
}

const TYPE_LABELS: Record<BlockChange['type'], string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
};

/** Block-level changes: added blocks green, removed ones red and struck through, changed ones word by word. */
export function DiffView({ changes, emptyLabel = 'No changes.', label = 'Changes' }: DiffViewProps) {
  if (changes.length === 0) return <p className="diff__empty">{emptyLabel}</p>;
  return (
    <ol className="diff" aria-label={label}>
      {changes.map((change) => (
        <li
          key={`${change.type}:${change.blockId}`}
          className={`diff__block diff__block--${change.type}`}
          data-change={change.type}
        >
          <span className="diff__kind">{TYPE_LABELS[change.type]}</span>
          <div className="diff__text">
            {change.type === 'changed' && change.before === change.after ? (
              <>
                <BlockText text={change.after} />
                <span className="diff__note"> (formatting or structure changed)</span>
              </>
            ) : change.type === 'changed' ? (
              <WordDiff before={change.before ?? ''} after={change.after ?? ''} />
            ) : change.type === 'added' ? (
              <BlockText text={change.after} />
            ) : (
              <del className="diff__removed">
                <BlockText text={change.before} />
              </del>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Empty blocks (a blank paragraph, a rule) still show as something. */
function BlockText({ text }: { text: string | null }) {
  return text ? <>{text}</> : <span className="diff__blank">(empty block)</span>;
}
