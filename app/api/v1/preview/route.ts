import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { previewAnswer } from '@/engine';
import { json, readJson, route } from '@/lib/http';
import { renderTex } from '@/lib/rich-text';
import { requireApiUser } from '@/lib/session';

const body = z.object({ text: z.string().max(4000), kind: z.enum(['number', 'vector', 'matrix', 'expression', 'choice']) });

/** POST /api/v1/preview {text, kind} → {tex, html} of the parsed answer, or {error} saying why it cannot be read. */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const { text, kind } = await readJson(request, body);
  const preview = previewAnswer(text, kind, { lang: user.lang === 'en' ? 'en' : 'zh', noneAllowed: true });
  return json(preview.ok ? { tex: preview.tex, html: renderTex(preview.tex, false) } : { error: preview.message, reason: preview.reason });
});
