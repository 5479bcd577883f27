import { TokenBucket } from './TokenBucket.ts';

/**
 * Rates one connection may use, well above honest use (LESSONS: a fast typist sends 15–20
 * updates/s per tab, a paste is one update, a student may have ten tabs open, and our web app asks
 * the server to confirm its edits with a sync request up to ~3 times a second) so that only abuse
 * meets them. Past a rate the connection is slowed, never closed: updates and sync answers wait
 * their turn, and awareness is coalesced (the latest state wins). Sync answers are also paced by
 * their size, since one request can ask for the whole document.
 */
export interface RateSettings {
  updatesPerSecond: number;
  userUpdatesPerSecond: number;
}

const AWARENESS_PER_SECOND = 20;
const AWARENESS_BURST = 60;
const SYNC_REQUESTS_PER_SECOND = 20;
const USER_SYNC_REQUESTS_PER_SECOND = 60;
const MB = 1024 * 1024;
/** Bytes of sync answers: a burst that fits a full document or two, then a few MB/s. */
const ANSWER_BYTES_PER_SECOND = 4 * MB;
const ANSWER_BYTES_BURST = 32 * MB;
const USER_ANSWER_BYTES_PER_SECOND = 8 * MB;
const USER_ANSWER_BYTES_BURST = 64 * MB;
/** Structs visited encoding sync answers per user: ~50 ms of encoding a second at most. */
const USER_ENCODE_WORK_PER_SECOND = 200_000;
const USER_ENCODE_WORK_BURST = 1_000_000;

/** What a peer has buffered, for the per-user total. */
export interface Buffered {
  readonly bufferedAmount: number;
}

/** Budgets shared by all of one user's connections. */
export class UserBudget {
  connections = 0;
  readonly updates: TokenBucket;
  readonly syncRequests = new TokenBucket(USER_SYNC_REQUESTS_PER_SECOND, USER_SYNC_REQUESTS_PER_SECOND * 2);
  readonly answerBytes = new TokenBucket(USER_ANSWER_BYTES_PER_SECOND, USER_ANSWER_BYTES_BURST);
  readonly encodeWork = new TokenBucket(USER_ENCODE_WORK_PER_SECOND, USER_ENCODE_WORK_BURST);
  /** The user's open peers, whose unsent bytes count against one total. */
  readonly peers = new Set<Buffered>();

  constructor(settings: RateSettings) {
    this.updates = new TokenBucket(settings.userUpdatesPerSecond, settings.userUpdatesPerSecond * 3);
  }

  /** Nothing worth remembering: no connection and every budget full. */
  get idle(): boolean {
    return (
      this.connections === 0 &&
      this.updates.isFull &&
      this.syncRequests.isFull &&
      this.answerBytes.isFull &&
      this.encodeWork.isFull
    );
  }

  /** Bytes waiting to be sent to all of this user's peers. */
  get buffered(): number {
    let n = 0;
    for (const p of this.peers) n += p.bufferedAmount;
    return n;
  }
}

/** One connection's budgets, plus its user's. */
export class PeerLimits {
  readonly updates: TokenBucket;
  readonly awareness = new TokenBucket(AWARENESS_PER_SECOND, AWARENESS_BURST);
  readonly syncRequests = new TokenBucket(SYNC_REQUESTS_PER_SECOND, SYNC_REQUESTS_PER_SECOND * 2);
  readonly answerBytes = new TokenBucket(ANSWER_BYTES_PER_SECOND, ANSWER_BYTES_BURST);

  constructor(
    settings: RateSettings,
    readonly user: UserBudget,
  ) {
    this.updates = new TokenBucket(settings.updatesPerSecond, settings.updatesPerSecond * 3);
  }

  /** Milliseconds to hold back the next update so both this socket's and the user's rate hold. */
  delayForUpdate(): number {
    return Math.max(this.updates.take(), this.user.updates.take());
  }

  /** Milliseconds to hold back the next sync request. */
  delayForSyncRequest(): number {
    return Math.max(this.syncRequests.take(), this.user.syncRequests.take());
  }

  /** Milliseconds to hold back a sync answer of `bytes` that cost `work` to encode. */
  delayForAnswer(bytes: number, work: number): number {
    return Math.max(
      this.answerBytes.take(bytes),
      this.user.answerBytes.take(bytes),
      work > 0 ? this.user.encodeWork.take(work) : 0,
    );
  }
}
