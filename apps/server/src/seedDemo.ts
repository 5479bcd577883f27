import {
  PageService,
  ReferenceService,
  ReviewService,
  RevisionService,
  SessionEndings,
  UserService,
  type DraftReader,
  type User,
} from '@rounds/domain';
import { BLOCK_ID_TYPES } from '@rounds/editor';
import { materializeState, roundsSchema } from '@rounds/editor/server';
import { createSqliteStorage } from '@rounds/storage-sqlite';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { CitationJsFormatter } from './citations/CitationJsFormatter.ts';
import { parseConfig } from './config.ts';
import { DEMO_PAGES } from './demo/demoContent.ts';
import { Argon2Hasher } from './infra/Argon2Hasher.ts';
import { nodeIds, systemClock } from './infra/nodeIds.ts';

/** `npm run seed:demo`: fills an empty database with demo users and pages. Refuses a database in use. */
const parsed = parseConfig(process.env, null);
if (!parsed.ok) {
  console.error(parsed.problems.join('\n'));
  process.exit(1);
}
const { config } = parsed;
const storage = createSqliteStorage(config.dataDir);
if ((await storage.users.countUsers()) > 0) {
  console.error(`The database in ${config.dataDir} already has users; seed:demo only fills an empty one.`);
  await storage.close();
  process.exit(1);
}

const PASSWORD = 'rounds-demo-password';
const hasher = new Argon2Hasher();
// No server runs while seeding: nobody listens to session endings.
const endings = new SessionEndings(storage.sessions);
const users = new UserService(
  storage.users,
  storage.setupTokens,
  hasher,
  nodeIds,
  systemClock,
  endings,
  storage.audit,
);
// Seeding writes each draft once, so the drafts are known without a running collaboration server.
const seeded = new Map<string, { state: Uint8Array; seq: number }>();
const seededDrafts: DraftReader = {
  readDraft: (pageId) =>
    Promise.resolve(materializeState(seeded.get(pageId)?.state ?? new Uint8Array([0, 0]))),
  snapshotDraft: (pageId) => {
    const { state, seq } = seeded.get(pageId) ?? { state: new Uint8Array([0, 0]), seq: 0 };
    return Promise.resolve({ ...materializeState(state), yjsState: state, upToUpdateSeq: seq });
  },
  restoreDraft: () => Promise.reject(new Error('not used while seeding')),
};
const pages = new PageService(
  storage.pages,
  storage.revisions,
  storage.collections,
  seededDrafts,
  nodeIds,
  systemClock,
);
const revisions = new RevisionService(
  storage.pages,
  storage.revisions,
  storage.documents,
  seededDrafts,
  storage.references,
  nodeIds,
  systemClock,
);
const references = new ReferenceService(
  storage.pages,
  storage.references,
  seededDrafts,
  new CitationJsFormatter(),
  nodeIds,
  systemClock,
);
const reviews = new ReviewService(
  storage.pages,
  storage.revisions,
  storage.collections,
  nodeIds,
  systemClock,
);

const adminEmail = config.admin?.email ?? 'admin@rounds.test';
await users.bootstrapAdmin(adminEmail, config.admin?.password ?? PASSWORD);
const admin = (await storage.users.findUserByEmail(adminEmail)) as User;
const people: Record<string, User> = {};
for (const [key, name, role] of [
  ['student1', 'Amara Okafor', 'student'],
  ['student2', 'Liam Chen', 'student'],
  ['student3', 'Sofia Rossi', 'student'],
  ['faculty1', 'Dr Helen Park', 'faculty'],
  ['faculty2', 'Dr Omar Haddad', 'faculty'],
  ['learner1', 'Noah Williams', 'learner'],
] as const) {
  people[key] = await users.createUser(admin, {
    email: `${key}@rounds.test`,
    name,
    password: PASSWORD,
    role,
  });
}

const collection = {
  id: nodeIds.id(),
  name: 'Internal medicine',
  requiredApprovals: 1,
  reviewValidDays: 365,
  reviewerIds: [people.faculty1?.id ?? admin.id, people.faculty2?.id ?? admin.id],
  createdAt: Date.now(),
};
await storage.collections.insertCollection(collection);

const schema = roundsSchema();
for (const demo of DEMO_PAGES) {
  const author = people[demo.author] ?? admin;
  const reviewer = people[demo.review.reviewer] ?? admin;
  const page = await pages.createPage(author, demo.title);
  await storage.pages.setCollection(page.id, collection.id);
  const refIds = demo.references
    ? (await references.import(author, page.id, demo.references)).map((r) => r.id)
    : [];
  const ydoc = prosemirrorJSONToYDoc(schema, assignIds(resolveDemoRefs(demo.doc, refIds)), 'default');
  const state = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  const [seq] = await storage.documents.appendUpdates(page.id, [
    { userId: author.id, update: state, at: Date.now() },
  ]);
  seeded.set(page.id, { state, seq: seq ?? 0 });
  const revision = await revisions.submit(author, page.id, { message: 'First complete draft' });
  if (demo.review.state === 'pending') continue;
  const decision = demo.review.state === 'published' ? 'approve' : 'request_changes';
  await reviews.review(reviewer, revision.id, { decision, comment: demo.review.comment });
}
await storage.close();

console.log(`Seeded ${config.dataDir}:
  admin     ${adminEmail}${config.admin ? ' (password from ROUNDS_ADMIN_PASSWORD)' : ` / ${PASSWORD}`}
  students  student1@rounds.test, student2@rounds.test, student3@rounds.test
  faculty   faculty1@rounds.test, faculty2@rounds.test
  learner   learner1@rounds.test
  password  ${PASSWORD} (for every demo account)
  pages     ${DEMO_PAGES.length} in the collection "${collection.name}": 2 published, 1 awaiting review, 1 with changes requested`);

/** Replaces the `demo-ref:<index>` placeholders of citations with the imported references' ids. */
function resolveDemoRefs(node: JSONContent, refIds: string[]): JSONContent {
  if (node.type === 'citation') {
    const ids = (node.attrs?.refIds as string[]).map((r) => refIds[Number(r.replace('demo-ref:', ''))] ?? r);
    return { ...node, attrs: { ...node.attrs, refIds: ids } };
  }
  return node.content ? { ...node, content: node.content.map((c) => resolveDemoRefs(c, refIds)) } : node;
}

/** Gives every block a fresh id, as the editor would. */
function assignIds<T extends { type?: string; attrs?: Record<string, unknown>; content?: T[] }>(node: T): T {
  const blockTypes: ReadonlySet<string> = new Set(BLOCK_ID_TYPES);
  return {
    ...node,
    ...(node.type && blockTypes.has(node.type) ? { attrs: { ...node.attrs, id: nodeIds.id() } } : {}),
    ...(node.content ? { content: node.content.map(assignIds) } : {}),
  };
}
