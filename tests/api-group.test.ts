import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { realDatabase, timeParam } from './helpers/test-database';

let server: AppServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startAppServer();
  admin = new ApiClient(server.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

async function join(code: unknown, username: string) {
  const client = new ApiClient(server.baseUrl);
  const response = await client.call('POST', '/users', { invite: code, username, password: `${username} password` });
  return { client, response };
}

describe(`invites and members (real server, ${realDatabase})`, () => {
  it('lets only the admin create and list invites', async () => {
    const { client: member } = await join((await admin.call('POST', '/invites')).body.code, 'alice');
    expect((await member.call('POST', '/invites')).status).toBe(403);
    expect((await member.call('GET', '/invites')).status).toBe(403);
    expect((await member.call('GET', '/users')).status).toBe(403);
    expect((await new ApiClient(server.baseUrl).call('POST', '/invites')).status).toBe(401);
  });

  it('uses an invite at most maxUses times and never after revocation', async () => {
    const single = (await admin.call('POST', '/invites', { maxUses: 1 })).body;
    expect((await join(single.code, 'bob')).response.status).toBe(201);
    expect((await join(single.code, 'carol')).response.status).toBe(400);

    const multi = (await admin.call('POST', '/invites', { maxUses: 2, expiresInDays: 1 })).body;
    expect((await join(multi.code, 'dave')).response.status).toBe(201);
    expect((await admin.call('DELETE', `/invites/${multi.id}`)).status).toBe(200);
    expect((await join(multi.code, 'erin')).response.status).toBe(400);
    expect((await admin.call('DELETE', '/invites/no-such-invite')).status).toBe(404);
  });

  it('refuses an expired invite, a taken username, and bad bodies', async () => {
    const invite = (await admin.call('POST', '/invites', { maxUses: 5 })).body;
    await server.database.query('update "Invite" set "expiresAt" = ? where "id" = ?', timeParam(new Date(Date.now() - 1000)), invite.id);
    expect((await join(invite.code, 'frank')).response.status).toBe(400);
    const fresh = (await admin.call('POST', '/invites', { maxUses: 5 })).body;
    expect((await join(fresh.code, 'alice')).response.status).toBe(409);
    expect((await join('', 'gina')).response.status).toBe(400);
    expect((await admin.call('POST', '/invites', { maxUses: 0 })).status).toBe(400);
    expect((await admin.call('POST', '/invites', { maxUses: 'many' })).status).toBe(400);
  });

  it('disables a member (sessions end, login refused) and re-enables them', async () => {
    const { client: grace, response } = await join((await admin.call('POST', '/invites')).body.code, 'grace');
    const id = String(response.body.id);
    expect((await grace.call('GET', '/me')).status).toBe(200);
    expect((await admin.call('PATCH', `/users/${id}`, { disabled: true })).status).toBe(200);
    expect((await grace.call('GET', '/me')).status).toBe(401);
    expect((await grace.call('POST', '/session', { username: 'grace', password: 'grace password' })).status).toBe(401);
    expect((await admin.call('PATCH', `/users/${id}`, { disabled: false })).status).toBe(200);
    expect((await grace.call('POST', '/session', { username: 'grace', password: 'grace password' })).status).toBe(200);
    const me = (await admin.call('GET', '/me')).body;
    expect((await admin.call('PATCH', `/users/${me.id}`, { disabled: true })).status).toBe(400);
    expect((await admin.call('PATCH', '/users/nobody', { disabled: true })).status).toBe(404);
  });

  it("resets a member's password: old sessions end, the new password works", async () => {
    const { client: heidi, response } = await join((await admin.call('POST', '/invites')).body.code, 'heidi');
    expect((await admin.call('POST', `/users/${response.body.id}/password`, { password: 'short' })).status).toBe(400);
    expect((await admin.call('POST', `/users/${response.body.id}/password`, { password: 'a new password' })).status).toBe(200);
    expect((await heidi.call('GET', '/me')).status).toBe(401);
    expect((await heidi.call('POST', '/session', { username: 'heidi', password: 'a new password' })).status).toBe(200);
  });

  it('downloads a consistent backup as a SQLite file (admin only) that opens and holds the users', async () => {
    const member = (await join((await admin.call('POST', '/invites')).body.code, 'ivan')).client;
    expect((await member.call('GET', '/admin/backup')).status).toBe(403);
    const response = await fetch(`${server.baseUrl}/api/v1/admin/backup`, { headers: { cookie: admin['cookie' as keyof ApiClient] as string } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="study-backup-.*\.db"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 15).toString()).toBe('SQLite format 3');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'backup-')), 'copy.db');
    fs.writeFileSync(file, bytes);
    const copy = new Database(file, { readonly: true });
    expect((copy.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    const names = (copy.prepare('select username from User order by username').all() as { username: string }[]).map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin', 'alice', 'ivan']));
    copy.close();
  });
});
