import { NextResponse, type NextRequest } from 'next/server';
import { exportArticle } from '@/lib/authoring';
import { HttpError, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';

type Context = { params: Promise<{ slug: string }> };

/** One exporter per format; `apkg` (Anki package) is added by the Anki interop work. */
const exporters: Record<string, ((slug: string, history: boolean) => Promise<Response>) | undefined> = {
  yaml: async (slug, history) => {
    if (history) throw new HttpError(400, 'history=1 goes with format=apkg; the YAML file holds content only');
    const { text } = await exportArticle(slug);
    return new NextResponse(text, {
      status: 200,
      headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `attachment; filename="${slug}.yaml"` },
    });
  },
};

/** GET /api/v1/articles/:slug/export[?format=yaml|apkg][&history=1] → the article as one file (default YAML). */
export const GET = route(async (request: NextRequest, context: Context) => {
  await requireApiUser(request);
  const format = request.nextUrl.searchParams.get('format') ?? 'yaml';
  const exporter = exporters[format];
  if (!exporter) throw new HttpError(400, 'unsupported format');
  return exporter((await context.params).slug, request.nextUrl.searchParams.get('history') === '1');
});
