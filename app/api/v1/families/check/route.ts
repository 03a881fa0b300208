import type { NextRequest } from 'next/server';
import { json, route } from '@/lib/http';
import { checkDraft, QuestionFileRejected, readQuestionBody } from '@/lib/question-families';
import { requireApiEditor } from '@/lib/session';

/**
 * POST /api/v1/families/check[?seed=N] (editor; body: a draft question file) → {ok, id, version,
 * problems, tests, instances, previews}: what publishing would say, and one rendered instance per
 * level (prompt, answer, worked solution, verification), in the editor's language. Stores nothing.
 * A file whose checks overrun the worker's deadline → 422 {error, ok: false, problems: [too-slow]}.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiEditor(request);
  const yaml = await readQuestionBody(request);
  const raw = request.nextUrl.searchParams.get('seed');
  const seed = raw !== null && /^\d{1,12}$/.test(raw) ? Number(raw) : 1;
  try {
    return json(await checkDraft(yaml, user.lang === 'en' ? 'en' : 'zh', seed));
  } catch (error) {
    if (error instanceof QuestionFileRejected) {
      const body = { error: error.message, ok: false, problems: error.problems, tests: error.tests, instances: 0, previews: [] };
      return json(body, error.status);
    }
    throw error;
  }
});
