import type { NextRequest } from 'next/server';
import { listArticles } from '@/lib/articles';
import { json, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';

/** GET /api/v1/articles → [{slug,title,category,cardCount,families}] (plus both titles, date, position). */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  return json(await listArticles(user.lang === 'en' ? 'en' : 'zh'));
});
