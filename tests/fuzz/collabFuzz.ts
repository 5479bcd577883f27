import { ApiClient, asAdmin, createPage, createUser } from '../support/api.ts';
import { appendParagraph, paragraphTexts, RawWebSocket, withTimeout } from '../support/collab.ts';
import {
  HONEST_CLOSE_CODES,
  HOSTILE_CLOSE_CODES,
  hex,
  randomCollabCase,
  type CaseContext,
  type CollabCase,
} from './collabCases.ts';
import {
  checkPage,
  connectSynced,
  FuzzerPool,
  InvariantFailure,
  missingInOrder,
  until,
  waitUnloaded,
  watchHonestApplyErrors,
  type CollabWorld,
  type PageState,
  type Person,
} from './collabInvariants.ts';
import { fixedBatches } from './edgeCases.ts';
import type { FuzzServer } from './fuzzServer.ts';
import { checkHealth } from './httpRequest.ts';
import { FuzzReport } from './report.ts';
import { Rng } from './rng.ts';

export interface CollabFuzzOptions {
  seed: number;
  /** Stop after this many batches… */
  batches?: number;
  /** …or at this time (ms since the epoch), whichever comes first. */
  until?: number;
  /** Run only this batch (to replay one from a report). */
  onlyBatch?: number;
  casesPerBatch: number;
  /** Restart the server after every this many batches (0: never; the last batch of a counted run always does). */
  restartEvery: number;
  /** Time allowed for shrinking each failure to a minimal reproduction. */
  minimizeMs: number;
  log?: (line: string) => void;
}

const CASE_TIMEOUT_MS = 10_000;
/** How long a student refused with 429 rests (the server's quarantine is 30 s). */
const QUARANTINE_REST_MS = 31_000;
/** A frame no decoder accepts: the server closes with 4400 if it still reads the socket. */
const PROBE = Uint8Array.of(99);

/** Mixes the run seed with a batch number, so one batch can be replayed on its own. */
export const batchSeed = (seed: number, batch: number): number =>
  (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(batch + 1, 0x85ebca6b)) >>> 0;

const SENTENCES = [
  'Give 30 mL/kg crystalloid within 3 h — reassess lactate ≥ 2 mmol/L.',
  'Take blood cultures before antibiotics when it causes no delay.',
  'Target a mean arterial pressure of 65 mmHg with noradrenaline.',
  'qSOFA: respiratory rate ≥ 22/min, altered mentation, systolic BP ≤ 100 mmHg.',
];

/** Signs in the people of a run: sessions are stored, so these cookies outlive restarts. */
export async function setUpWorld(server: FuzzServer): Promise<CollabWorld> {
  const admin = await asAdmin(server.url);
  const person = (p: { id: string; client: { cookie: string | undefined } }): Person => ({
    id: p.id,
    cookie: p.client.cookie ?? '',
  });
  const [writer, observer, ...fuzzers] = await Promise.all([
    createUser(admin, 'student', 'Honest Writer'),
    createUser(admin, 'faculty', 'Honest Observer'),
    ...Array.from({ length: 6 }, (_, i) => createUser(admin, 'student', `Mallory ${i}`)),
  ]);
  const me = await admin.get<{ id: string }>('/api/me');
  const adminPerson = { id: me.body.id, cookie: admin.cookie ?? '' };
  // Made through whichever process is running now (the port changes with each restart).
  const makeFuzzer = async (): Promise<Person> => {
    const current = new ApiClient(server.url);
    current.cookie = adminPerson.cookie;
    return person(await createUser(current, 'student', 'Mallory'));
  };
  return {
    server,
    admin: adminPerson,
    writer: person(writer),
    observer: person(observer),
    fuzzers: new FuzzerPool(fuzzers.map(person), makeFuzzer),
  };
}

async function newPage(world: CollabWorld, title: string): Promise<PageState> {
  const admin = await asAdmin(world.server.url);
  return { id: await createPage(admin, title), honest: [] };
}

