import { connectCollab, paragraphTexts, type CollabClient } from '../support/collab.ts';
import { HONEST_CLOSE_CODES } from './collabCases.ts';
import type { FuzzServer } from './fuzzServer.ts';
import { NoAnswer, send } from './httpRequest.ts';

/** The people of a collaboration fuzz run: sessions live in the database, so they survive restarts. */
export interface CollabWorld {
  server: FuzzServer;
  admin: Person;
  /** Honest editors: a student who types, a faculty member who watches. */
  writer: Person;
  observer: Person;
  /** Students sending hostile frames (students may edit pages without a team). */
  fuzzers: FuzzerPool;
}

/**
 * Hostile students. The server refuses the upgrades of someone whose bytes failed to apply to a
 * page for a while (429): then the next one takes over, and new ones are made when all wait.
 */
export class FuzzerPool {
  private readonly waitingUntil = new Map<Person, number>();

  constructor(
    private readonly people: Person[],
    private readonly make: () => Promise<Person>,
  ) {}

  get size(): number {
    return this.people.length;
  }

  async next(): Promise<Person> {
    const now = Date.now();
    const free = this.people.find((p) => (this.waitingUntil.get(p) ?? 0) <= now);
    if (free) return free;
    const made = await this.make();
    this.people.push(made);
    return made;
  }

  /** `who` was refused with 429: rest them for `ms`. */
  rest(who: Person, ms: number): void {
    this.waitingUntil.set(who, Date.now() + ms);
  }

  /** After a restart nobody is refused any more. */
  clear(): void {
    this.waitingUntil.clear();
  }
}

export interface Person {
  id: string;
  cookie: string;
}

/** A page under test and every paragraph honest editors wrote to it, in order. */
export interface PageState {
  id: string;
  honest: string[];
}

/** A broken invariant. `invariant` names the promise, `observed` what happened instead. */
export class InvariantFailure extends Error {
  constructor(
    readonly invariant: string,
    readonly observed: string,
  ) {
    super(`${invariant}: ${observed}`);
  }
}

/** Generous for a noisy 2-core machine; the invariants themselves stay strict. */
const SYNC_TIMEOUT_MS = 20_000;
const READ_TIMEOUT_MS = 20_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(10);
  }
  return true;
}

/**
 * Counts what y-protocols reports when an honest client cannot apply what the server sent it
 * (`readSyncStep2`/`readUpdate` catch the error and only `console.error` it): such a client
 * silently lacks that update. Returns a stop function giving the messages seen.
 */
export function watchHonestApplyErrors(): () => string[] {
  const seen: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Caught error while handling a Yjs update')) {
      seen.push(`${args[0]}: ${String(args[1]).split('\n')[0]}`);
      return;
    }
    original(...args);
  };
  return () => {
    console.error = original;
    return seen;
  };
}

/** Whether `expected` appears in `actual` in order (other paragraphs may sit between). */
export function missingInOrder(expected: readonly string[], actual: readonly string[]): string[] {
  let i = 0;
  const missing: string[] = [];
  for (const text of expected) {
    const at = actual.indexOf(text, i);
    if (at < 0) missing.push(text);
    else i = at + 1;
  }
  return missing;
}

const excerpt = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

/** Connects a real y-websocket client and waits for sync step 2 (`provider.synced`). */
export async function connectSynced(
  world: CollabWorld,
  page: PageState,
  who: Person,
  invariant: string,
): Promise<CollabClient> {
  const client = connectCollab(world.server.wsUrl, page.id, who.cookie);
  const closes: string[] = [];
  const codes: number[] = [];
  client.provider.on('connection-close', (e: CloseEvent | null) => {
    codes.push(e?.code ?? -1);
    closes.push(`${e?.code ?? -1}${e?.reason ? ` "${e.reason}"` : ''}`);
  });
  const fatal = (): boolean => codes.some((c) => !HONEST_CLOSE_CODES.includes(c));
  if (!(await until(() => client.provider.synced || fatal(), SYNC_TIMEOUT_MS)) || fatal()) {
    client.destroy();
    throw new InvariantFailure(
      invariant,
      fatal()
        ? `closed with ${closes.join(', ')} before sync`
        : `no sync within ${SYNC_TIMEOUT_MS / 1000} s${closes.length ? ` (closed with ${closes.join(', ')})` : ''}`,
    );
  }
  return client;
}

