// Anki interop through the real server and its database (a SQLite file, and in npm test's second run a PostgreSQL
// database): import (dry run, history, re-import by guid), media, export as .apkg and back into a fresh install,
// and bad input that must change nothing.
import http from 'node:http';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyReview, newCardMemory, type CardMemory } from '@/engine/scheduler';
import { readAnkiPackage, revlogToReviews } from '@/lib/anki';
import { refusalText, type RefusalAnswer } from '@/lib/i18n-anki';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { realDatabase } from './helpers/test-database';
import { buildPackage, largePackage, packageEntries, pixelPng, sampleData, zipEntries, type FixtureData } from './helpers/anki-fixtures';

let server: AppServer;
let fresh: AppServer;
let admin: ApiClient;
let member: ApiClient;

beforeAll(async () => {
  [server, fresh] = await Promise.all([startAppServer(), startAppServer()]);
  admin = new ApiClient(server.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
  member = new ApiClient(server.baseUrl);
  const invite = await admin.call('POST', '/invites', { maxUses: 1 });
  expect((await member.call('POST', '/users', { invite: invite.body.code, username: 'learner', password: 'learner password' })).status).toBe(201);
}, 240_000);

afterAll(async () => {
  await Promise.all([server?.stop(), fresh?.stop()]);
});

/** Rows straight from a server's database (`?` parameters, quoted identifiers: tests/helpers/test-database.ts). */
function query<T>(app: AppServer, sql: string, ...args: unknown[]): Promise<T[]> {
  return app.database.query<T>(sql, ...args);
}

/** A JSON column as either database hands it over: text, or already parsed (PostgreSQL jsonb). */
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
/** A DateTime column (SQLite: ISO text; PostgreSQL: a Date) as epoch ms. */
const instant = (value: unknown): number => (value instanceof Date ? value.getTime() : Date.parse(String(value)));

const tables = ['Article', 'Note', 'NoteVersion', 'Card', 'CardState', 'Review', 'Media', 'card_search'];
async function counts(app: AppServer): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, (await query<{ n: number }>(app, `SELECT count(*) AS n FROM "${table}"`))[0]!.n])));
}

