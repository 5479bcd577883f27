/** "Published" when a signed-off revision exists, else "Draft". */
export function StatusBadge({ published }: { published: boolean }) {
  return published ? (
    <span className="badge badge--published">Published</span>
  ) : (
    <span className="badge badge--draft">Draft</span>
  );
}
