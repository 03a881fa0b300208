import { randomBytes, randomUUID } from 'node:crypto';
import { Prisma } from '@prisma/client';
import { usernameKey, type Lang } from './accounts';
import { db } from './db';
import { HttpError } from './http';
import { hashPassword } from './passwords';

const groupId = 'main';

export interface InviteView {
  readonly id: string;
  readonly code: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly maxUses: number;
  readonly uses: number;
  readonly revoked: boolean;
  readonly usable: boolean;
}

export interface MemberView {
  readonly id: string;
  readonly username: string;
  readonly role: string;
  readonly disabled: boolean;
  readonly createdAt: string;
}

function inviteUsable(invite: { revokedAt: Date | null; expiresAt: Date | null; uses: number; maxUses: number }, now: Date): boolean {
  return !invite.revokedAt && (!invite.expiresAt || invite.expiresAt > now) && invite.uses < invite.maxUses;
}

function toInviteView(invite: Prisma.InviteGetPayload<object>, now: Date): InviteView {
  return {
    id: invite.id,
    code: invite.code,
    createdAt: invite.createdAt.toISOString(),
    expiresAt: invite.expiresAt?.toISOString() ?? null,
    maxUses: invite.maxUses,
    uses: invite.uses,
    revoked: invite.revokedAt !== null,
    usable: inviteUsable(invite, now),
  };
}

/** A new invite code (URL-safe, 128 bits), single-use and valid for 7 days unless told otherwise. */
export async function createInvite(createdById: string, options: { maxUses: number; expiresInDays: number | null }, now: Date): Promise<InviteView> {
  const invite = await db.invite.create({
    data: {
      id: randomUUID(),
      code: randomBytes(16).toString('base64url'),
      groupId,
      createdById,
      createdAt: now,
      maxUses: options.maxUses,
      expiresAt: options.expiresInDays === null ? null : new Date(now.getTime() + options.expiresInDays * 86_400_000),
    },
  });
  return toInviteView(invite, now);
}

export async function listInvites(now: Date): Promise<InviteView[]> {
  const invites = await db.invite.findMany({ orderBy: { createdAt: 'desc' } });
  return invites.map((invite) => toInviteView(invite, now));
}

export async function revokeInvite(id: string, now: Date): Promise<InviteView> {
  const invite = await db.invite.findUnique({ where: { id } });
  if (!invite) throw new HttpError(404, 'no such invite');
  const updated = invite.revokedAt ? invite : await db.invite.update({ where: { id }, data: { revokedAt: now } });
  return toInviteView(updated, now);
}

/** Joins with an invite: the use is counted and the user created in one transaction. */
export async function joinWithInvite(code: string, username: string, password: string, lang: Lang, now: Date) {
  const passwordHash = await hashPassword(password);
  try {
    return await db.$transaction(async (tx) => {
      const invite = await tx.invite.findUnique({ where: { code } });
      if (!invite || !inviteUsable(invite, now)) throw new HttpError(400, 'this invite is not valid (unknown, used up, expired or revoked)');
      // NOTE: the conditional update makes two concurrent joins unable to both take the last use.
      const taken = await tx.invite.updateMany({ where: { id: invite.id, uses: { lt: invite.maxUses } }, data: { uses: { increment: 1 } } });
      if (taken.count !== 1) throw new HttpError(400, 'this invite is used up');
      const user = await tx.user.create({ data: { id: randomUUID(), username, usernameKey: usernameKey(username), passwordHash, role: 'member', lang, createdAt: now } });
      await tx.membership.create({ data: { groupId: invite.groupId, userId: user.id, role: 'member', joinedAt: now } });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new HttpError(409, 'this username is taken');
    throw error;
  }
}

export async function listMembers(): Promise<MemberView[]> {
  const users = await db.user.findMany({ orderBy: { createdAt: 'asc' } });
  return users.map((user) => ({
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  }));
}

/** Disables or re-enables a member; a disabled member's sessions end. An admin cannot disable themself. */
export async function setMemberDisabled(actorId: string, userId: string, disabled: boolean, now: Date): Promise<void> {
  if (actorId === userId) throw new HttpError(400, 'you cannot disable your own account');
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new HttpError(404, 'no such user');
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { disabledAt: disabled ? now : null } }),
    ...(disabled ? [db.session.deleteMany({ where: { userId } })] : []),
  ]);
}

/** Sets a member's password (an admin's reset); all of the member's sessions end. */
export async function resetMemberPassword(userId: string, password: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new HttpError(404, 'no such user');
  const passwordHash = await hashPassword(password);
  await db.$transaction([db.user.update({ where: { id: userId }, data: { passwordHash } }), db.session.deleteMany({ where: { userId } })]);
}
