/**
 * Moving an install: `npm run db:copy` from a SQLite file that an app used into a fresh database (a
 * PostgreSQL database in the PostgreSQL run, another SQLite file otherwise), and the app started on the
 * copy. Everything comes along: accounts and sessions, the group's own cards, the review log, search.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { createTestDatabase, realDatabase, type TestDatabase } from './helpers/test-database';

let source: TestDatabase;
let target: TestDatabase;
let copied: AppServer | undefined;
let reviewLog = '';

const tables = ['User', 'Session', 'Group', 'Membership', 'Invite', 'Article', 'Note', 'NoteVersion', 'Card', 'CardState', 'Review', 'ReviewTally', 'ProblemAttempt', 'CardTally', 'QuestionFamily', 'RateLimit'];

function dbCopy(...args: string[]) {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/db-copy.ts', ...args], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function counts(database: TestDatabase): Promise<Record<string, number>> {
  const entries = await Promise.all(tables.map(async (table) => [table, (await database.query<{ n: number }>(`select count(*) as n from "${table}"`))[0]!.n] as const));
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  // The install to move: a SQLite file with an admin, a member, an authored card and some reviews.
  const app = await startAppServer({}, { database: (source = await createTestDatabase('sqlite')) });
  try {
    const admin = new ApiClient(app.baseUrl);
    expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
    const invite = (await admin.call('POST', '/invites', { maxUses: 1 })).body;
    const member = new ApiClient(app.baseUrl);
    expect((await member.call('POST', '/users', { invite: invite.code, username: 'member', password: 'member pass' })).status).toBe(201);
    expect((await admin.call('POST', '/articles', { slug: 'kernel-trick', title: { en: 'The kernel trick' } })).status).toBe(201);
    const card = await admin.call('POST', '/articles/kernel-trick/cards', { kind: 'basic', front: { en: 'What does a Mercer kernel compute?' }, back: { en: 'An inner product.' } });
    expect(card.status).toBe(201);
    const queue = (await member.call('GET', '/queue?limit=10')).body as unknown as { cards: { id: string; kind: string }[] };
    for (const next of queue.cards.filter((c) => c.kind !== 'problem').slice(0, 3)) {
      expect((await member.call('POST', '/reviews', { id: randomUUID(), cardId: next.id, rating: 3 })).status).toBe(200);
    }
    reviewLog = String((await member.call('GET', '/reviews?format=csv')).body);
  } finally {
    await app.stop();
  }
  target = await createTestDatabase();
}, 300_000);

afterAll(async () => {
  await copied?.stop();
  await Promise.all([source?.drop(), target?.drop()]);
});

describe(`npm run db:copy from a SQLite file to a ${realDatabase}`, () => {
  it('copies every table, checks the row counts, and the app runs on the copy', async () => {
    const copy = dbCopy('--from', source.url, '--to', target.url);
    expect(copy.output).toMatch(/done: \d+ tables, \d+ rows/);
    expect(copy.output).toMatch(/^\s+Media: \d+ rows$/m);
    expect(copy.status).toBe(0);
    const before = await counts(source);
    expect(before.Review).toBe(3);
    expect(await counts(target)).toEqual(before);

    copied = await startAppServer({}, { database: target });
    const member = new ApiClient(copied.baseUrl);
    expect((await member.call('POST', '/session', { username: 'member', password: 'member pass' })).status).toBe(200);
    expect(String((await member.call('GET', '/reviews?format=csv')).body)).toBe(reviewLog);
    const found = (await member.call('GET', '/search?q=mercer')).body as unknown as { cards: { article: string }[]; total: number };
    expect(found.total).toBe(1);
    expect(found.cards[0]!.article).toBe('kernel-trick');
  }, 300_000);

  it('refuses a target that holds rows, unless told to replace them', async () => {
    await copied?.stop();
    copied = undefined;
    const before = await counts(target);
    const refused = dbCopy('--from', source.url, '--to', target.url);
    expect(refused.status).toBe(1);
    expect(refused.output).toMatch(/refused: the target .* is not empty \(User: 2/);
    expect(await counts(target)).toEqual(before);
    const replaced = dbCopy('--from', source.url, '--to', target.url, '--replace');
    expect(replaced.status).toBe(0);
    expect(await counts(target)).toEqual(await counts(source));
    expect(dbCopy('--from', source.url).status).toBe(2);
    expect(dbCopy('--from', source.url, '--to', source.url).output).toMatch(/refused: the source and the target are the same database/);
  }, 300_000);
});
