import { TokenBucket } from './TokenBucket.ts';

/**
 * Rates one connection may use, well above honest use (LESSONS: a fast typist sends 15–20
 * updates/s per tab, a paste is one update, a student may have ten tabs open) so that only abuse
 * meets them. Updates past the rate are slowed, awareness past it is coalesced (the latest state
 * wins), and sync requests past it close the socket (4429): a y-websocket client sends one per
 * connection, and each answer can be the whole document.
 */
export interface RateSettings {
  updatesPerSecond: number;
  userUpdatesPerSecond: number;
}

const AWARENESS_PER_SECOND = 20;
const AWARENESS_BURST = 60;
const SYNC_REQUESTS_BURST = 5;
const SYNC_REQUESTS_PER_SECOND = 0.2;
const USER_SYNC_REQUESTS_BURST = 40;
const USER_SYNC_REQUESTS_PER_SECOND = 1;

/** Budgets shared by all of one user's connections. */
export class UserBudget {
  connections = 0;
  readonly updates: TokenBucket;
  readonly syncRequests = new TokenBucket(USER_SYNC_REQUESTS_PER_SECOND, USER_SYNC_REQUESTS_BURST);

  constructor(settings: RateSettings) {
    this.updates = new TokenBucket(settings.userUpdatesPerSecond, settings.userUpdatesPerSecond * 3);
  }

  /** Nothing worth remembering: no connection and every budget full. */
  get idle(): boolean {
    return this.connections === 0 && this.updates.isFull && this.syncRequests.isFull;
  }
}

/** One connection's budgets, plus its user's. */
export class PeerLimits {
  readonly updates: TokenBucket;
  readonly awareness = new TokenBucket(AWARENESS_PER_SECOND, AWARENESS_BURST);
  readonly syncRequests = new TokenBucket(SYNC_REQUESTS_PER_SECOND, SYNC_REQUESTS_BURST);

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

  /** Whether one more sync request is within budget. */
  allowSyncRequest(): boolean {
    return this.syncRequests.tryTake() && this.user.syncRequests.tryTake();
  }
}