/** Sends one case on its own socket, then the probe; the socket must end in an expected close. */
async function runCase(world: CollabWorld, page: PageState, c: CollabCase): Promise<void> {
  let ws: RawWebSocket | undefined;
  for (let attempt = 0; !ws; attempt++) {
    const fuzzer = await world.fuzzers.next();
    try {
      ws = await withTimeout(
        RawWebSocket.open(world.server.wsUrl, `/collab/${page.id}`, { cookie: fuzzer.cookie }),
        CASE_TIMEOUT_MS,
        'the upgrade',
      );
    } catch (err: unknown) {
      // Someone whose bytes broke the page is kept out of it for a while: another student goes on.
      if (String(err).includes('upgrade refused: 429') && attempt < 50) {
        world.fuzzers.rest(fuzzer, QUARANTINE_REST_MS);
        continue;
      }
      throw new InvariantFailure('a student may open a collaboration socket on the page', String(err));
    }
  }
  const invariant = `a hostile socket is closed with ${HOSTILE_CLOSE_CODES.join('/')} and nothing else breaks`;
  try {
    for (const frame of c.frames) ws.send(frame);
    ws.send(PROBE);
    let code: number;
    try {
      code = await withTimeout(ws.closed, CASE_TIMEOUT_MS, 'the close');
    } catch {
      throw new InvariantFailure(
        invariant,
        `no close within ${CASE_TIMEOUT_MS / 1000} s (server stopped reading it)`,
      );
    }
    if (!HOSTILE_CLOSE_CODES.includes(code)) {
      const dead = world.server.alive ? '' : `; the server process exited with ${world.server.exitCode}`;
      throw new InvariantFailure(invariant, `closed with ${code}${dead}`);
    }
  } finally {
    ws.destroy();
  }
}

interface BatchPlan {
  tag: string;
  /** The cases; when `make` is set they are made once the honest editors are connected. */
  cases: CollabCase[];
  make?: (ctx: CaseContext) => CollabCase[];
  restart: boolean;
}

/** Counts a case under each of its operators (`update/setField:x+bitFlip` counts both). */
function countCase(report: FuzzReport, c: CollabCase): void {
  const slash = c.kind.indexOf('/');
  const family = slash >= 0 ? c.kind.slice(0, slash + 1) : '';
  for (const op of c.kind.slice(family.length).split('+')) report.count(`collab ${family}${op}`);
}

/**
 * One batch: honest editors connect and must see all earlier honest text, hostile cases go in
 * with honest typing between them, then every invariant is checked live, after an unload and
 * reload, and (when `restart`) after a restart on the same data dir. Throws InvariantFailure.
 */
