import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { createSession, toAccountView } from '@/lib/accounts';
import { joinWithInvite, listMembers } from '@/lib/group';
import { json, readJson, route } from '@/lib/http';
import { limitSignup } from '@/lib/limits';
import { clientAddress, requireApiAdmin, setSessionCookie } from '@/lib/session';
import { langSchema, passwordSchema, usernameSchema } from '@/lib/validation';

const body = z.object({ invite: z.string().min(1).max(100), username: usernameSchema, password: passwordSchema, lang: langSchema.optional() });

/** POST /api/v1/users {invite,username,password} → 201 and a session. */
export const POST = route(async (request: NextRequest) => {
  const user = await limitSignup(clientAddress(request), async () => {
    const { invite, username, password, lang } = await readJson(request, body);
    return joinWithInvite(invite, username, password, lang ?? 'zh', new Date());
  });
  const session = await createSession(user.id, new Date());
  const response = json(toAccountView(user), 201);
  setSessionCookie(request, response, session.token, session.expiresAt);
  return response;
});

/** GET /api/v1/users (admin) → the members. */
export const GET = route(async (request: NextRequest) => {
  await requireApiAdmin(request);
  return json(await listMembers());
});
