import type { NextRequest } from 'next/server';
import { json, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { undoReview } from '@/lib/study';

type Context = { params: Promise<{ id: string }> };

/** POST /api/v1/reviews/:id/undo: undoes the caller's latest review (409 for an older one). */
export const POST = route(async (request: NextRequest, context: Context) => {
  const user = await requireApiUser(request);
  return json(await undoReview(user, (await context.params).id, new Date()));
});
