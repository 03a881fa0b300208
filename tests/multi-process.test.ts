/**
 * Two `npm start` processes on one database behave as one app (DESIGN.md "Storage"): on PostgreSQL, as
 * behind a proxy; on SQLite, a second process on the same file (which used to fail in migrate). They start
 * at the same moment on an empty database, then get the same requests at the same moment.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { createTestDatabase, realDatabase, type TestDatabase } from './helpers/test-database';

let database: TestDatabase;
let one: AppServer;
let two: AppServer;
let admin: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  [one, two] = await Promise.all([startAppServer({}, { database }), startAppServer({}, { database })]);
  admin = new ApiClient(one.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
}, 300_000);

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await database?.drop();
});

describe(`two app processes on one ${realDatabase}`, () => {
  it('applied each migration once and loaded the content once, though both started at once', async () => {
    const dir = path.join('prisma', ...(database.file ? [] : ['postgres']), 'migrations');
    const migrations = fs.readdirSync(dir).filter((name) => fs.existsSync(path.join(dir, name, 'migration.sql')));
    const applied = await database.query<{ migration_name: string }>('select migration_name from _prisma_migrations where finished_at is not null order by migration_name');
    expect(applied.map((row) => row.migration_name)).toEqual(migrations.sort());
    const [notes] = await database.query<{ n: number }>('select count(*) as n from "Note"');
    const [versions] = await database.query<{ n: number }>('select count(*) as n from "NoteVersion"');
    const [firstVersions] = await database.query<{ n: number }>('select count(*) as n from "NoteVersion" where "version" = 1');
    expect(notes!.n).toBeGreaterThan(100);
    expect(versions!.n).toBe(notes!.n);
    expect(firstVersions!.n).toBe(notes!.n);
    const articles = (await admin.call('GET', '/articles')).body as unknown as { slug: string }[];
    expect(articles).toHaveLength(12);
  });

  it('records one review when both processes get the same review id at the same moment', async () => {
    const other = admin.at(two.baseUrl);
    const queue = (await admin.call('GET', '/queue?limit=20')).body as unknown as { cards: { id: string; kind: string }[] };
    const cards = queue.cards.filter((card) => card.kind !== 'problem').slice(0, 4);
    expect(cards.length).toBe(4);
    for (const card of cards) {
      const id = randomUUID();
      const [first, second] = await Promise.all([
        admin.call('POST', '/reviews', { id, cardId: card.id, rating: 3 }),
        other.call('POST', '/reviews', { id, cardId: card.id, rating: 3 }),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.body).toEqual(first.body);
      expect(await database.query('select "id" from "Review" where "id" = ?', id)).toHaveLength(1);
      const [state] = await database.query<{ reps: number }>('select "reps" from "CardState" where "cardId" = ?', card.id);
      expect(state!.reps).toBe(1);
    }
  });

  it('shares sessions: a login on one process is known to the other, and a logout on either ends it', async () => {
    const member = new ApiClient(two.baseUrl);
    const invite = (await admin.call('POST', '/invites', { maxUses: 1 })).body;
    expect((await member.call('POST', '/users', { invite: invite.code, username: 'member', password: 'member pass' })).status).toBe(201);
    const elsewhere = member.at(one.baseUrl);
    expect((await elsewhere.call('GET', '/me')).body).toMatchObject({ username: 'member' });
    expect((await elsewhere.call('DELETE', '/session')).status).toBeLessThan(300);
    expect((await member.call('GET', '/me')).status).toBe(401);
  });

  it('lets one of two simultaneous joins take the last use of an invite', async () => {
    const invite = (await admin.call('POST', '/invites', { maxUses: 1 })).body;
    const results = await Promise.all([
      new ApiClient(one.baseUrl).call('POST', '/users', { invite: invite.code, username: 'racer-one', password: 'racer pass one' }),
      new ApiClient(two.baseUrl).call('POST', '/users', { invite: invite.code, username: 'racer-two', password: 'racer pass two' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 400]);
    const [uses] = await database.query<{ uses: number }>('select "uses" from "Invite" where "code" = ?', invite.code);
    expect(uses!.uses).toBe(1);
  });

  it('counts failed logins across processes: the limit holds however the tries are spread', async () => {
    const tries = [one, two].map((server) => new ApiClient(server.baseUrl));
    const statuses: number[] = [];
    // lib/limits.ts: 10 failures per account and address in 15 minutes.
    for (let i = 0; i < 10; i++) statuses.push((await tries[i % 2]!.call('POST', '/session', { username: 'admin', password: `wrong ${i}` })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    for (const client of tries) expect((await client.call('POST', '/session', { username: 'admin', password: 'correct horse' })).status).toBe(429);
  });
});
