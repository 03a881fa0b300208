import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { NextRequest, NextResponse } from 'next/server';
import type { User } from '@prisma/client';
import { hasUsers, sessionUser, type Lang } from './accounts';
import { HttpError } from './http';

export const sessionCookie = 'study_session';
export const langCookie = 'study_lang';

/** The signed-in user of a page render, or null (looked up once per render: the layout and the page ask). */
export const currentUser = cache(async (): Promise<User | null> => {
  const store = await cookies();
  return sessionUser(store.get(sessionCookie)?.value, new Date());
});

/** The signed-in user of a page; otherwise a redirect to setup (empty install) or login. */
export async function requirePageUser(): Promise<User> {
  const user = await currentUser();
  if (user) return user;
  redirect((await hasUsers()) ? '/login' : '/setup');
}

/** The signed-in user of an API request, or a 401. */
export async function requireApiUser(request: NextRequest): Promise<User> {
  const user = await sessionUser(request.cookies.get(sessionCookie)?.value, new Date());
  if (!user) throw new HttpError(401, 'sign in first');
  return user;
}

/** The signed-in admin of an API request: 401 without a session, 403 for a member. */
export async function requireApiAdmin(request: NextRequest): Promise<User> {
  const user = await requireApiUser(request);
  if (user.role !== 'admin') throw new HttpError(403, 'only the admin can do this');
  return user;
}

/** The signed-in editor or admin of an API request: 401 without a session, 403 for a member. */
export async function requireApiEditor(request: NextRequest): Promise<User> {
  const user = await requireApiUser(request);
  if (user.role !== 'admin' && user.role !== 'editor') throw new HttpError(403, 'only editors and admins can change content');
  return user;
}

export function setSessionCookie(request: NextRequest, response: NextResponse, token: string, expiresAt: Date): void {
  response.cookies.set(sessionCookie, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(response: NextResponse): void {
  response.cookies.set(sessionCookie, '', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 0 });
}

/** The language of a page: the user's setting, else the language cookie, else the browser's preference. */
export async function pageLang(user: User | null): Promise<Lang> {
  if (user) return user.lang === 'en' ? 'en' : 'zh';
  const chosen = (await cookies()).get(langCookie)?.value;
  if (chosen === 'en' || chosen === 'zh') return chosen;
  const accept = (await headers()).get('accept-language') ?? '';
  return /^\s*en/i.test(accept) ? 'en' : 'zh';
}

export { clientAddress } from './client-address';