/** Posts a file to /import as a browser does (raw body), with the session of `client`. */
async function upload(client: ApiClient, bytes: Uint8Array, params: string) {
  const response = await fetch(`${client.baseUrl}/api/v1/import?${params}`, { method: 'POST', headers: { cookie: client.sessionCookie, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { problems?: { what: string; id: string; reason: string }[] } };
}

/** The sample collection without the script it carries (that one is refused, below). */
function cleanData(): FixtureData {
  const data = sampleData();
  data.notes[0]!.fields = ['What is an eigenvector of \\(A\\)?', 'A vector \\(v \\neq 0\\) with \\[Av = \\lambda v\\]<img src="eigen.png">'];
  data.notes[3]!.fields[1] = 'See <a href="https://example.org/det">more</a>';
  return data;
}

describe(`Anki import (real server, ${realDatabase})`, () => {
  it('lets only editors import', async () => {
    const bytes = await buildPackage(cleanData(), 'legacy2');
    expect((await upload(new ApiClient(server.baseUrl), bytes, 'filename=a.apkg')).status).toBe(401);
    expect((await upload(member, bytes, 'filename=a.apkg')).status).toBe(403);
  });

  it('answers a dry run with what would be created and skipped, and writes nothing', async () => {
    const before = (await counts(server));
    const { status, body } = await upload(admin, await buildPackage(cleanData(), 'latest'), 'filename=maths.apkg&history=1&dryRun=1');
    expect(status).toBe(200);
    expect((await counts(server))).toEqual(before);
    expect(body).toMatchObject({ dryRun: true, articles: ['default', 'maths', 'maths-linear-algebra'], cards: 7, media: 1, reviews: 7, notes: { created: 6, updated: 0, unchanged: 0 } });
    expect(body.decks).toEqual([
      { name: 'Default', slug: 'default', newArticle: true, notes: 1, cards: 1 },
      { name: 'Maths', slug: 'maths', newArticle: true, notes: 3, cards: 3 },
      { name: 'Maths::Linear algebra', slug: 'maths-linear-algebra', newArticle: true, notes: 2, cards: 3 },
    ]);
    const reasons = (body.skipped as { what: string; reason: string }[]).map((skip) => `${skip.what}: ${skip.reason}`);
    expect(reasons).toContain('revlog: FSRS ignores them (cramming, manual rescheduling, history before a reset)');
    expect(reasons.some((reason) => reason.startsWith('revlog: they belong to cards that were not imported'))).toBe(true);
    // Each skip also carries its code and arguments, which the import page shows in the reader's language.
    expect(body.skipped).toContainEqual({ what: 'revlog', id: '3 rows', code: 'revlog-ignored-by-fsrs', args: { rows: 3 }, reason: 'FSRS ignores them (cramming, manual rescheduling, history before a reset)' });
  });

  let cardIdOfGuid = new Map<string, string>();
  it('imports decks as articles, notes as authored-style cards with tags and images, and the history as my reviews with replayed FSRS states', async () => {
    const data = cleanData();
    const { status, body } = await upload(admin, await buildPackage(data, 'latest'), 'filename=maths.apkg&history=1');
    expect(status).toBe(201);
    expect(body).toMatchObject({ dryRun: false, articles: ['default', 'maths', 'maths-linear-algebra'], cards: 7, media: 1, reviews: 7 });
    const articles = await query<{ slug: string; titleEn: string; origin: string; summaryEn: string }>(server, `SELECT "slug", "titleEn", "origin", "summaryEn" FROM "Article" WHERE "origin" = 'imported' ORDER BY "position"`);
    expect(articles).toEqual([
      { slug: 'default', titleEn: 'Default', origin: 'imported', summaryEn: 'About Default' },
      { slug: 'maths', titleEn: 'Maths', origin: 'imported', summaryEn: 'About Maths' },
      { slug: 'maths-linear-algebra', titleEn: 'Maths::Linear algebra', origin: 'imported', summaryEn: 'About Maths::Linear algebra' },
    ]);
    const notes = await query<{ id: string; guid: string; kind: string; tags: string; fields: unknown }>(server, `SELECT "id", "guid", "kind", "tags", "fields" FROM "Note" WHERE "origin" = 'imported'`);
    expect(notes.map((note) => note.guid).sort()).toEqual(['anki:gBasic001:0', 'anki:gCloze001', 'anki:gOpt00001:0', 'anki:gRev00001:0', 'anki:gRev00001:1', 'anki:gVocab001:0']);
    const byGuid = new Map(notes.map((note) => [note.guid, note]));
    expect(byGuid.get('anki:gBasic001:0')!.tags).toBe(' eigen maths ');
    expect(json(byGuid.get('anki:gRev00001:1')!.fields)).toEqual({ kind: 'basic', front: { en: 'sum of the diagonal' }, back: { en: 'trace' } });
    expect(json(byGuid.get('anki:gVocab001:0')!.fields)).toEqual({ kind: 'basic', front: { en: 'orthogonal' }, back: { en: 'at right angles\n\n*u·v = 0*' } });
    const cloze = json(byGuid.get('anki:gCloze001')!.fields) as { text: { en: string }; extra: { en: string } };
    expect(cloze.text.en).toBe('The {{c1::determinant}} of $A$ is the product of its {{c2::eigenvalues::values}}.');
    expect(cloze.extra.en).toBe('See more');
    const clozeId = byGuid.get('anki:gCloze001')!.id;
    expect((await query<{ id: string }>(server, 'SELECT "id" FROM "Card" WHERE "noteId" = ? ORDER BY "id"', clozeId)).map((card) => card.id)).toEqual([`${clozeId}/c1`, `${clozeId}/c2`]);

    // The image: stored once by content, linked from the card, served as an image with nosniff.
    const [media] = await query<{ sha256: string; mimeType: string; size: number }>(server, 'SELECT "sha256", "mimeType", "size" FROM "Media"');
    expect(media).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), mimeType: 'image/png', size: pixelPng.length });
    const eigen = json(byGuid.get('anki:gBasic001:0')!.fields) as { front: { en: string }; back: { en: string } };
    expect(eigen.front.en).toBe('What is an eigenvector of $A$?');
    expect(eigen.back.en).toBe(`A vector $v \\neq 0$ with $$Av = \\lambda v$$![](/api/v1/media/${media!.sha256})`);
    const image = await fetch(`${server.baseUrl}/api/v1/media/${media!.sha256}`, { headers: { cookie: member.sessionCookie } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(pixelPng);
    expect((await fetch(`${server.baseUrl}/api/v1/media/${media!.sha256}`)).status).toBe(401);
    expect((await member.call('GET', `/media/${'0'.repeat(64)}`)).status).toBe(404);

    // Imported notes are like authored ones: versions, search, the article file.
    const detail = await member.call('GET', `/cards/${encodeURIComponent(byGuid.get('anki:gRev00001:0')!.id)}`);
    expect((detail.body.versions as { version: number; change: string; author: string }[]).map((v) => [v.version, v.change, v.author])).toEqual([[1, 'imported', 'admin']]);
    const found = await member.call('GET', '/search?q=eigenvector');
    expect((found.body.cards as { id: string }[]).map((card) => card.id)).toContain(byGuid.get('anki:gBasic001:0')!.id);
    expect((await member.call('GET', '/search?tag=vocab')).body.total).toBe(1);
    const yaml = await fetch(`${server.baseUrl}/api/v1/articles/maths/export`, { headers: { cookie: member.sessionCookie } });
    expect(await yaml.text()).toContain('front:\n      en: sum of the diagonal');

    // History: the kept revlog rows became my reviews, and each card's state is the scheduler's replay of them.
    const userId = ((await admin.call('GET', '/me')).body.id as string);
    cardIdOfGuid = new Map(notes.flatMap((note) => (note.kind === 'basic' ? [[note.guid, note.id]] : [[`${note.guid}:0`, `${note.id}/c1`], [`${note.guid}:1`, `${note.id}/c2`]])));
    const ankiToOurs = new Map(data.cards.map((card) => {
      const note = data.notes.find((n) => n.id === card.nid)!;
      return [card.id, cardIdOfGuid.get(`anki:${note.guid}:${card.ord}`)];
    }));
    const model = await readAnkiPackage(await buildPackage(data, 'legacy1'));
    const kept = revlogToReviews(model.revlog.filter((row) => ankiToOurs.get(row.cardId))).reviews;
    const reviews = await query<{ cardId: string; rating: number; reviewedAt: unknown; durationMs: number }>(
      server,
      'SELECT "cardId", "rating", "reviewedAt", "durationMs" FROM "Review" WHERE "userId" = ? ORDER BY "reviewedAt", "cardId"',
      userId,
    );
    expect(reviews.map((r) => [r.cardId, r.rating, instant(r.reviewedAt), r.durationMs])).toEqual(kept.map((r) => [ankiToOurs.get(r.ankiCardId), r.rating, r.reviewedAtMs, r.durationMs]));
    const states = new Map(
      (await query<{ cardId: string; state: string; due: unknown; stability: number; difficulty: number; reps: number; lapses: number }>(
        server,
        'SELECT "cardId", "state", "due", "stability", "difficulty", "reps", "lapses" FROM "CardState" WHERE "userId" = ?',
        userId,
      )).map((s) => [s.cardId, s]),
    );
    const replayedCards = [...new Set(kept.map((r) => ankiToOurs.get(r.ankiCardId)!))];
    expect(replayedCards.length).toBe(3);
    for (const cardId of replayedCards) {
      // Independently of the importer: review by review through applyReview, from a new card.
      let memory: CardMemory | null = null;
      for (const review of kept.filter((r) => ankiToOurs.get(r.ankiCardId) === cardId)) {
        const at = new Date(review.reviewedAtMs);
        memory = applyReview(memory ?? newCardMemory(at), review.rating, at, { desiredRetention: 0.9 }, cardId);
      }
      const state = states.get(cardId)!;
      expect([state.state, instant(state.due), state.reps, state.lapses]).toEqual([memory!.state, memory!.due.getTime(), memory!.reps, memory!.lapses]);
      expect(state.stability).toBeCloseTo(memory!.stability, 8);
      expect(state.difficulty).toBeCloseTo(memory!.difficulty, 8);
    }
    // The card reviewed in Anki under Again-then-Good is in review with one lapse, as FSRS replays it.
    expect(states.get(cardIdOfGuid.get('anki:gBasic001:0')!)).toMatchObject({ state: 'review', lapses: 1 });
    const csv = await fetch(`${server.baseUrl}/api/v1/reviews?format=csv`, { headers: { cookie: admin.sessionCookie } });
    expect((await csv.text()).trim().split('\n')).toHaveLength(1 + kept.length);
  });

  it('re-imports by guid: the same package changes nothing; an edited note becomes a new version, a new note is added', async () => {
    const before = (await counts(server));
    const again = await upload(admin, await buildPackage(cleanData(), 'legacy2'), 'filename=maths.apkg&history=1');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ cards: 0, media: 0, reviews: 0, cardsUpdated: 0, notes: { created: 0, updated: 0, unchanged: 6 } });
    expect((await counts(server))).toEqual(before);

    const data = cleanData();
    data.notes[1]!.fields = ['trace of a matrix', 'sum of the diagonal entries'];
    data.notes.push({ id: 1_700_000_000_105, guid: 'gNew00001', mid: 1_700_000_000_001, tags: ' new ', fields: ['rank-nullity', 'rank + nullity = n'] });
    data.cards.push({ id: 1_700_000_000_207, nid: 1_700_000_000_105, did: 1_700_000_000_010, ord: 0, type: 0, queue: 0, due: 9, ivl: 0, factor: 0, reps: 0, lapses: 0 });
    const edited = await upload(admin, await buildPackage(data, 'latest'), 'filename=maths.apkg');
    expect(edited.status).toBe(201);
    expect(edited.body).toMatchObject({ cards: 1, cardsUpdated: 2, notes: { created: 1, updated: 2, unchanged: 4 } });
    const after = (await counts(server));
    expect(after.Note).toBe(before.Note! + 1);
    expect(after.Card).toBe(before.Card! + 1);
    const id = cardIdOfGuid.get('anki:gRev00001:1')!;
    const detail = await member.call('GET', `/cards/${encodeURIComponent(id)}`);
    expect(detail.body.fields).toEqual({ kind: 'basic', front: { en: 'sum of the diagonal entries' }, back: { en: 'trace of a matrix' } });
    expect((detail.body.versions as { version: number; change: string }[]).map((v) => [v.version, v.change])).toEqual([[2, 'imported'], [1, 'imported']]);
    expect(await query(server, `SELECT "articleSlug" FROM "Note" WHERE "guid" = 'anki:gNew00001:0'`)).toEqual([{ articleSlug: 'maths' }]);
  });

  it('exports an article as an .apkg with my history that imports into a fresh install as the same cards and review log', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/articles/maths-linear-algebra/export?format=apkg&history=1`, { headers: { cookie: admin.sessionCookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="maths-linear-algebra-with-history.apkg"');
    const apkg = Buffer.from(await response.arrayBuffer());
    const model = await readAnkiPackage(apkg);
    expect(model.decks.map((deck) => deck.name)).toContain('Maths::Linear algebra');
    const fields = model.notes.flatMap((note) => note.fields).join('\n');
    expect(fields).toContain('What is an eigenvector of \\(A\\)?');
    expect(fields).toContain('\\[Av = \\lambda v\\]');
    expect(fields).toContain('The {{c1::determinant}} of \\(A\\) is the product of its {{c2::eigenvalues::values}}.');
    expect(model.media.map((file) => file.name)).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.png$/)]);

    const other = new ApiClient(fresh.baseUrl);
    expect((await other.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
    const imported = await upload(other, apkg, 'filename=la.apkg&history=1');
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ articles: ['maths-linear-algebra'], cards: 3, media: 1 });
    const cardsOf = async (app: AppServer) =>
      (await query<{ content: unknown }>(app, `SELECT c."content" FROM "Card" c WHERE c."articleSlug" = 'maths-linear-algebra' AND c."retiredAt" IS NULL`)).map((row) => JSON.stringify(json(row.content))).sort();
    expect(await cardsOf(fresh)).toEqual(await cardsOf(server));
    // The review log: the same answers (time, rating; Anki keeps at most 60 s per answer) on the same cards.
    const logOf = async (app: AppServer) =>
      (
        await query<{ content: unknown; reviewedAt: unknown; rating: number; durationMs: number }>(
          app,
          `SELECT c."content", r."reviewedAt", r."rating", r."durationMs" FROM "Review" r JOIN "Card" c ON c."id" = r."cardId" WHERE c."articleSlug" = 'maths-linear-algebra' AND r."undoneAt" IS NULL`,
        )
      )
        .map((row) => `${JSON.stringify(json(row.content))} ${instant(row.reviewedAt)} ${row.rating} ${Math.min(row.durationMs, 60_000)}`)
        .sort();
    expect(await logOf(fresh)).toEqual(await logOf(server));
    expect(await logOf(fresh)).toHaveLength(7);
    const statesOf = async (app: AppServer) =>
      (
        await query<{ content: unknown; state: string; reps: number; lapses: number; stability: number }>(
          app,
          `SELECT c."content", s."state", s."reps", s."lapses", s."stability" FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId" WHERE c."articleSlug" = 'maths-linear-algebra'`,
        )
      )
        .map((row) => JSON.stringify({ ...row, content: json(row.content), stability: Number(row.stability.toFixed(6)) }))
        .sort();
    expect(await statesOf(fresh)).toEqual(await statesOf(server));
    const [sha] = await query<{ sha256: string }>(server, 'SELECT "sha256" FROM "Media"');
    expect(await query(fresh, 'SELECT "sha256" FROM "Media"')).toEqual([sha]);
  });

  it("imports Anki's text export with its headers", async () => {
    const text = ['#separator:tab', '#html:false', '#deck:Vocabulary', '#tags column:3', 'eigenvalue\t特征值\tlinear-algebra zh', 'kernel\t核 $k(x,y)$\tml', ''].join('\n');
    const { status, body } = await upload(admin, Buffer.from(text), 'filename=vocab.txt');
    expect(status).toBe(201);
    expect(body).toMatchObject({ articles: ['vocabulary'], cards: 2, notes: { created: 2 } });
    const rows = await query<{ fields: unknown; tags: string }>(server, `SELECT "fields", "tags" FROM "Note" WHERE "articleSlug" = 'vocabulary' ORDER BY "position"`);
    expect(rows.map((row) => [json(row.fields), row.tags])).toEqual([
      [{ kind: 'basic', front: { zh: 'eigenvalue' }, back: { zh: '特征值' } }, ' linear-algebra zh '],
      [{ kind: 'basic', front: { zh: 'kernel' }, back: { zh: '核 \\$k(x,y)\\$' } }, ' ml '],
    ]);
  });

  it('two app processes on one database importing the same new package at once store each note once; the later one is refused (409, nothing changed) or finds them unchanged', async () => {
    const data = cleanData();
    for (const note of data.notes) note.guid = `race-${note.guid}`;
    for (const deck of data.decks) deck.name = `Race ${deck.name}`;
    const bytes = await buildPackage(data, 'latest');
    const second = await startAppServer({}, { database: server.database });
    try {
      // A dry run first warms the second process (its route and worker start), so the two imports overlap.
      expect((await upload(admin.at(second.baseUrl), bytes, 'filename=race.apkg&history=1&dryRun=1')).status).toBe(200);
      const results = await Promise.all([upload(admin, bytes, 'filename=race.apkg&history=1'), upload(admin.at(second.baseUrl), bytes, 'filename=race.apkg&history=1')]);
      const statuses = results.map((result) => result.status).sort();
      expect([[201, 201], [201, 409]], JSON.stringify(results.map((result) => result.body))).toContainEqual(statuses);
      for (const result of results) {
        // Refused by whichever check the other import's rows trip first: the names it took, or the card states it wrote.
        if (result.status !== 409) continue;
        expect(String(result.body.error)).toMatch(/while the package was read.*; import again$/);
        expect(['conflict-names-taken', 'conflict-card-reviewed']).toContain(result.body.code);
        expectRefusal(result.body, String(result.body.code));
      }
      const created = results.filter((result) => result.status === 201).map((result) => result.body.notes);
      expect(created).toContainEqual({ created: 6, updated: 0, unchanged: 0 });
      if (created.length === 2) expect(created).toContainEqual({ created: 0, updated: 0, unchanged: 6 });
      const notes = await query<{ guid: string; articleSlug: string }>(server, `SELECT "guid", "articleSlug" FROM "Note" WHERE "guid" LIKE 'anki:race-%'`);
      expect(notes).toHaveLength(6);
      const articles = await query<{ slug: string }>(server, `SELECT "slug" FROM "Article" WHERE "titleEn" LIKE 'Race %' ORDER BY "slug"`);
      expect(articles.map((article) => article.slug)).toEqual([...new Set(notes.map((note) => note.articleSlug))].sort());
      const [reviews] = await query<{ n: number }>(server, `SELECT count(*) AS n FROM "Review" r JOIN "Card" c ON c."id" = r."cardId" JOIN "Note" n ON n."id" = c."noteId" WHERE n."guid" LIKE 'anki:race-%'`);
      expect(reviews!.n).toBe(7);
    } finally {
      await second.stop();
    }
  }, 180_000);

  it('exports an exercise card as a basic card with one instance and its worked solution, saying so', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/articles/quadratic-minimum/export?format=apkg`, { headers: { cookie: member.sessionCookie } });
    expect(response.status).toBe(200);
    const model = await readAnkiPackage(Buffer.from(await response.arrayBuffer()));
    const exercises = model.notes.filter((note) => note.tags.includes('ml-study-exercise'));
    expect(exercises.length).toBeGreaterThan(0);
    expect(exercises[0]!.fields[0]).toContain('每次复习都会生成一道新题');
    expect(exercises[0]!.fields[1]).toMatch(/答案/);
    expect(model.revlog).toEqual([]);
  });
});

/**
 * A refusal answer: `error` in English as before, plus `code` and `args` from which the page says it in either
 * language (the English made from them is `error` itself).
 */
function expectRefusal(body: Record<string, unknown>, code: string): RefusalAnswer {
  const answer = body as unknown as RefusalAnswer;
  expect(answer.code, JSON.stringify(body)).toBe(code);
  expect(typeof answer.args).toBe('object');
  expect(refusalText(answer, 'en')).toBe(answer.error);
  const zh = refusalText(answer, 'zh');
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  expect(zh).not.toMatch(/\{[A-Za-z][A-Za-z0-9]*\}/);
  return answer;
}

describe('bad Anki input changes nothing and says what is wrong', () => {
  async function refused(bytes: Uint8Array, filename: string, status: number, message: RegExp | string, code: string, query = 'history=1') {
    const before = (await counts(server));
    const result = await upload(admin, bytes, `filename=${filename}&${query}`);
    expect(result.status, JSON.stringify(result.body)).toBe(status);
    if (typeof message === 'string') expect(result.body.error).toBe(message);
    else expect(String(result.body.error)).toMatch(message);
    expectRefusal(result.body, code);
    expect((await counts(server))).toEqual(before);
    return result.body;
  }

  it('refuses files that are not Anki packages', async () => {
    // The English texts tools have read since the first release, word for word.
    await refused(Buffer.from('hello, not a zip at all'), 'deck.apkg', 400, 'This file is not a zip archive, so it is not an Anki package (.apkg/.colpkg).', 'not-zip');
    const whole = await buildPackage(cleanData(), 'legacy2');
    await refused(whole.subarray(0, Math.floor(whole.length / 2)), 'deck.apkg', 400, /^The package is a damaged or truncated zip archive \(.+\)\.$/, 'zip-damaged');
    await refused(Buffer.from('MZ'), 'setup.exe', 400, '"setup.exe" is not an Anki file: import a .apkg or .colpkg package, or a .txt/.csv text export', 'not-anki-file');
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, \'x\')');
    const notCollection = await refused(await zipEntries([['collection.anki2', sqlite.serialize()]]), 'deck.apkg', 400, '"collection.anki2" is not an Anki collection (it has no "col" table).', 'collection-table-missing');
    expect(notCollection.args).toEqual({ file: 'collection.anki2', table: 'col' });
    expect(refusalText(notCollection as unknown as RefusalAnswer, 'zh')).toBe('"collection.anki2" 不是 Anki 收藏（没有 "col" 表）。');
    sqlite.close();
    const entries = packageEntries(cleanData(), 'latest').filter(([name]) => name !== 'meta');
    // PackageMetadata { version: 7 }: a format newer than any Anki this app knows.
    const future = await refused(await zipEntries([...entries, ['meta', Buffer.from([0x08, 0x07])]]), 'deck.apkg', 400, "The package's format version (7) is unknown: it was made by a newer Anki than this app reads (legacy 1–2 and current 3).", 'unknown-version');
    expect(future.args).toEqual({ version: 7 });
  });

  it('refuses an empty upload, a bad flag, and a text export with no importable row, with codes', async () => {
    await refused(new Uint8Array(), 'deck.apkg', 400, 'send the Anki file (.apkg, .colpkg, .txt or .csv) as the request body', 'upload-empty');
    await refused(Buffer.from('x'), 'deck.apkg', 400, 'history is 0 or 1', 'bad-flag', 'history=yes');
    const body = await refused(Buffer.from('#separator:tab\n\t\n'), 'empty.txt', 400, 'The file holds no cards this app can import (row 1: it has no field text).', 'no-importable-cards');
    expect(refusalText(body as unknown as RefusalAnswer, 'zh')).toBe('文件里没有本应用能导入的卡片（第 1 行：这一行没有字段内容）。');
  });

  it('refuses a zip bomb by what it unpacks to, not what its headers say', async () => {
    const bomb = await refused(await zipEntries([['collection.anki2', Buffer.alloc(257 * 1024 * 1024)]]), 'bomb.apkg', 400, /unpacks to .*MiB; the limit per entry is 256\.0 MiB/, 'zip-entry-too-large');
    expect(bomb.args).toEqual({ name: 'collection.anki2', size: '257.0', max: '256.0' });
  });

  it('refuses media names that are paths', async () => {
    for (const name of ['../../evil.png', '..\\evil.png', '/etc/passwd']) {
      const entries = packageEntries(cleanData(), 'legacy2').map(([entry, bytes]): [string, Buffer] => (entry === 'media' ? [entry, Buffer.from(JSON.stringify({ 0: name }))] : [entry, bytes]));
      const body = await refused(await zipEntries(entries), 'deck.apkg', 400, /names a media file .* path separator/, 'media-name-path');
      expect(body.args).toEqual({ name: JSON.stringify(name) });
    }
  });

  it('refuses script in fields, listing where it is', async () => {
    const body = await refused(await buildPackage(sampleData(), 'legacy2'), 'deck.apkg', 400, /contain script/, 'script-in-fields');
    expect(body.error).toBe(
      "The file's fields contain script, which this app never runs (3 notes; first: note gBasic001: its field \"Front\" contains a <script> element). Nothing was imported: remove it in Anki and export again.",
    );
    expect(refusalText(body as unknown as RefusalAnswer, 'zh')).toBe('文件的字段里含有脚本，本应用从不运行脚本（3 条笔记；第一条：笔记 gBasic001：字段 "Front" 含有 <script> 元素）。没有导入任何内容：请在 Anki 中删除后重新导出。');
    expect(body.problems).toEqual([
      { what: 'note', id: 'gBasic001', code: 'active-element', args: { field: '"Front"', element: 'script' }, reason: 'its field "Front" contains a <script> element' },
      { what: 'note', id: 'gBasic001', code: 'active-handler', args: { field: '"Back"', handler: 'onerror' }, reason: 'its field "Back" contains an event handler (onerror=)' },
      { what: 'note', id: 'gCloze001', code: 'active-link', args: { field: '"Back Extra"', scheme: 'javascript' }, reason: 'its field "Back Extra" contains a javascript: link' },
    ]);
  });

  it('answers 413 for an upload over the cap, declared or streamed, before reading it all', async () => {
    const post = (declared: number | null, send: (request: http.ClientRequest) => void) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(`${server.baseUrl}/api/v1/import?filename=big.apkg`, {
          method: 'POST',
          headers: { cookie: admin.sessionCookie, 'content-type': 'application/octet-stream', ...(declared === null ? {} : { 'content-length': String(declared) }) },
        });
        request.on('response', (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, body });
            request.destroy();
          });
        });
        request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
        send(request);
      });
    const declared = await post(300 * 1024 * 1024, (request) => request.write(Buffer.alloc(1024)));
    expect(declared.status).toBe(413);
    const tooLarge = JSON.parse(declared.body) as Record<string, unknown>;
    expect(tooLarge.error).toBe('the file is over 256 MiB, the largest package this app imports; export fewer decks at a time');
    expect(expectRefusal(tooLarge, 'upload-too-large').args).toEqual({ max: 256 });
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const streamed = await post(null, (request) => {
      let sent = 0;
      const pump = () => {
        while (sent < 300 && !request.destroyed) {
          sent += 1;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        if (!request.destroyed) request.end();
      };
      pump();
    });
    expect(streamed.status).toBe(413);
    expectRefusal(JSON.parse(streamed.body) as Record<string, unknown>, 'upload-too-large');
  });

  it('answers 409 to an import while another runs, and keeps answering other requests', async () => {
    const big = await largePackage(6000, 40_000);
    const small = await buildPackage(cleanData(), 'legacy2');
    let done = false;
    const first = upload(admin, big.bytes, 'filename=big.apkg&history=1').finally(() => (done = true));
    // The lock is taken as the request arrives (before its body is read); give it that moment, generously (the import
    // itself takes well over 10 s), so no probe can take the lock first.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const probes: number[] = [];
    let busy: Record<string, unknown> | undefined;
    let meOk = 0;
    while (!done) {
      const probe = await upload(admin, small, 'filename=small.apkg&dryRun=1');
      probes.push(probe.status);
      if (probe.status === 409) busy = probe.body;
      if ((await member.call('GET', '/me')).status === 200) meOk += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await first;
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ articles: ['bench'], cards: big.cards, reviews: big.revlog });
    expect(probes).toContain(409);
    expect(busy!.error).toBe('another import is running; try again when it has finished');
    expect(refusalText(expectRefusal(busy!, 'import-busy'), 'zh')).toBe('另一次导入正在进行；请等它结束后再试');
    expect(meOk).toBeGreaterThan(0);
  }, 240_000);
});
