import type { NextRequest } from 'next/server';
import { readBytes } from '@/lib/authoring-http';
import { importAnki } from '@/lib/anki-import/client';
import { ImportRefusedError, maxUploadBytes } from '@/lib/anki-import/errors';
import { HttpError, json, route } from '@/lib/http';
import { requireApiEditor } from '@/lib/session';

/**
 * POST /api/v1/import?filename=NAME[&history=1][&dryRun=1] (editor; raw body: .apkg, .colpkg, or Anki's .txt/.csv
 * text export) → 201 {articles:[slug], cards, media, reviews, …summary}; with dryRun=1 → 200 and the same summary,
 * nothing written. A refusal answers {error, code, args, problems}: `error` in English, `code` and `args` for a
 * page to say it in the reader's language (lib/i18n-anki.ts). A file that cannot be imported → 400 and nothing
 * changed; over the size cap → 413; another import running → 409.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiEditor(request);
  try {
    const params = request.nextUrl.searchParams;
    const flag = (name: string) => {
      const value = params.get(name);
      if (value !== null && value !== '0' && value !== '1') throw new ImportRefusedError(400, 'bad-flag', { name });
      return value === '1';
    };
    const history = flag('history');
    const dryRun = flag('dryRun');
    const filename = (params.get('filename') ?? '').trim().slice(0, 255);
    const tooBig = new ImportRefusedError(413, 'upload-too-large', { max: maxUploadBytes / 1048576 });
    const readBody = () =>
      readBytes(request, maxUploadBytes, tooBig.message).catch((error: unknown) => {
        throw error instanceof HttpError && error.status === 413 ? tooBig : error;
      });
    const summary = await importAnki({ readBody, filename, history, dryRun, userId: user.id, now: new Date() });
    return json(summary, dryRun ? 200 : 201);
  } catch (error) {
    if (error instanceof ImportRefusedError) return json({ error: error.message, code: error.code, args: error.args, problems: error.problems }, error.status);
    throw error;
  }
});
