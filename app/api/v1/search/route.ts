import type { NextRequest } from 'next/server';
import { searchFor } from '@/lib/authoring';
import { searchQuerySchema } from '@/lib/authoring-schema';
import { HttpError, json, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';

/** GET /api/v1/search?q=TEXT[&article=SLUG][&tag=T][&state=suspended|leech][&limit][&offset] → {cards:[{id,article,kind,front,…}],total}. */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const params = Object.fromEntries([...request.nextUrl.searchParams.entries()].filter(([, v]) => v !== ''));
  const parsed = searchQuerySchema.safeParse(params);
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { q, ...rest } = parsed.data;
  return json(await searchFor(user, { ...rest, ...(q?.trim() ? { q } : {}) }));
});
