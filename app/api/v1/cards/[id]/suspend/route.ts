import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { decodedParam, json, readJson, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { setSuspended } from '@/lib/study';

type Context = { params: Promise<{ id: string }> };

/** POST /api/v1/cards/:id/suspend {suspended}: suspends or unsuspends the card for the caller. */
export const POST = route(async (request: NextRequest, context: Context) => {
  const user = await requireApiUser(request);
  const { suspended } = await readJson(request, z.object({ suspended: z.boolean() }));
  await setSuspended(user, decodedParam((await context.params).id, 'card'), suspended, new Date());
  return json({ ok: true });
});