async function runBatch(
  world: CollabWorld,
  page: PageState,
  plan: BatchPlan,
  onCase?: (c: CollabCase) => void,
  onReconnect?: (code: number) => void,
): Promise<void> {
  const before = 'before the batch (text written in earlier batches)';
  const writer = await connectSynced(world, page, world.writer, `an honest editor syncs ${before}`);
  let observer;
  try {
    observer = await connectSynced(world, page, world.observer, `an honest editor syncs ${before}`);
  } catch (err: unknown) {
    writer.destroy();
    throw err;
  }
  const closes: string[] = [];
  let reconnects = 0;
  /** Set while the harness itself drops the writer's connection (a simulated network blip). */
  let blipping = false;
  const onClose = (who: string) => (e: CloseEvent | null) => {
    const code = e?.code ?? -1;
    if (blipping && who === 'writer') blipping = false;
    else if (HONEST_CLOSE_CODES.includes(code)) {
      reconnects++;
      onReconnect?.(code);
    } else closes.push(`${who} ${code}${e?.reason ? ` "${e.reason}"` : ''}`);
  };
  writer.provider.on('connection-close', onClose('writer'));
  observer.provider.on('connection-close', onClose('observer'));
  // As an editor does once it shows a cursor (a state at clock 0 is never applied by peers).
  writer.provider.awareness.setLocalState({ cursor: null });
  let mark = world.server.mark();
  const applyErrors = watchHonestApplyErrors();
  try {
    const missing = missingInOrder(page.honest, paragraphTexts(writer.doc));
    if (missing.length > 0) {
      throw new InvariantFailure(
        `an honest editor syncs all honest text ${before}`,
        `${missing.length} honest paragraphs missing, e.g. ${JSON.stringify(missing[0])}`,
      );
    }
    const write = (i: number): void => {
      const text = `honest ${plan.tag}-${i}: ${SENTENCES[(i + 4) % SENTENCES.length]}`;
      appendParagraph(writer.doc, text);
      page.honest.push(text);
    };
    write(-1);
    if (plan.make) {
      plan.cases = plan.make({ honestClientIds: [writer.doc.clientID, observer.doc.clientID] });
      plan.make = undefined;
    }
    // A network blip (Wi-Fi, a laptop lid): the editor reconnects and, as y-websocket does, sends
    // its whole state back in sync step 2. It must be taken like any reconnect. Midway and at the
    // end, so what the first reconnect brought in goes back with the second.
    const blip = async (): Promise<void> => {
      blipping = true;
      writer.provider.disconnect();
      writer.provider.connect();
      await until(() => writer.provider.synced || closes.length > 0, 10_000);
    };
    const blipAfter = Math.floor((plan.cases.length - 1) / 2);
    for (const [i, c] of plan.cases.entries()) {
      await runCase(world, page, c);
      onCase?.(c);
      if (i % 5 === 4 || i === plan.cases.length - 1) write(i);
      if (i === blipAfter) await blip();
      if (i === plan.cases.length - 1) await blip();
    }
    const deliveredAll = (): boolean =>
      missingInOrder(page.honest, paragraphTexts(observer.doc)).length === 0;
    // A non-transient close ends the wait: that editor is not coming back (y-websocket stops at 44xx).
    const delivered = (await until(() => deliveredAll() || closes.length > 0, 10_000)) && deliveredAll();
    const failedApplies = applyErrors();
    if (failedApplies.length > 0) {
      throw new InvariantFailure(
        'honest clients can apply everything the server sends them',
        `${failedApplies.length}× ${failedApplies[0]}`,
      );
    }
    if (closes.length > 0) {
      throw new InvariantFailure(
        `honest editors are only ever closed with ${HONEST_CLOSE_CODES.join('/')} (a reload) during the batch`,
        `closed: ${closes.join(', ')}`,
      );
    }
    if (!delivered) {
      const missing = missingInOrder(page.honest, paragraphTexts(observer.doc));
      const state = (c: typeof writer): string =>
        `${c.provider.wsconnected ? 'connected' : 'disconnected'}, ${c.provider.synced ? 'synced' : 'not synced'}`;
      throw new InvariantFailure(
        'honest edits reach the other editors during the batch',
        `${missing.length} of ${page.honest.length} paragraphs never reached the observer within 10 s, e.g. ` +
          `${JSON.stringify(missing[0])} (writer ${state(writer)}; observer ${state(observer)}; ` +
          `${reconnects} reloads (1012) during the batch; the observer ${
            observer.doc.store.pendingStructs
              ? 'holds updates it cannot integrate (missing dependencies)'
              : 'has nothing pending'
          })`,
      );
    }
    await checkPage(world, page, 'after the batch', { client: writer, person: world.writer });
    const slow = await checkHealth(world.server.url);
    if (slow) throw new InvariantFailure('/api/health answers within 500 ms after the batch', slow);
    mark = world.server.mark();
  } finally {
    applyErrors();
    writer.destroy();
    observer.destroy();
  }
  await waitUnloaded(world, page, mark);
  await checkPage(world, page, 'after unload and reload');
  if (!plan.restart) return;
  const stopped = await world.server.restart('sigterm');
  world.fuzzers.clear();
  if (stopped.exitCode !== 0 || stopped.killed) {
    throw new InvariantFailure(
      'SIGTERM stops the server with exit code 0',
      stopped.killed ? 'still running 15 s after SIGTERM (killed)' : `exit code ${stopped.exitCode}`,
    );
  }
  await checkPage(world, page, 'after a restart on the same DATA_DIR');
}

