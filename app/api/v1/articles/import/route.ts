import type { NextRequest } from 'next/server';
import { importArticle } from '@/lib/authoring';
import { contentRoute, readText } from '@/lib/authoring-http';
import { authoringLimits } from '@/lib/authoring-schema';
import { json } from '@/lib/http';
import { requireApiEditor } from '@/lib/session';

/**
 * POST /api/v1/articles/import (editor; body: the article file, YAML) → 201 {slug,cards}; any problem →
 * 400 {error, problems:[{line,path,message}]} listing every one, and nothing is created.
 */
export const POST = contentRoute(async (request: NextRequest) => {
  const user = await requireApiEditor(request);
  const text = await readText(request, authoringLimits.importBytes);
  return json(await importArticle(user, text, new Date()), 201);
});
