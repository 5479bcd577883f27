/** What happened to a page that open editors must react to at once. */
export type PageEvent =
  /** Faculty or an admin archived the page: nobody may write to it until it is restored. */
  | { kind: 'archived'; pageId: string }
  /** The page was restored: it can be edited again. */
  | { kind: 'unarchived'; pageId: string }
  /**
   * An admin purged text from the page's history: its draft and these revisions were rewritten.
   * Every cache holding their old content must drop it.
   */
  | { kind: 'purged'; pageId: string; revisionIds: string[] };

export type PageEventListener = (event: PageEvent) => void;

/**
 * The one seam for page life-cycle reactions: PageLifecycleService announces here right after the
 * change is stored, so a listener (the collaboration server, revoking that page's sockets) learns
 * of each. Listeners are called synchronously and must not throw (a throwing listener is isolated
 * from the others).
 */
export class PageEvents {
  private readonly listeners = new Set<PageEventListener>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  subscribe(listener: PageEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(event: PageEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err: unknown) {
        this.onListenerError(err);
      }
    }
  }
}
