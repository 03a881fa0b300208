import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { previewInWorker } from '@/lib/answer-checks';
import { json, readJson, route } from '@/lib/http';
import { renderTex } from '@/lib/rich-text';
import { requireApiUser } from '@/lib/session';

const body = z.object({ text: z.string().max(4000), kind: z.enum(['number', 'vector', 'matrix', 'expression', 'choice']) });

/**
 * POST /api/v1/preview {text, kind} → {tex, html} of the parsed answer, or {error, reason} saying why it cannot be
 * read. Parsing runs in a check worker (1 s deadline; `reason: 'undecided'` when it overruns).
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const { text, kind } = await readJson(request, body);
  const preview = await previewInWorker(text, kind, user.lang === 'en' ? 'en' : 'zh');
  return json(preview.ok ? { tex: preview.tex, html: renderTex(preview.tex, false) } : { error: preview.message, reason: preview.reason });
});