/** The first batches hold the fixed inputs (edgeCases.ts), one class each; then random cases. */
function planBatch(seed: number, batch: number, casesPerBatch: number, restart: boolean): BatchPlan {
  const rng = new Rng(batchSeed(seed, batch));
  const fixed = fixedFor(seed);
  return {
    tag: `${seed.toString(36)}.${batch}`,
    cases: [],
    make: (ctx) =>
      batch < fixed.length
        ? (fixed[batch] as CollabCase[])
        : Array.from({ length: casesPerBatch }, () => randomCollabCase(rng, ctx)),
    restart,
  };
}

const fixedCache = new Map<number, CollabCase[][]>();
function fixedFor(seed: number): CollabCase[][] {
  let fixed = fixedCache.get(seed);
  if (!fixed) fixedCache.set(seed, (fixed = fixedBatches(seed)));
  return fixed;
}

/** How many batches of fixed inputs every run starts with. */
export const fixedBatchCount = (): number => fixedFor(0).length;

/** Makes sure a usable server is there after a failure (a hung or dead one is replaced). */
async function recover(world: CollabWorld): Promise<void> {
  if (world.server.alive && !(await checkHealth(world.server.url))) return;
  await world.server.restart('kill');
  world.fuzzers.clear();
}

function describeCases(cases: CollabCase[]): string {
  return cases
    .map((c) => `[${c.kind}] ${c.detail}\n      frames: ${c.frames.map((f) => hex(f, 2_048)).join(' ')}`)
    .join('\n    ');
}

/**
 * Shrinks the cases of a failed batch: halves while one half still fails the same invariant on a
 * fresh page, then single cases. Stops at the time limit with the smallest set found.
 */
async function minimize(
  world: CollabWorld,
  plan: BatchPlan,
  invariant: string,
  limitMs: number,
): Promise<{ cases: CollabCase[]; confirmed: boolean }> {
  const deadline = Date.now() + limitMs;
  const reproduces = async (cases: CollabCase[]): Promise<boolean> => {
    if (Date.now() > deadline) return false;
    await recover(world);
    const page = await newPage(world, 'Minimizing');
    try {
      await runBatch(world, page, { ...plan, tag: `${plan.tag}.min`, cases });
      return false;
    } catch (err: unknown) {
      if (!(err instanceof InvariantFailure)) throw err;
      return err.invariant === invariant;
    }
  };
  let current = plan.cases;
  let confirmed = false;
  while (current.length > 1 && Date.now() < deadline) {
    const half = Math.ceil(current.length / 2);
    const [a, b] = [current.slice(0, half), current.slice(half)];
    if (await reproduces(a)) current = a;
    else if (await reproduces(b)) current = b;
    else break;
    confirmed = true;
  }
  if (current.length > 1 && current.length <= 12) {
    for (const c of current) {
      if (await reproduces([c])) return { cases: [c], confirmed: true };
    }
  }
  if (!confirmed && current.length === 1) confirmed = await reproduces(current);
  return { cases: current, confirmed };
}

const GLOBAL_INVARIANT =
  'a hostile batch leaves the server usable: an honest editor can open a page created after it';

/**
 * Shrinks cases that broke the whole server (honest editors refused even on a page created
 * afterwards). Each try needs a fresh process: the broken one fails whatever is replayed.
 */
async function minimizeGlobal(
  world: CollabWorld,
  cases: CollabCase[],
  limitMs: number,
): Promise<{ cases: CollabCase[]; confirmed: boolean }> {
  const deadline = Date.now() + limitMs;
  const reproduces = async (subset: CollabCase[]): Promise<boolean> => {
    if (Date.now() > deadline) return false;
    await world.server.restart('kill');
    world.fuzzers.clear();
    const target = await newPage(world, 'Minimizing (target)');
    for (const c of subset) await runCase(world, target, c).catch(() => undefined);
    const other = await newPage(world, 'Minimizing (another page)');
    try {
      (await connectSynced(world, other, world.writer, GLOBAL_INVARIANT)).destroy();
      return false;
    } catch (err: unknown) {
      if (!(err instanceof InvariantFailure)) throw err;
      return true;
    }
  };
  let current = cases;
  let confirmed = false;
  while (current.length > 1 && Date.now() < deadline) {
    const half = Math.ceil(current.length / 2);
    const [a, b] = [current.slice(0, half), current.slice(half)];
    if (await reproduces(a)) current = a;
    else if (await reproduces(b)) current = b;
    else break;
    confirmed = true;
  }
  if (!confirmed) confirmed = await reproduces(current);
  await world.server.restart('kill');
  world.fuzzers.clear();
  return { cases: current, confirmed };
}

