/**
 * Question families through the real app (built server, real SQLite file or PostgreSQL database): an editor (a member the
 * admin promoted) publishes with its checks, messages in the editor's language, versions kept so
 * stored instances rebuild from their own file, preview, export/import, the family's cards in a
 * member's study queue and practice, and a hostile file that cannot hold up other requests.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';

const FILE = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/questions/quadratic-form-gradient.yaml'), 'utf8');
const YAML = { 'content-type': 'application/yaml' };

let server: AppServer;
let admin: ApiClient;
let editor: ApiClient;
let member: ApiClient;

beforeAll(async () => {
  server = await startAppServer();
  admin = new ApiClient(server.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
  const invite = await admin.call('POST', '/invites', { maxUses: 2 });
  member = new ApiClient(server.baseUrl);
  expect((await member.call('POST', '/users', { invite: invite.body.code, username: 'member', password: 'member pass' })).status).toBe(201);
  editor = new ApiClient(server.baseUrl);
  const joined = await editor.call('POST', '/users', { invite: invite.body.code, username: 'author', password: 'author pass', lang: 'en' });
  expect(joined.status).toBe(201);
  expect((await admin.call('PATCH', `/users/${joined.body.id}`, { role: 'editor' })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

function rows<T>(sql: string, ...args: unknown[]): Promise<T[]> {
  return server.database.query<T>(sql, ...args);
}

describe('question families API', () => {
  it('refuses members, anonymous callers, empty and oversized bodies', async () => {
    expect((await new ApiClient(server.baseUrl).call('POST', '/families', FILE, YAML)).status).toBe(401);
    expect((await member.call('POST', '/families', FILE, YAML)).status).toBe(403);
    expect((await member.call('POST', '/families/check', FILE, YAML)).status).toBe(403);
    expect((await editor.call('POST', '/families', '   ', YAML)).status).toBe(400);
    expect((await editor.call('POST', '/families', `${FILE}\n# ${'x'.repeat(100_000)}`, YAML)).status).toBe(413);
  });

  it('answers 400 with every problem, naming the seed of a failing test, and stores nothing', async () => {
    const failing = FILE.replace('- {answer: {value: "-g"}, correct: false}', '- {answer: {value: "2*g"}, correct: true}');
    const r = await editor.call('POST', '/families', failing, YAML);
    expect(r.status).toBe(400);
    const problems = r.body.problems as unknown as { path: string; line: number; code: string; message: string }[];
    expect(problems[0]).toMatchObject({ path: 'tests[1]', code: 'test-fails' });
    expect(problems[0]?.message).toMatch(/^test fails at seed \d+, level (easy|medium): answer .* should be correct but is incorrect/);
    expect(problems[0]?.line).toBe(FILE.split('\n').findIndex((l) => l.includes('"-g"')) + 1);
    const tests = r.body.tests as unknown as { path: string; answer: string; correct: boolean; failed: number; firstFailure?: { seed: number; message: string } }[];
    expect(tests[1]).toMatchObject({ path: 'tests[1]', answer: '2*g', correct: true });
    expect(tests[1]?.failed).toBeGreaterThan(0);
    const bad = await editor.call('POST', '/families', FILE.replace('article: quadratic-minimum', 'article: no-such-article').replace('g: "subs', 'g: "nope(1) + subs'), YAML);
    expect(bad.status).toBe(400);
    expect((bad.body.problems as unknown as { code: string }[]).map((p) => p.code)).toEqual(['unknown-function']);
    const builtin = await editor.call('POST', '/families', FILE.replace('id: quadratic-form-gradient', 'id: random-walk'), YAML);
    expect(builtin.status).toBe(400);
    expect(builtin.body.problems).toEqual([{ path: 'id', line: 1, code: 'builtin-id', message: 'random-walk is the id of a built-in family; choose another' }]);
    const noArticle = await editor.call('POST', '/families', FILE.replace('article: quadratic-minimum', 'article: no-such-article'), YAML);
    expect(noArticle.body.problems).toEqual([{ path: 'article', line: 2, code: 'no-article', message: 'no article no-such-article' }]);
    expect(await rows('select * from "QuestionFamily"')).toEqual([]);
  });

  it('speaks the editor\'s language, keeping paths, lines and codes', async () => {
    const failing = FILE.replace('- {answer: {value: "-g"}, correct: false}', '- {answer: {value: "2*g"}, correct: true}').replace('g: "subs', 'g: "w + subs');
    const en = await editor.call('POST', '/families/check', failing, YAML);
    expect((await editor.call('PATCH', '/me', { lang: 'zh' })).status).toBe(200);
    const zh = await editor.call('POST', '/families/check', failing, YAML);
    const zhTests = await editor.call('POST', '/families/check', FILE.replace('- {answer: {value: "-g"}, correct: false}', '- {answer: {value: "2*g"}, correct: true}'), YAML);
    expect((await editor.call('PATCH', '/me', { lang: 'en' })).status).toBe(200);
    type Problem = { path: string; line?: number; code: string; message: string };
    const [enProblem] = en.body.problems as unknown as Problem[];
    const [zhProblem] = zh.body.problems as unknown as Problem[];
    expect(enProblem).toMatchObject({ path: 'variables.g', line: 9, code: 'unknown-name-above', message: 'unknown name w — names must be defined above their use' });
    expect(zhProblem).toEqual({ ...enProblem, message: '未知的名字 w——名字必须先定义后使用' });
    const [failure] = zhTests.body.problems as unknown as Problem[];
    expect(failure?.message).toMatch(/^测试在种子 \d+、难度 (easy|medium) 时失败：答案 .* 应判为正确，实际判为错误/);
    expect((zhTests.body.tests as unknown as { firstFailure?: { message: string } }[])[1]?.firstFailure?.message).toMatch(/应判为正确/);
  });

  it('publishes, previews, exports, and keeps versions', async () => {
    const first = await editor.call('POST', '/families', FILE, YAML);
    expect(first.status).toBe(201);
    const { id, version } = first.body as unknown as { id: string; version: number };
    expect(id).toBe('quadratic-form-gradient');
    const cards = await rows<{ id: string; level: string; familyVersion: number }>('select "id", "level", "familyVersion" from "Card" where "familyId" = ? order by "level"', id);
    expect(cards.map((c) => c.level)).toEqual(['easy', 'medium']);
    expect(cards.every((c) => c.familyVersion === version)).toBe(true);

    const preview = await editor.call('GET', `/families/${id}/preview?seed=3&level=easy`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ id, version, level: 'easy', seed: 3, verification: { ok: true } });
    expect(String(preview.body.promptHtml)).toContain('katex');
    expect((await editor.call('GET', `/families/${id}/preview?seed=3&level=hard`)).status).toBe(400);
    expect((await editor.call('GET', `/families/${id}/preview?seed=x`)).status).toBe(400);
    expect((await editor.call('GET', '/families/nope/preview?seed=1')).status).toBe(404);
    expect((await member.call('GET', `/families/${id}/preview?seed=1`)).status).toBe(403);

    const exported = await editor.call('GET', `/families/${id}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain(`${id}.v${version}.yaml`);
    expect((await editor.call('POST', '/families', exported.body as unknown as string, YAML)).status).toBe(200);

    // A text-only edit keeps the version; an edit of what seeds generate makes a new one.
    const reworded = await editor.call('POST', '/families', FILE.replace('Find $', 'Compute $'), YAML);
    expect(reworded.body).toEqual({ id, version });
    const redrawn = await editor.call('POST', '/families', FILE.replace('a: {int: [-5, 5], not: [0]}', 'a: {int: [-7, 7], not: [0]}'), YAML);
    expect(redrawn.status).toBe(201);
    expect((redrawn.body as unknown as { version: number }).version).not.toBe(version);
    expect(await rows('select "version" from "QuestionFamily" where "id" = ?', id)).toHaveLength(2);
    const old = await editor.call('GET', `/families/${id}/preview?seed=3&level=easy&version=${version}`);
    expect(old.body).toMatchObject({ version, params: preview.body.params });
    // A stated version that is already published with other variables must be bumped.
    const pinned = FILE.replace('id: quadratic-form-gradient', 'version: 7\nid: quadratic-form-gradient');
    expect((await editor.call('POST', '/families', pinned, YAML)).status).toBe(201);
    const clash = await editor.call('POST', '/families', pinned.replace('v: {vector: {size: 2, int: [-3, 3]}}', 'v: {vector: {size: 2, int: [-4, 4]}}'), YAML);
    expect(clash.status).toBe(400);
    expect(JSON.stringify(clash.body.problems)).toMatch(/new version/);

    const list = await member.call('GET', '/families');
    expect(list.body.families).toEqual([expect.objectContaining({ id, version: 7, versions: 3, article: 'quadratic-minimum' })]);
  });

  it('puts the family in a member\'s study queue, checks answers, and rebuilds a stored instance from its version', async () => {
    const queue = await member.call('GET', '/queue?limit=100&article=quadratic-minimum');
    expect(queue.status).toBe(200);
    const cards = (queue.body.cards as unknown as { id: string; problem?: { family: string; version: number; seed: number; level: string } }[]).filter((c) => c.problem?.family === 'quadratic-form-gradient');
    expect(cards.length).toBeGreaterThan(0);
    const card = cards[0]!;
    const preview = await editor.call('GET', `/families/quadratic-form-gradient/preview?seed=${card.problem!.seed}&level=${card.problem!.level}&version=${card.problem!.version}`);
    const right = (preview.body.answer as { value: string }).value;
    const wrong = await member.call('POST', '/check', { cardId: card.id, answer: '[0, 0]', seed: card.problem!.seed });
    expect(wrong.body).toMatchObject({ correct: false });
    const ok = await member.call('POST', '/check', { cardId: card.id, answer: right, seed: card.problem!.seed });
    expect(ok.body).toMatchObject({ correct: true });
    expect(String(ok.body.solutionHtml)).toContain('katex');
    const review = await member.call('POST', '/reviews', { id: randomUUID(), cardId: card.id, answer: right });
    expect(review.body).toMatchObject({ correct: true });
    const [state] = await rows<{ familyVersion: number; seed: number }>('select "familyVersion", "seed" from "CardState" where "cardId" = ? and "familyVersion" is not null', card.id);
    expect(state?.familyVersion).toBe(7);
    // Publishing version 8 does not change the learner's pending instance (seed drawn for version 7).
    const v8 = FILE.replace('id: quadratic-form-gradient', 'version: 8\nid: quadratic-form-gradient').replace('a: {int: [-5, 5], not: [0]}', 'a: {int: [-9, 9], not: [0]}');
    expect((await editor.call('POST', '/families', v8, YAML)).status).toBe(201);
    const pending = await editor.call('GET', `/families/quadratic-form-gradient/preview?seed=${state!.seed}&level=${card.problem!.level}&version=7`);
    const pendingAnswer = (pending.body.answer as { value: string }).value;
    const checked = await member.call('POST', '/check', { cardId: card.id, answer: pendingAnswer, seed: state!.seed });
    expect(checked.body).toMatchObject({ correct: true });
    expect(await rows('select "version" from "QuestionFamily" where "id" = ? and "version" = 8', 'quadratic-form-gradient')).toHaveLength(1);
    expect(await rows('select "id" from "Card" where "familyId" = ? and "familyVersion" = 8', 'quadratic-form-gradient')).toHaveLength(2);
  });

  it('checks practice answers to an authored family like a built-in one', async () => {
    const preview = await editor.call('GET', '/families/quadratic-form-gradient/preview?seed=11&level=medium');
    const right = (preview.body.answer as { value: string }).value;
    const ok = await member.call('POST', '/practice/check', { family: 'quadratic-form-gradient', seed: 11, level: 'medium', answer: right, reveal: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ kind: 'graded', correct: true });
    expect(String(ok.body.solutionHtml)).toContain('katex');
    const wrong = await member.call('POST', '/practice/check', { family: 'quadratic-form-gradient', seed: 11, level: 'medium', answer: '[0, 0]' });
    expect(wrong.body).toMatchObject({ correct: false });
  });
});

/** Within every cap, but about a minute of work: 60 tests, each summing 10^4 squares twice, over 20 seeds × 3 levels. */
function heavyFile(): string {
  const heavy = 'sum(k*k, k, 1, 9999) - sum(k*k, k, 1, 9999)';
  const tests = Array.from({ length: 58 }, () => `  - {answer: "v + ${heavy}", correct: true}`).join('\n');
  return `id: heavy-sums
article: quadratic-minimum
title: {en: Heavy, zh: 很重}
variables:
  a: {int: [1, 9]}
  w: "${heavy}"
  v: "a + w"
levels: {easy: {a: {int: [1, 5]}}, hard: {a: {int: [5, 9]}}}
prompt: {en: "Find {{v}}.", zh: "求 {{v}}。"}
answer: {value: {kind: number, expected: v}}
verify: ["v == a + ${heavy}"]
tests:
  - {answer: v, correct: true}
  - {answer: "v + 1", correct: false}
${tests}
`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

describe('a hostile question file', () => {
  it('is stopped at the worker deadline with a clear message, while other requests keep their usual speed', { timeout: 120_000 }, async () => {
    const anonymous = new ApiClient(server.baseUrl);
    const baseline: number[] = [];
    for (let i = 0; i < 10; i++) baseline.push((await timed(() => member.call('GET', '/queue?limit=5')))[1]);
    let checking = true;
    const during: number[] = [];
    const poll = (async () => {
      while (checking) {
        const [[queue, me], ms] = await timed(() => Promise.all([member.call('GET', '/queue?limit=5'), anonymous.call('GET', '/me')]));
        expect(queue.status).toBe(200);
        expect(me.status).toBe(401);
        during.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const [published, publishMs] = await timed(() => editor.call('POST', '/families', heavyFile(), YAML));
    const [checked] = await timed(() => editor.call('POST', '/families/check', heavyFile(), YAML));
    checking = false;
    await poll;

    expect(published.status).toBe(400);
    expect(published.body.problems).toEqual([{ path: '', code: 'too-slow', message: expect.stringMatching(/longer than 10 s/) }]);
    expect(checked.status).toBe(422);
    expect(checked.body).toMatchObject({ ok: false, problems: [{ code: 'too-slow' }] });
    // The deadline, not the minute of work, decides how long the author waits.
    expect(publishMs).toBeGreaterThanOrEqual(10_000);
    expect(publishMs).toBeLessThan(30_000);
    expect(await rows('select * from "QuestionFamily" where "id" = ?', 'heavy-sums')).toEqual([]);
    // Other requests went on: many answered, none near the 10 s the file held its worker (10x the usual slowest).
    expect(during.length).toBeGreaterThan(20);
    expect(Math.max(...during)).toBeLessThan(Math.max(2_000, 10 * Math.max(...baseline)));
    // The worker cut off at its deadline was replaced: an ordinary file checks as before.
    const after = await editor.call('POST', '/families/check', FILE, YAML);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ ok: true });
  });
});
