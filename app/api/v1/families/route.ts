import { NextResponse, type NextRequest } from 'next/server';
import { json, route } from '@/lib/http';
import { listAuthoredFamilies, publishQuestionFile, QuestionFileRejected, readQuestionBody } from '@/lib/question-families';
import { requireApiEditor, requireApiUser } from '@/lib/session';

/** GET /api/v1/families: the families authored as question files (latest version of each). */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  return json({ families: await listAuthoredFamilies(user.lang === 'en' ? 'en' : 'zh') });
});

/**
 * POST /api/v1/families (editor; body: the question file) → 201 {id, version}, 200 when the same
 * version only changed its texts, or 400 {error, problems: [{path, line, message}]} — failing
 * question tests name their seed. Nothing is stored on any problem.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiEditor(request);
  const yaml = await readQuestionBody(request);
  try {
    const r = await publishQuestionFile(user, yaml);
    return json({ id: r.id, version: r.version }, r.created ? 201 : 200);
  } catch (error) {
    if (error instanceof QuestionFileRejected) {
      return NextResponse.json({ error: error.message, problems: error.problems, ...(error.report ? { tests: error.report.tests } : {}) }, { status: 400 });
    }
    throw error;
  }
});