/** Runs collaboration fuzz batches against `server`; every broken invariant becomes a finding. */
export async function runCollabFuzz(server: FuzzServer, opts: CollabFuzzOptions): Promise<FuzzReport> {
  const report = new FuzzReport();
  const log = opts.log ?? (() => {});
  const world = await setUpWorld(server);
  let page = await newPage(world, 'Sepsis: first hour');
  /** Whether no hostile batch has run on `page` yet, and the last batch that sent anything. */
  let pageIsNew = true;
  let previous: { batch: number; plan: BatchPlan } | null = null;
  // Harness check: with nothing hostile, every invariant holds (else the run cannot judge anything).
  await runBatch(world, page, { tag: 'baseline', cases: [], restart: false }).catch((err: unknown) => {
    throw new Error(`fuzz harness baseline failed before any hostile input: ${String(err)}`);
  });
  const first = opts.onlyBatch ?? 0;
  const last = opts.onlyBatch ?? (opts.batches !== undefined ? opts.batches - 1 : Infinity);
  for (let b = first; b <= last; b++) {
    if (opts.until !== undefined && Date.now() >= opts.until) break;
    const restart = (opts.restartEvery > 0 && (b + 1) % opts.restartEvery === 0) || b === last;
    const plan = planBatch(opts.seed, b, opts.casesPerBatch, restart);
    // Each class of fixed inputs gets a page of its own, so one class's leftovers cannot fail the next.
    if (b > 0 && b <= fixedBatchCount()) {
      page = await newPage(world, `Sepsis: batch ${b}`);
      pageIsNew = true;
    }
    const mark = server.mark();
    report.batches++;
    try {
      await runBatch(
        world,
        page,
        plan,
        (c) => countCase(report, c),
        (code) => report.count(`collab honest editor closed with ${code} and resynced`),
      );
      log(`collab batch ${b}: ${plan.cases.length} cases ok`);
    } catch (err: unknown) {
      if (!(err instanceof InvariantFailure)) throw err;
      const serverLog = server.errorsSince(mark);
      log(`collab batch ${b}: ${err.message}; minimizing`);
      if (pageIsNew && plan.cases.length === 0 && previous) {
        // Refused on a page nothing hostile touched: an earlier batch broke the server as a whole.
        const min = await minimizeGlobal(world, previous.plan.cases, opts.minimizeMs);
        report.add({
          suite: 'collab',
          seed: opts.seed,
          invariant: GLOBAL_INVARIANT,
          observed: `after batch ${previous.batch}, on a new page: ${err.observed}`,
          reproduction:
            `batch ${previous.batch} of seed ${opts.seed}, then any new page; ` +
            `${min.confirmed ? 'reproduced on a fresh server by' : 'not shrunk; the batch had'} ` +
            `${min.cases.length} case(s):\n    ${describeCases(min.cases)}`,
          serverLog,
        });
        page = await newPage(world, `Sepsis: after batch ${b}`);
        continue;
      }
      await recover(world);
      const min = await minimize(world, plan, err.invariant, opts.minimizeMs);
      report.add({
        suite: 'collab',
        seed: opts.seed,
        invariant: err.invariant,
        observed: err.observed,
        reproduction:
          `batch ${b} of seed ${opts.seed} (replay: npm run fuzz -- --only collab --seed ${opts.seed} --batch ${b}); ` +
          `${min.confirmed ? 'reproduced alone on a fresh page by' : 'not shrunk; the batch had'} ` +
          `${min.cases.length} case(s):\n    ${describeCases(min.cases)}`,
        serverLog,
      });
      await recover(world);
      page = await newPage(world, `Sepsis: after batch ${b}`);
      pageIsNew = true;
      continue;
    } finally {
      if (plan.cases.length > 0) previous = { batch: b, plan };
    }
    pageIsNew = false;
  }
  return report;
}
