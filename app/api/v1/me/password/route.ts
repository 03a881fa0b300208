import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { changePassword, createSession } from '@/lib/accounts';
import { json, readJson, route } from '@/lib/http';
import { limitPasswordChange } from '@/lib/limits';
import { requireApiUser, setSessionCookie } from '@/lib/session';
import { passwordSchema } from '@/lib/validation';

const body = z.object({ currentPassword: z.string().max(256), newPassword: passwordSchema });

/**
 * POST /api/v1/me/password {currentPassword,newPassword}: every session ends; this one gets a new token.
 * 429 after 5 wrong current passwords in 15 min or 20 changes in an hour (lib/limits.ts).
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const { currentPassword, newPassword } = await readJson(request, body);
  await limitPasswordChange(user.id, () => changePassword(user.id, currentPassword, newPassword));
  const session = await createSession(user.id, new Date());
  const response = json({ ok: true });
  setSessionCookie(request, response, session.token, session.expiresAt);
  return response;
});
