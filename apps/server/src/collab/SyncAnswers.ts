import * as Y from 'yjs';
import { encodeSyncStep2 } from './protocol.ts';

const MAX_CACHED_ANSWERS = 16;
const MAX_CACHED_STATE_VECTOR_BYTES = 1024;

/**
 * Sync step 2 answers of one document, kept until its next change (`clear`): fresh clients all get
 * one shared full-state buffer, and an up-to-date client asking again gets the cached answer.
 * Encoding costs time in proportion to the document's structs (the delete set is rebuilt from all
 * of them), so each answer reports the encoding work it took, for the asker's budget.
 */
export class SyncAnswers {
  private full: Uint8Array | null = null;
  private readonly byStateVector = new Map<string, Uint8Array>();

  constructor(private readonly ydoc: Y.Doc) {}

  clear(): void {
    this.full = null;
    this.byStateVector.clear();
  }

  /** The answer to `stateVector` and the structs visited to make it; throws on a malformed vector. */
  answer(stateVector: Uint8Array, structs: number): { frame: Uint8Array; work: number } {
    let work = 0;
    const fullFrame = (): Uint8Array => {
      if (!this.full) {
        work += structs;
        this.full = encodeSyncStep2(Y.encodeStateAsUpdate(this.ydoc));
      }
      return this.full;
    };
    // An encoded state vector with no clients (one varuint 0) is what a fresh client sends.
    if (stateVector.byteLength === 1 && stateVector[0] === 0) return { frame: fullFrame(), work };
    const key =
      stateVector.byteLength <= MAX_CACHED_STATE_VECTOR_BYTES
        ? Buffer.from(stateVector).toString('latin1')
        : null;
    const cached = key === null ? undefined : this.byStateVector.get(key);
    if (cached) return { frame: cached, work };
    work += structs;
    const diff = Y.encodeStateAsUpdate(this.ydoc, stateVector);
    // A diff of most of the document (a made-up state vector asks for one) would be a buffer of its
    // own per request: send the shared full state instead, which Yjs applies the same way.
    const full = fullFrame();
    const frame = diff.byteLength * 2 > full.byteLength ? full : encodeSyncStep2(diff);
    if (key !== null && this.byStateVector.size < MAX_CACHED_ANSWERS) this.byStateVector.set(key, frame);
    return { frame, work };
  }
}
