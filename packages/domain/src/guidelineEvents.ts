/** A new version of the guidelines was published (enforced or not). */
export interface GuidelinesChanged {
  version: number;
  enforce: boolean;
}

export type GuidelinesListener = (event: GuidelinesChanged) => void;

/**
 * The seam for reactions to a change of the guidelines: the collaboration server closes the
 * editing sockets of people who have not acknowledged an enforced version. Listeners are called
 * synchronously after the change is stored; a throwing listener is isolated from the others.
 */
export class GuidelineEvents {
  private readonly listeners = new Set<GuidelinesListener>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  subscribe(listener: GuidelinesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(event: GuidelinesChanged): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err: unknown) {
        this.onListenerError(err);
      }
    }
  }
}
