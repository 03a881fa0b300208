import type { NextRequest } from 'next/server';
import { updateArticle } from '@/lib/authoring';
import { contentRoute } from '@/lib/authoring-http';
import { articlePatchSchema } from '@/lib/authoring-schema';
import { json, readJson } from '@/lib/http';
import { requireApiEditor } from '@/lib/session';

type Context = { params: Promise<{ slug: string }> };

/** PATCH /api/v1/articles/:slug (editor) {title?,category?,summary?,date?,source?}: edits the article (kept across restarts). */
export const PATCH = contentRoute(async (request: NextRequest, context: Context) => {
  await requireApiEditor(request);
  const patch = await readJson(request, articlePatchSchema);
  await updateArticle((await context.params).slug, patch, new Date());
  return json({ ok: true });
});
