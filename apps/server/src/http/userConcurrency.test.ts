import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { userConcurrency } from './userConcurrency.ts';

/** The parts of a response the middleware uses: locals, finish/close events, ended flags. */
class FakeResponse extends EventEmitter {
  writableEnded = false;
  destroyed = false;
  constructor(readonly locals: Record<string, unknown>) {
    super();
  }
  end(): void {
    this.writableEnded = true;
    this.emit('finish');
    this.emit('close');
  }
  abort(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

function call(
  mw: ReturnType<typeof userConcurrency>,
  userId: string | null,
): { res: FakeResponse; started: () => boolean; error: () => unknown } {
  const res = new FakeResponse(userId ? { user: { id: userId } } : {});
  let started = false;
  let error: unknown;
  const next: NextFunction = (err?: unknown) => {
    if (err) error = err;
    else started = true;
  };
  mw({} as Request, res as unknown as Response, next);
  return { res, started: () => started, error: () => error };
}

describe('userConcurrency', () => {
  it('runs a few requests of one person at once, queues the rest in order, refuses past the queue', () => {
    const mw = userConcurrency({ running: 2, waiting: 2 });
    const calls = [0, 1, 2, 3, 4].map(() => call(mw, 'u1'));
    expect(calls.map((c) => c.started())).toEqual([true, true, false, false, false]);
    expect((calls[4]?.error() as { code?: string } | undefined)?.code).toBe('rate_limited');
    expect(mw.inFlight()).toBe(2);
    calls[0]?.res.end();
    expect(calls.map((c) => c.started())).toEqual([true, true, true, false, false]);
    calls[1]?.res.end();
    calls[2]?.res.end();
    expect(calls[3]?.started()).toBe(true);
    calls[3]?.res.end();
    expect(mw.inFlight()).toBe(0);
  });

  it('keeps people apart and lets anonymous requests through', () => {
    const mw = userConcurrency({ running: 1, waiting: 0 });
    const a = call(mw, 'a');
    expect(call(mw, 'b').started()).toBe(true);
    expect(call(mw, null).started()).toBe(true);
    expect((call(mw, 'a').error() as { code?: string }).code).toBe('rate_limited');
    a.res.end();
    expect(call(mw, 'a').started()).toBe(true);
  });

  it('a request abandoned while waiting never takes a turn, and a closed one frees its turn once', () => {
    const mw = userConcurrency({ running: 1, waiting: 5 });
    const first = call(mw, 'u');
    const gone = call(mw, 'u');
    const third = call(mw, 'u');
    gone.res.abort();
    first.res.end();
    first.res.emit('close'); // finish and close both fire: one release only
    expect(gone.started()).toBe(false);
    expect(third.started()).toBe(true);
    expect(mw.inFlight()).toBe(1);
    third.res.end();
    expect(mw.inFlight()).toBe(0);
  });
});
