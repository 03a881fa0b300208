import type { NextRequest } from 'next/server';
import { json, route } from '@/lib/http';
import { listAuthoredFamilies, publishQuestionFile, QuestionFileRejected, readQuestionBody } from '@/lib/question-families';
import { requireApiEditor, requireApiUser } from '@/lib/session';

/** GET /api/v1/families: the families authored as question files (latest version of each, with its versions). */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  return json({ families: await listAuthoredFamilies(user.lang === 'en' ? 'en' : 'zh') });
});

/**
 * POST /api/v1/families (editor; body: the question file) → 201 {id, version}, 200 when the same
 * version only changed its texts, or 400 {error, problems: [{path, line, code, message}], tests} —
 * failing question tests name their seed; messages are in the editor's language. A file whose checks
 * overrun the worker's deadline is refused the same way (code 'too-slow'). Nothing is stored on any problem.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiEditor(request);
  const yaml = await readQuestionBody(request);
  try {
    const r = await publishQuestionFile(user, yaml, user.lang === 'en' ? 'en' : 'zh');
    return json({ id: r.id, version: r.version }, r.created ? 201 : 200);
  } catch (error) {
    if (error instanceof QuestionFileRejected) {
      return json({ error: error.message, problems: error.problems, tests: error.tests }, error.status);
    }
    throw error;
  }
});
