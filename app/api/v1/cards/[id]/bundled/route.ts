import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { resolveCardConflict } from '@/lib/authoring';
import { decodedParam, json, readJson, route } from '@/lib/http';
import { requireApiEditor } from '@/lib/session';

type Context = { params: Promise<{ id: string }> };

/** POST /api/v1/cards/:id/bundled (editor) {take:'bundled'|'mine'} → {id,version}: takes the newer bundled card or keeps the local edit. */
export const POST = route(async (request: NextRequest, context: Context) => {
  const user = await requireApiEditor(request);
  const { take } = await readJson(request, z.object({ take: z.enum(['bundled', 'mine']) }));
  return json(await resolveCardConflict(user, decodedParam((await context.params).id, 'card'), take, new Date()));
});
