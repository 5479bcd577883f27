import * as Y from 'yjs';
import type { CollabDocument } from './CollabDocument.ts';

/**
 * Values computed from a loaded document (the materialized draft), one per document and key,
 * reused while the document's version is unchanged and dropped with the document (weakly held).
 */
export class DerivedValues {
  private readonly slots = new WeakMap<CollabDocument, Map<symbol, DerivedSlot>>();

  private slotOf(doc: CollabDocument, key: symbol): DerivedSlot {
    let memo = this.slots.get(doc);
    if (!memo) {
      memo = new Map();
      this.slots.set(doc, memo);
    }
    let slot = memo.get(key);
    if (!slot) {
      slot = { latest: null, running: null, next: null };
      memo.set(key, slot);
    }
    return slot;
  }

  /**
   * fn's result for a version at least the document's current one. At most one computation per
   * document and key runs at a time: a read of the version being computed shares it; a read of a
   * newer version waits for it and then shares ONE follow-up computation, started once the running
   * one settles on the state as it is then (so never older than any waiting read's start). N
   * concurrent reads of a document that keeps changing cost at most two computations, never N.
   */
  latest<T>(
    doc: CollabDocument,
    key: symbol,
    fn: (doc: { readonly ydoc: Y.Doc }) => T | Promise<T>,
  ): Promise<T> {
    const slot = this.slotOf(doc, key);
    if (slot.latest && slot.latest.version === doc.version) return slot.latest.value as Promise<T>;
    if (slot.next) return slot.next as Promise<T>;
    if (!slot.running) return this.compute(doc, slot, fn, true);
    const next = slot.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        slot.next = null;
        if (slot.latest && slot.latest.version === doc.version) return slot.latest.value as Promise<T>;
        return this.compute(doc, slot, fn, true);
      });
    slot.next = next;
    return next;
  }

  /**
   * fn's result for exactly the current state (submit's snapshot): a memo of this version, else
   * computed now; it runs beside a running computation rather than after it if need be.
   */
  exactly<T>(
    doc: CollabDocument,
    key: symbol,
    fn: (doc: { readonly ydoc: Y.Doc }) => T | Promise<T>,
  ): Promise<T> {
    const slot = this.slotOf(doc, key);
    if (slot.latest && slot.latest.version === doc.version) return slot.latest.value as Promise<T>;
    return this.compute(doc, slot, fn, slot.running === null);
  }

  /** Starts fn on the state now and remembers it for this version (as the running one if `run`). */
  private compute<T>(
    doc: CollabDocument,
    slot: DerivedSlot,
    fn: (doc: { readonly ydoc: Y.Doc }) => T | Promise<T>,
    run: boolean,
  ): Promise<T> {
    const version = doc.version;
    // readStored takes its copy (or runs fn) before its first await, so this is the state at `version`.
    const value = readStored(doc, fn);
    slot.latest = { version, value };
    if (run) slot.running = value;
    const settle = (failed: boolean): void => {
      if (slot.running === value) slot.running = null;
      if (failed && slot.latest?.value === value) slot.latest = null;
    };
    value.then(
      () => settle(false),
      () => settle(true),
    );
    return value;
  }
}

/** A derived value per document and key (see DerivedValues.latest). */
interface DerivedSlot {
  /** The newest computation started, running or done, and the version it is of. */
  latest: { version: number; value: Promise<unknown> } | null;
  /** The computation reads chain after (at most one per document and key). */
  running: Promise<unknown> | null;
  /** The follow-up that reads of a newer version share while `running` runs. */
  next: Promise<unknown> | null;
}

/**
 * fn on what is applied to `doc` now, once that is stored: the live document when it is durable,
 * else a copy taken before waiting (synchronously, before the first await).
 */
export async function readStored<T>(
  doc: CollabDocument,
  fn: (doc: { readonly ydoc: Y.Doc }) => T | Promise<T>,
): Promise<T> {
  if (doc.isDurable) return await fn(doc);
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc.ydoc));
    await doc.whenDurable();
    return await fn({ ydoc: copy });
  } finally {
    copy.destroy();
  }
}
