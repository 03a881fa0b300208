import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { cardProblems, fieldText, tagList } from '@/lib/authoring-schema';
import { json, readJson, route } from '@/lib/http';
import { previewHtml } from '@/lib/card-preview';
import { requireApiEditor } from '@/lib/session';

const loose = z.string().max(8000, 'at most 8000 characters');
const draftText = z.strictObject({ zh: loose.optional(), en: loose.optional() });
const body = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('basic'), front: draftText, back: draftText, tags: z.array(z.string()).optional(), id: z.string().optional() }),
  z.strictObject({ kind: z.literal('cloze'), text: draftText, extra: draftText.optional(), tags: z.array(z.string()).optional(), id: z.string().optional() }),
]);

const clean = (value: { zh?: string; en?: string } | undefined) => {
  const out: { zh?: string; en?: string } = {};
  if (value?.zh?.trim()) out.zh = value.zh;
  if (value?.en?.trim()) out.en = value.en;
  return out;
};

/**
 * POST /api/v1/cards/preview (editor) {a draft card}: the card rendered as learners will see it and every
 * problem saving would be refused for (TeX errors, cloze markup, empty fields), each with its field.
 */
export const POST = route(async (request: NextRequest) => {
  await requireApiEditor(request);
  const draft = await readJson(request, body);
  const card = draft.kind === 'basic' ? { kind: draft.kind, front: clean(draft.front), back: clean(draft.back) } : { kind: draft.kind, text: clean(draft.text), ...(draft.extra ? { extra: clean(draft.extra) } : {}) };
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const name of draft.kind === 'basic' ? ['front', 'back'] : ['text']) {
    const result = fieldText.safeParse((card as Record<string, unknown>)[name]);
    if (!result.success) problems.push({ path: [name], message: result.error.issues[0]?.message ?? 'invalid' });
  }
  if (draft.tags) {
    const tags = tagList.safeParse(draft.tags);
    if (!tags.success) problems.push({ path: ['tags'], message: tags.error.issues[0]?.message ?? 'invalid tags' });
  }
  const extra = card.kind === 'cloze' && card.extra && Object.keys(card.extra).length === 0 ? { ...card, extra: undefined } : card;
  problems.push(...cardProblems(extra as Parameters<typeof cardProblems>[0]).map((p) => ({ path: [...p.path], message: p.message })));
  return json({ html: previewHtml(extra as Parameters<typeof previewHtml>[0]), problems });
});
