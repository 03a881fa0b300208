import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { resolveArticleConflict } from '@/lib/authoring';
import { json, readJson, route } from '@/lib/http';
import { requireApiEditor } from '@/lib/session';

type Context = { params: Promise<{ slug: string }> };

/** POST /api/v1/articles/:slug/bundled (editor) {take:'bundled'|'mine'}: settles a newer bundled version against a local edit. */
export const POST = route(async (request: NextRequest, context: Context) => {
  await requireApiEditor(request);
  const { take } = await readJson(request, z.object({ take: z.enum(['bundled', 'mine']) }));
  await resolveArticleConflict((await context.params).slug, take);
  return json({ ok: true });
});
