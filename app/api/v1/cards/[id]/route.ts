import type { NextRequest } from 'next/server';
import { editCard, noteDetail, retireCard } from '@/lib/authoring';
import { contentRoute } from '@/lib/authoring-http';
import { cardInputSchema } from '@/lib/authoring-schema';
import { decodedParam, HttpError, json, readJson, route } from '@/lib/http';
import { requireApiEditor, requireApiUser } from '@/lib/session';

type Context = { params: Promise<{ id: string }> };

const idOf = async (context: Context) => decodedParam((await context.params).id, 'card');

/** GET /api/v1/cards/:id → the card's note: fields, tags, cards, every version (who, when, what changed). */
export const GET = route(async (request: NextRequest, context: Context) => {
  await requireApiUser(request);
  const detail = await noteDetail(await idOf(context));
  if (!detail) throw new HttpError(404, 'no such card');
  return json(detail);
});

/** PATCH /api/v1/cards/:id (editor; a card as in the article file) → {id,version}; earlier versions and reviews stay. */
export const PATCH = contentRoute(async (request: NextRequest, context: Context) => {
  const user = await requireApiEditor(request);
  const card = await readJson(request, cardInputSchema);
  return json(await editCard(user, await idOf(context), card, new Date()));
});

/** DELETE /api/v1/cards/:id (editor) → {id,version}: retires the card (history kept). */
export const DELETE = route(async (request: NextRequest, context: Context) => {
  const user = await requireApiEditor(request);
  return json(await retireCard(user, await idOf(context), new Date()));
});
