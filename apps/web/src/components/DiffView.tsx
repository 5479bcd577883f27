import { imageSrc, type ReferenceListChanges, type ReviewChange } from '@rounds/editor';
import { WordDiff } from './WordDiff.tsx';
import { ReferenceChanges, hasReferenceChanges } from './ReferenceChanges.tsx';

interface DiffViewProps {
  changes: ReviewChange[];
  /** Changes of the reference list (cited references, Vancouver). */
  references?: ReferenceListChanges;
  /** Shown when there are no changes. */
  emptyLabel?: string;
  label?: string;
  /** How many more changed blocks the server did not list (a huge diff is bounded). */
  truncatedChanges?: number;
  /** How many of the changes are of images (listed even past the cap), and how many of those are not. */
  imageChanges?: number;
  truncatedImageChanges?: number;
}

const TYPE_LABELS: Record<ReviewChange['type'], string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
};

/**
 * What changed between two versions, as a reader sees them: each block with where it stands,
 * its words and marks (inserted in <ins>, removed in <del>), what changed said in words (link
 * targets old → new, heading levels, lists, table cells, citations), then the reference list.
 */
export function DiffView({
  changes,
  references,
  emptyLabel = 'No changes.',
  label = 'Changes',
  truncatedChanges = 0,
  imageChanges = 0,
  truncatedImageChanges = 0,
}: DiffViewProps) {
  const refsChanged = references ? hasReferenceChanges(references) : false;
  if (changes.length === 0 && !refsChanged && truncatedChanges === 0)
    return <p className="diff__empty">{emptyLabel}</p>;
  return (
    <div className="diff-view">
      {truncatedChanges > 0 && (
        <TruncationNote
          listed={changes.length}
          hidden={truncatedChanges}
          images={imageChanges}
          hiddenImages={truncatedImageChanges}
        />
      )}
      {changes.length > 0 && (
        <ol className="diff" aria-label={label}>
          {changes.map((change, index) => (
            <li
              key={`${change.type}:${change.blockId}:${index}`}
              className={`diff__block diff__block--${change.type}`}
              data-change={change.type}
              data-testid="diff-block"
            >
              <span className="diff__kind">{TYPE_LABELS[change.type]}</span>
              <div className="diff__body">
                <p className="diff__where">{change.where}</p>
                <div className={`diff__text diff__text--${change.blockType}`}>
                  <BlockContent change={change} />
                </div>
                {change.truncated && (
                  <p className="diff__truncated" data-testid="diff-truncated">
                    … truncated: this block is too long to show in full (its start and end are shown)
                  </p>
                )}
                {change.details.length > 0 && (
                  <ul className="diff__details" aria-label="What changed">
                    {change.details.map((d, i) => (
                      <li
                        key={i}
                        className={`diff__detail diff__detail--${d.kind}`}
                        data-testid="diff-detail"
                      >
                        {d.message}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {truncatedChanges > 0 && (
        <p className="diff__truncated" data-testid="diff-truncated-changes">
          … truncated: {truncatedChanges.toLocaleString('en')} more changed{' '}
          {truncatedChanges === 1 ? 'block is' : 'blocks are'} not listed (too many changes to show at once)
        </p>
      )}
      {references && refsChanged && <ReferenceChanges references={references} />}
    </div>
  );
}

const blocks = (n: number): string => `${n.toLocaleString('en')} changed ${n === 1 ? 'block' : 'blocks'}`;

/**
 * Said before the list when the server listed only part of a huge diff: how many changes it hides,
 * and that image changes are all listed (a swapped picture cannot hide behind many small edits).
 */
function TruncationNote(props: { listed: number; hidden: number; images: number; hiddenImages: number }) {
  const { listed, hidden, images, hiddenImages } = props;
  const shownImages = images - hiddenImages;
  return (
    <p className="diff__truncated" role="status" data-testid="diff-truncation-note">
      This diff is too large to list in full: {blocks(listed)} shown, {hidden.toLocaleString('en')} more not
      listed.{' '}
      {hiddenImages > 0
        ? `${shownImages.toLocaleString('en')} of ${images.toLocaleString('en')} image changes are listed.`
        : images > 0
          ? images === 1
            ? 'The image change is listed below (image changes are always listed).'
            : `All ${images.toLocaleString('en')} image changes are listed below.`
          : 'No image changed.'}
    </p>
  );
}

function BlockContent({ change }: { change: ReviewChange }) {
  if (change.blockType === 'horizontalRule') return <span className="diff__blank">(horizontal rule)</span>;
  if (change.images) return <ImageThumbnails change={change} images={change.images} />;
  if (change.inline) return <WordDiff segments={change.inline} />;
  // Too large to compare word by word: the old text, then the new.
  return (
    <>
      {change.before !== null && <del className="diff__del diff__replaced">{change.before}</del>}
      {change.before !== null && change.after !== null && ' '}
      {change.after !== null && <ins className="diff__ins diff__replaced">{change.after}</ins>}
    </>
  );
}

/** An image block's change: small thumbnails of the picture before and after (a replaced image shows both). */
function ImageThumbnails({
  change,
  images,
}: {
  change: ReviewChange;
  images: { before: string | null; after: string | null };
}) {
  const same = images.before !== null && images.before === images.after;
  return (
    <div className="diff__images">
      {images.before !== null && !same && (
        <figure className="diff__image diff__image--before">
          <img src={imageSrc(images.before)} alt={`Before: ${change.before ?? 'image'}`} loading="lazy" />
          <figcaption>
            <del className="diff__del">{change.before}</del>
          </figcaption>
        </figure>
      )}
      {images.after !== null && (
        <figure className="diff__image diff__image--after">
          <img
            src={imageSrc(images.after)}
            alt={`${same ? '' : 'After: '}${change.after ?? 'image'}`}
            loading="lazy"
          />
          <figcaption>
            {same && change.before !== change.after && <del className="diff__del">{change.before}</del>}{' '}
            <ins className="diff__ins">{change.after}</ins>
          </figcaption>
        </figure>
      )}
    </div>
  );
}
