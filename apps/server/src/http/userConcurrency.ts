import { DomainError } from '@rounds/domain';
import type { RequestHandler } from 'express';

export interface UserConcurrencyOptions {
  /** Requests of one person served at once; the rest wait their turn. */
  running: number;
  /** Requests of one person allowed to wait; past this they are refused with 429. */
  waiting: number;
}

interface Lane {
  running: number;
  queue: (() => void)[];
}

/**
 * Serves at most `running` page requests of one person at a time (content, diff, references…):
 * one student firing a hundred reads of a big draft at once holds a few response bodies in memory,
 * not a hundred, and everyone else's requests keep their turn on the event loop. Honest screens
 * that fire many small requests at once (a review queue with many cards) only wait; a flood past
 * `waiting` gets 429. Written here because rate limiters count requests over time, while this
 * bounds requests in flight. Anonymous requests pass through (the routes refuse them).
 */
export function userConcurrency(options: UserConcurrencyOptions): RequestHandler & { inFlight(): number } {
  const lanes = new Map<string, Lane>();
  let inFlight = 0;

  const release = (userId: string): void => {
    const lane = lanes.get(userId);
    if (!lane) return;
    const next = lane.queue.shift();
    if (next) {
      next();
      return;
    }
    lane.running--;
    inFlight--;
    if (lane.running === 0) lanes.delete(userId);
  };

  const handler: RequestHandler = (_req, res, next) => {
    const userId = (res.locals.user as { id: string } | undefined)?.id;
    if (!userId) {
      next();
      return;
    }
    let lane = lanes.get(userId);
    if (!lane) {
      lane = { running: 0, queue: [] };
      lanes.set(userId, lane);
    }
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      release(userId);
    };
    const start = (): void => {
      res.once('finish', finish);
      res.once('close', finish);
      next();
    };
    if (lane.running < options.running) {
      lane.running++;
      inFlight++;
      start();
      return;
    }
    if (lane.queue.length >= options.waiting) {
      next(new DomainError('rate_limited', 'Too many requests at once; try again in a moment'));
      return;
    }
    // A request given up while waiting leaves the queue without taking a turn.
    const waiter = (): void => {
      res.off('close', abandon);
      if (res.writableEnded || res.destroyed) {
        release(userId);
        return;
      }
      start();
    };
    const abandon = (): void => {
      const q = lanes.get(userId)?.queue;
      const at = q?.indexOf(waiter) ?? -1;
      if (q && at >= 0) q.splice(at, 1);
    };
    res.once('close', abandon);
    lane.queue.push(waiter);
  };
  return Object.assign(handler, { inFlight: () => inFlight });
}
