import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { confirmPaste, previewPaste } from '@/lib/authoring';
import { contentRoute } from '@/lib/authoring-http';
import { json, readJson } from '@/lib/http';
import { requireApiEditor } from '@/lib/session';
import { previewHtml } from '@/lib/card-preview';

type Context = { params: Promise<{ slug: string }> };

const body = z.strictObject({ text: z.string().max(60_000, 'a paste holds at most 60,000 characters'), lang: z.enum(['zh', 'en']), confirm: z.boolean().optional() });

/**
 * POST /api/v1/articles/:slug/cards/paste (editor) {text, lang, confirm?}: without `confirm`, what the paste
 * would create (each card rendered, every problem with its line); with `confirm: true` → 201 {ids}, all or none.
 */
export const POST = contentRoute(async (request: NextRequest, context: Context) => {
  const user = await requireApiEditor(request);
  const { text, lang, confirm } = await readJson(request, body);
  const slug = (await context.params).slug;
  if (confirm) return json(await confirmPaste(user, slug, text, lang, new Date()), 201);
  const preview = previewPaste(text, lang);
  return json({ cards: preview.cards.map((c) => ({ line: c.line, kind: c.card.kind, html: previewHtml(c.card), problems: c.problems })), problems: preview.problems });
});
