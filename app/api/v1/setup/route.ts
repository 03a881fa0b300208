import type { NextRequest } from 'next/server';
import { createSession, setupAdmin, toAccountView } from '@/lib/accounts';
import { json, readJson, route } from '@/lib/http';
import { limitSetup } from '@/lib/limits';
import { clientAddress, setSessionCookie } from '@/lib/session';
import { credentialsSchema } from '@/lib/validation';

/** POST /api/v1/setup {username,password}: the first admin of an empty install, signed in; 409 afterwards. */
export const POST = route(async (request: NextRequest) => {
  const user = await limitSetup(clientAddress(request), async () => {
    const body = await readJson(request, credentialsSchema);
    return setupAdmin(body.username, body.password, body.lang ?? 'zh');
  });
  const session = await createSession(user.id, new Date());
  const response = json(toAccountView(user), 201);
  setSessionCookie(request, response, session.token, session.expiresAt);
  return response;
});
