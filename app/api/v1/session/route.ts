import type { NextRequest } from 'next/server';
import { authenticate, createSession, endSession, toAccountView } from '@/lib/accounts';
import { HttpError, json, readJson, route } from '@/lib/http';
import { limitLogin } from '@/lib/limits';
import { clearSessionCookie, clientAddress, sessionCookie, setSessionCookie } from '@/lib/session';
import { loginSchema } from '@/lib/validation';

/** POST /api/v1/session {username,password}: signs in and sets the session cookie. */
export const POST = route(async (request: NextRequest) => {
  const body = await readJson(request, loginSchema);
  const user = await limitLogin(clientAddress(request), body.username, async () => {
    const found = await authenticate(body.username.trim(), body.password);
    if (!found) throw new HttpError(401, 'wrong username or password');
    return found;
  });
  // NOTE: a new token on every login, and the old one (if any) ends: no session fixation.
  const old = request.cookies.get(sessionCookie)?.value;
  if (old) await endSession(old);
  const session = await createSession(user.id, new Date());
  const response = json(toAccountView(user));
  setSessionCookie(request, response, session.token, session.expiresAt);
  return response;
});

/** DELETE /api/v1/session: signs out. */
export const DELETE = route(async (request: NextRequest) => {
  const token = request.cookies.get(sessionCookie)?.value;
  if (token) await endSession(token);
  const response = json({ ok: true });
  clearSessionCookie(response);
  return response;
});
