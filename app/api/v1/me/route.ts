import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { setLanguage, toAccountView } from '@/lib/accounts';
import { json, readJson, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { langSchema } from '@/lib/validation';

/** GET /api/v1/me → {id,username,role} (and the UI language). */
export const GET = route(async (request: NextRequest) => json(toAccountView(await requireApiUser(request))));

/** PATCH /api/v1/me {lang}: the user's settings. */
export const PATCH = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const body = await readJson(request, z.object({ lang: langSchema }));
  await setLanguage(user.id, body.lang);
  return json(toAccountView({ ...user, lang: body.lang }));
});
