import { PageService, UserService, type User } from '@rounds/domain';
import { BLOCK_ID_TYPES } from '@rounds/editor';
import { roundsSchema } from '@rounds/editor/server';
import { createSqliteStorage } from '@rounds/storage-sqlite';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
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
const users = new UserService(storage.users, storage.setupTokens, hasher, nodeIds, systemClock);
const notUsed = () => Promise.reject(new Error('not used while seeding'));
const noDrafts = { readDraft: notUsed, snapshotDraft: notUsed, restoreDraft: notUsed };
const pages = new PageService(
  storage.pages,
  storage.revisions,
  storage.collections,
  noDrafts,
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

const schema = roundsSchema();
for (const demo of DEMO_PAGES) {
  const author = people[demo.author] ?? admin;
  const page = await pages.createPage(author, demo.title);
  const ydoc = prosemirrorJSONToYDoc(schema, assignIds(demo.doc), 'default');
  await storage.documents.appendUpdates(page.id, [
    { userId: author.id, update: Y.encodeStateAsUpdate(ydoc), at: Date.now() },
  ]);
  ydoc.destroy();
}
await storage.close();

console.log(`Seeded ${config.dataDir}:
  admin     ${adminEmail}${config.admin ? ' (password from ROUNDS_ADMIN_PASSWORD)' : ` / ${PASSWORD}`}
  students  student1@rounds.test, student2@rounds.test, student3@rounds.test
  faculty   faculty1@rounds.test, faculty2@rounds.test
  learner   learner1@rounds.test
  password  ${PASSWORD} (for every demo account)
  pages     ${DEMO_PAGES.length}`);

/** Gives every block a fresh id, as the editor would. */
function assignIds<T extends { type?: string; attrs?: Record<string, unknown>; content?: T[] }>(node: T): T {
  const blockTypes: ReadonlySet<string> = new Set(BLOCK_ID_TYPES);
  return {
    ...node,
    ...(node.type && blockTypes.has(node.type) ? { attrs: { ...node.attrs, id: nodeIds.id() } } : {}),
    ...(node.content ? { content: node.content.map(assignIds) } : {}),
  };
}
