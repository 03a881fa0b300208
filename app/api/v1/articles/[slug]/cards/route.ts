import type { NextRequest } from 'next/server';
import { addCard } from '@/lib/authoring';
import { contentRoute } from '@/lib/authoring-http';
import { cardInputSchema } from '@/lib/authoring-schema';
import { json, readJson } from '@/lib/http';
import { requireApiEditor } from '@/lib/session';

type Context = { params: Promise<{ slug: string }> };

/** POST /api/v1/articles/:slug/cards (editor) {kind:'basic',front,back,tags?} | {kind:'cloze',text,extra?,tags?} → 201 {id,version}. */
export const POST = contentRoute(async (request: NextRequest, context: Context) => {
  const user = await requireApiEditor(request);
  const card = await readJson(request, cardInputSchema);
  return json(await addCard(user, (await context.params).slug, card, new Date()), 201);
});
