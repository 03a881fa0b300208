import { NextResponse, type NextRequest } from 'next/server';
import type { User } from '@prisma/client';
import { exportArticleApkg } from '@/lib/anki-export';
import { exportArticle } from '@/lib/authoring';
import { HttpError, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';

type Context = { params: Promise<{ slug: string }> };

/** One exporter per format: the article file (YAML) or an Anki package. */
const exporters: Record<string, ((user: User, slug: string, history: boolean) => Promise<Response>) | undefined> = {
  yaml: async (_user, slug, history) => {
    if (history) throw new HttpError(400, 'history=1 goes with format=apkg; the YAML file holds content only');
    const { text } = await exportArticle(slug);
    return new NextResponse(text, {
      status: 200,
      headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `attachment; filename="${slug}.yaml"` },
    });
  },
  apkg: async (user, slug, history) => {
    const { bytes, filename } = await exportArticleApkg(user, slug, history, new Date());
    return new NextResponse(new Uint8Array(bytes), {
      status: 200,
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${filename}"` },
    });
  },
};

/** GET /api/v1/articles/:slug/export[?format=yaml|apkg][&history=1] → the article as one file (default YAML). */
export const GET = route(async (request: NextRequest, context: Context) => {
  const user = await requireApiUser(request);
  const format = request.nextUrl.searchParams.get('format') ?? 'yaml';
  const exporter = exporters[format];
  if (!exporter) throw new HttpError(400, 'unsupported format');
  return exporter(user, (await context.params).slug, request.nextUrl.searchParams.get('history') === '1');
});
