import type { NextRequest } from 'next/server';
import { readBytes } from '@/lib/authoring-http';
import { importAnki } from '@/lib/anki-import/client';
import { ImportRefusedError, maxUploadBytes } from '@/lib/anki-import/errors';
import { HttpError, json, route } from '@/lib/http';
import { requireApiEditor } from '@/lib/session';

/**
 * POST /api/v1/import?filename=NAME[&history=1][&dryRun=1] (editor; raw body: .apkg, .colpkg, or Anki's .txt/.csv
 * text export) → 201 {articles:[slug], cards, media, reviews, …summary}; with dryRun=1 → 200 and the same summary,
 * nothing written. A file that cannot be imported → 400 {error, problems} and nothing changed; over the size cap
 * → 413; another import running → 409.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiEditor(request);
  const params = request.nextUrl.searchParams;
  const flag = (name: string) => {
    const value = params.get(name);
    if (value !== null && value !== '0' && value !== '1') throw new HttpError(400, `${name} is 0 or 1`);
    return value === '1';
  };
  const history = flag('history');
  const dryRun = flag('dryRun');
  const filename = (params.get('filename') ?? '').trim().slice(0, 255);
  const tooBig = `the file is over ${maxUploadBytes / 1048576} MiB, the largest package this app imports; export fewer decks at a time`;
  try {
    const readBody = () => readBytes(request, maxUploadBytes, tooBig);
    const summary = await importAnki({ readBody, filename, history, dryRun, userId: user.id, now: new Date() });
    return json(summary, dryRun ? 200 : 201);
  } catch (error) {
    if (error instanceof ImportRefusedError) return json({ error: error.message, problems: error.problems }, error.status);
    throw error;
  }
});
