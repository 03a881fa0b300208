import { NextResponse, type NextRequest } from 'next/server';
import { HttpError, route } from '@/lib/http';
import { exportQuestionFile } from '@/lib/question-families';
import { requireApiEditor } from '@/lib/session';

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/families/<id>[?version=N] (editor) → the question file as published (YAML download). */
export const GET = route(async (request: NextRequest, context: Context) => {
  await requireApiEditor(request);
  const { id } = await context.params;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || id.length > 64) throw new HttpError(404, 'no such question family');
  const raw = request.nextUrl.searchParams.get('version');
  if (raw !== null && !/^\d{1,10}$/.test(raw)) throw new HttpError(400, 'version must be a whole number');
  const { yaml, version } = await exportQuestionFile(id, raw === null ? undefined : Number(raw));
  return new NextResponse(yaml, {
    headers: {
      'content-type': 'application/yaml; charset=utf-8',
      'content-disposition': `attachment; filename="${id}.v${version}.yaml"`,
      'x-family-version': String(version),
    },
  });
});
