import type { NextRequest } from 'next/server';
import { listArticles } from '@/lib/articles';
import { createArticle } from '@/lib/authoring';
import { contentRoute } from '@/lib/authoring-http';
import { articleInputSchema } from '@/lib/authoring-schema';
import { json, readJson, route } from '@/lib/http';
import { requireApiEditor, requireApiUser } from '@/lib/session';

/** GET /api/v1/articles → [{slug,title,category,cardCount,families}] (plus both titles, date, position). */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  return json(await listArticles(user.lang === 'en' ? 'en' : 'zh'));
});

/** POST /api/v1/articles (editor) {slug,title,category?,summary?,date?,source?} → 201 {slug}. */
export const POST = contentRoute(async (request: NextRequest) => {
  const user = await requireApiEditor(request);
  const input = await readJson(request, articleInputSchema);
  return json(await createArticle(user, input, new Date()), 201);
});
