import {
  phiSubmissionCheck,
  type PhiFindingView,
  type PhiScanner,
  type SubmissionCheck,
  type UserRepository,
} from '@rounds/domain';
import { detectPhi, detectPhiInBlocks, maskIdentifier } from '@rounds/phi';

/** Slices of this size take a few milliseconds each, even for hostile text on a busy machine. */
const CHUNK = 16_000;
/** Longer than any identifier the detector finds (URLs stop at 2,048), so none is cut in two. */
const OVERLAP = 2_100;
/** Enough to refuse and to show; a hostile draft may hold thousands. */
const MAX_FINDINGS = 500;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The detector for the submission guard: blocks are read in slices with a pause between them,
 * so a 1 MB hostile draft never holds the event loop for more than one slice.
 */
export const phiScanner: PhiScanner = {
  async scan(blocks, allowNames) {
    const out: PhiFindingView[] = [];
    for (const block of blocks) {
      const { text } = block;
      if (text.length <= CHUNK) {
        for (const f of detectPhiInBlocks([block], { allowNames }))
          out.push({ kind: f.kind, excerpt: f.excerpt, blockId: f.blockId });
      } else {
        for (let from = 0; from < text.length && out.length < MAX_FINDINGS; from += CHUNK) {
          const slice = text.slice(from, from + CHUNK + OVERLAP);
          // A finding belongs to the slice it starts in; the overlap only completes it.
          for (const f of detectPhi(slice, { allowNames })) {
            if (f.start < CHUNK) out.push({ kind: f.kind, excerpt: f.excerpt, blockId: block.blockId });
          }
          await yieldToEventLoop();
        }
      }
      if (out.length >= MAX_FINDINGS) break;
    }
    return out.slice(0, MAX_FINDINGS);
  },

  redact(text) {
    let out = '';
    let at = 0;
    for (const f of detectPhi(text)) {
      out += text.slice(at, f.start) + maskIdentifier(text.slice(f.start, f.end));
      at = f.end;
    }
    return out + text.slice(at);
  },
};

const ROSTER_TTL_MS = 30_000;

/**
 * The names of Rounds users, never flagged as patients; read at most every 30 seconds (a user
 * added meanwhile may wait that long to be recognised, a cost of one extra refusal at worst).
 */
export function cachedRoster(
  users: Pick<UserRepository, 'listUsers'>,
  now: () => number = Date.now,
): () => Promise<string[]> {
  let names: string[] = [];
  let readAt = -Infinity;
  return async () => {
    if (now() - readAt >= ROSTER_TTL_MS) {
      names = (await users.listUsers()).map((u) => u.name);
      readAt = now();
    }
    return names;
  };
}

/** The patient-identifier guard, the last link of the pre-submit chain (docs/phi.md). */
export const phiGuard = (users: Pick<UserRepository, 'listUsers'>): SubmissionCheck =>
  phiSubmissionCheck(phiScanner, cachedRoster(users));
