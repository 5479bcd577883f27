import { diffWords } from 'diff';

/** Text of a changed block with removed words struck through and added words highlighted. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after);
  return (
    <>
      {parts.map((part, index) => {
        if (part.added)
          return (
            <ins key={index} className="diff__ins">
              {part.value}
            </ins>
          );
        if (part.removed)
          return (
            <del key={index} className="diff__del">
              {part.value}
            </del>
          );
        return <span key={index}>{part.value}</span>;
      })}
    </>
  );
}
