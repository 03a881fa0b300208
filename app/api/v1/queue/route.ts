import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { HttpError, json, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { studyQueue } from '@/lib/study';

const query = z.object({
  // NOTE: a larger limit is not an error, just more than a day can hold: it is capped.
  limit: z.coerce.number().int().min(1).default(50).transform((n) => Math.min(n, 1000)),
  article: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
});

/** GET /api/v1/queue?limit=N[&article=slug] → {cards:[{id,kind,article,front,problem?,...}], counts:{new,learning,review}}. */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const parsed = query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw new HttpError(400, `bad query: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return json(await studyQueue(user, new Date(), parsed.data.limit, parsed.data.article));
});