/** A new honest client syncs every honest paragraph (and, with `live`, the same text as a live editor). */
export async function checkFreshClient(
  world: CollabWorld,
  page: PageState,
  stage: string,
  live?: { client: CollabClient; person: Person },
): Promise<void> {
  const invariant = `a fresh honest client syncs all honest text ${stage}`;
  const fresh = await connectSynced(world, page, world.admin, invariant);
  try {
    const missing = missingInOrder(page.honest, paragraphTexts(fresh.doc));
    if (missing.length > 0) {
      throw new InvariantFailure(
        invariant,
        `${missing.length} of ${page.honest.length} honest paragraphs missing, e.g. ${JSON.stringify(missing[0])}; ` +
          `it has ${paragraphTexts(fresh.doc).length} paragraphs`,
      );
    }
    if (!live) return;
    const same = (): boolean =>
      JSON.stringify(paragraphTexts(fresh.doc)) === JSON.stringify(paragraphTexts(live.client.doc));
    if (!(await until(same, 5_000))) {
      throw new InvariantFailure(
        `a fresh client converges with the live editors ${stage}`,
        `fresh client has ${paragraphTexts(fresh.doc).length} paragraphs, the live editor ${
          paragraphTexts(live.client.doc).length
        }`,
      );
    }
    const presence = (): unknown =>
      (
        fresh.provider.awareness.getStates().get(live.client.doc.clientID) as
          { user?: { id?: unknown } } | undefined
      )?.user?.id;
    if (!(await until(() => presence() === live.person.id, 5_000))) {
      throw new InvariantFailure(
        `the live editor's presence is still theirs ${stage}`,
        `awareness of client ${live.client.doc.clientID} names ${JSON.stringify(presence())}`,
      );
    }
  } finally {
    fresh.destroy();
  }
}

/** GET /api/pages/:id and the draft (text, json, html) answer 200, the text with every honest paragraph. */
export async function checkDraftReads(world: CollabWorld, page: PageState, stage: string): Promise<void> {
  const get = async (path: string, invariant: string) => {
    try {
      return await send(
        world.server.url,
        { method: 'GET', path, cookie: world.admin.cookie },
        READ_TIMEOUT_MS,
      );
    } catch (err: unknown) {
      throw new InvariantFailure(invariant, err instanceof NoAnswer ? err.message : String(err));
    }
  };
  const meta = await get(`/api/pages/${page.id}`, `GET /api/pages/:id answers 200 ${stage}`);
  if (meta.status !== 200) {
    throw new InvariantFailure(
      `GET /api/pages/:id answers 200 ${stage}`,
      `${meta.status} ${excerpt(meta.text)}`,
    );
  }
  const textInvariant = `the draft reads as text with all honest text ${stage}`;
  const text = await get(`/api/pages/${page.id}/content?version=draft&format=text`, textInvariant);
  if (text.status !== 200) throw new InvariantFailure(textInvariant, `${text.status} ${excerpt(text.text)}`);
  const lines = text.text.split('\n');
  const missing = missingInOrder(page.honest, lines);
  if (missing.length > 0) {
    throw new InvariantFailure(
      textInvariant,
      `${missing.length} of ${page.honest.length} honest paragraphs missing, e.g. ${JSON.stringify(missing[0])}`,
    );
  }
  for (const format of ['json', 'html']) {
    const invariant = `the draft renders as ${format} ${stage}`;
    const res = await get(`/api/pages/${page.id}/content?version=draft&format=${format}`, invariant);
    if (res.status !== 200) throw new InvariantFailure(invariant, `${res.status} ${excerpt(res.text)}`);
  }
}

/** Both checks, HTTP first (after an unload that is what loads the document from storage). */
export async function checkPage(
  world: CollabWorld,
  page: PageState,
  stage: string,
  live?: { client: CollabClient; person: Person },
): Promise<void> {
  await checkDraftReads(world, page, stage);
  await checkFreshClient(world, page, stage, live);
}

/**
 * Waits for the server to log that it unloaded the page (debug log, `document unloaded`) after
 * `mark`, i.e. after the last client left.
 */
export async function waitUnloaded(
  world: CollabWorld,
  page: PageState,
  mark: ReturnType<FuzzServer['mark']>,
  timeoutMs = 10_000,
): Promise<void> {
  const unloaded = (): boolean =>
    world.server
      .outputSince(mark)
      .split('\n')
      .some((l) => l.includes('"document unloaded"') && l.includes(page.id));
  if (!(await until(unloaded, timeoutMs))) {
    throw new InvariantFailure(
      'the document unloads once its last client left',
      `no "document unloaded" for the page within ${timeoutMs / 1000} s (COLLAB_IDLE_UNLOAD_MS=300)`,
    );
  }
}
