import type { NextRequest } from 'next/server';
import { LEVELS, type Level } from '@/engine';
import { HttpError, json, route } from '@/lib/http';
import { previewFamily } from '@/lib/question-families';
import { requireApiEditor } from '@/lib/session';

type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/families/<id>/preview?seed=N&level=L[&version=V] (editor) → one instance: prompt,
 * answer, worked solution and verification status. Works for built-in and authored families; the
 * instance is made in a check worker.
 */
export const GET = route(async (request: NextRequest, context: Context) => {
  const user = await requireApiEditor(request);
  const { id } = await context.params;
  const q = request.nextUrl.searchParams;
  const seedText = q.get('seed') ?? '1';
  if (!/^\d{1,12}$/.test(seedText)) throw new HttpError(400, 'seed must be a whole number from 0 to 999999999999');
  const levelText = q.get('level') ?? 'medium';
  if (!(LEVELS as readonly string[]).includes(levelText)) throw new HttpError(400, `level must be one of ${LEVELS.join(', ')}`);
  const versionText = q.get('version');
  if (versionText !== null && !/^\d{1,10}$/.test(versionText)) throw new HttpError(400, 'version must be a whole number');
  if (id.length > 100) throw new HttpError(404, 'no such family');
  return json(await previewFamily(id, versionText === null ? undefined : Number(versionText), Number(seedText), levelText as Level, user.lang === 'en' ? 'en' : 'zh'));
});
