import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Prisma, type User } from '@prisma/client';
import { db, sqlDb } from './db';
import { decodeUser, selectUser } from './rows';
import { date, sql } from './sql';
import { HttpError } from './http';
import { decoyHash, hashPassword, verifyPassword } from './passwords';

export type Role = 'admin' | 'editor' | 'member';
export type Lang = 'zh' | 'en';

/** What the app and the API show of a user. */
export interface AccountView {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly lang: Lang;
}

export const sessionLifetimeMs = 30 * 24 * 3600 * 1000;
const defaultGroupId = 'main';

export function toAccountView(user: User): AccountView {
  return { id: user.id, username: user.username, role: user.role === 'admin' || user.role === 'editor' ? user.role : 'member', lang: user.lang === 'en' ? 'en' : 'zh' };
}

export async function hasUsers(): Promise<boolean> {
  return (await db.user.count()) > 0;
}

/** Creates the first admin and the group; 409 once anyone exists. */
export async function setupAdmin(username: string, password: string, lang: Lang): Promise<User> {
  const passwordHash = await hashPassword(password);
  try {
    return await db.$transaction(async (tx) => {
      if ((await tx.user.count()) > 0) throw new HttpError(409, 'this install is already set up');
      // NOTE: the fixed group id makes a concurrent second setup fail on the primary key.
      await tx.group.create({ data: { id: defaultGroupId, name: 'Study group' } });
      const user = await tx.user.create({ data: { id: randomUUID(), username, usernameKey: usernameKey(username), passwordHash, role: 'admin', lang } });
      await tx.membership.create({ data: { groupId: defaultGroupId, userId: user.id, role: 'admin' } });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new HttpError(409, 'this install is already set up');
    }
    throw error;
  }
}

/** The case-insensitive key of a username: unique among users (`User.usernameKey`). */
export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * The user with this username (in any case) and password, or null; a disabled user cannot log in.
 * NOTE: the exact name first: a legacy account whose name differs from an older one only in case has no key.
 */
export async function authenticate(username: string, password: string): Promise<User | null> {
  const user = (await db.user.findUnique({ where: { username } })) ?? (await db.user.findUnique({ where: { usernameKey: usernameKey(username) } }));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  return user && ok && !user.disabledAt ? user : null;
}

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session; only the token's hash is stored. */
export async function createSession(userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await db.session.create({ data: { id: tokenId(token), userId, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, expiresAt };
}

/** The user of a live session, or null for an unknown, expired or disabled one. */
export async function sessionUser(token: string | undefined, now: Date): Promise<User | null> {
  if (!token || token.length > 100) return null;
  const id = tokenId(token);
  // NOTE: every request asks the database (one statement, lib/sql.ts): a session ended or a user disabled
  // by any app process ends at once everywhere, so nothing about sessions is kept in this process.
  const [row] = await sqlDb.query(sql`
    SELECT s."expiresAt" AS "expiresAt", s."lastSeenAt" AS "lastSeenAt", ${selectUser('u')}
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ${id}`);
  if (!row) return null;
  const user = decodeUser(row, 'u');
  if (date(row.expiresAt) <= now || user.disabledAt) return null;
  if (now.getTime() - date(row.lastSeenAt).getTime() > 3600 * 1000) {
    await sqlDb.execute(sql`UPDATE "Session" SET "lastSeenAt" = ${now} WHERE "id" = ${id}`);
  }
  return user;
}

export async function endSession(token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: tokenId(token) } });
}

/** Changes a password after checking the current one; every session of the user ends. */
export async function changePassword(userId: string, current: string, next: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || !(await verifyPassword(current, user.passwordHash))) throw new HttpError(400, 'the current password is wrong');
  const passwordHash = await hashPassword(next);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.session.deleteMany({ where: { userId } }),
  ]);
}

export async function setLanguage(userId: string, lang: Lang): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { lang } });
}
