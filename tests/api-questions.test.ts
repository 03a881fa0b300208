/**
 * Question families through the real app (built server, real SQLite file or PostgreSQL database): publishing with its
 * checks, versions kept so stored instances rebuild from their own file, preview, export/import,
 * and the family's cards in a member's study queue.
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
let member: ApiClient;

beforeAll(async () => {
  server = await startAppServer();
  admin = new ApiClient(server.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
  const invite = await admin.call('POST', '/invites', { maxUses: 1 });
  member = new ApiClient(server.baseUrl);
  expect((await member.call('POST', '/users', { invite: invite.body.code, username: 'member', password: 'member pass' })).status).toBe(201);
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
    expect((await admin.call('POST', '/families', '   ', YAML)).status).toBe(400);
    expect((await admin.call('POST', '/families', `${FILE}\n# ${'x'.repeat(100_000)}`, YAML)).status).toBe(413);
  });

  it('answers 400 with every problem, naming the seed of a failing test, and stores nothing', async () => {
    const failing = FILE.replace('- {answer: {value: "-g"}, correct: false}', '- {answer: {value: "2*g"}, correct: true}');
    const r = await admin.call('POST', '/families', failing, YAML);
    expect(r.status).toBe(400);
    const problems = r.body.problems as unknown as { path: string; line: number; message: string }[];
    expect(problems[0]).toMatchObject({ path: 'tests[1]' });
    expect(problems[0]?.message).toMatch(/seed \d+, level (easy|medium)/);
    expect(problems[0]?.line).toBeGreaterThan(1);
    const bad = await admin.call('POST', '/families', FILE.replace('article: quadratic-minimum', 'article: no-such-article').replace('g: "subs', 'g: "nope(1) + subs'), YAML);
    expect(bad.status).toBe(400);
    const builtin = await admin.call('POST', '/families', FILE.replace('id: quadratic-form-gradient', 'id: random-walk'), YAML);
    expect(builtin.status).toBe(400);
    expect(JSON.stringify(builtin.body.problems)).toMatch(/built-in/);
    expect(await rows('select * from "QuestionFamily"')).toEqual([]);
  });

  it('publishes, previews, exports, and keeps versions', async () => {
    const first = await admin.call('POST', '/families', FILE, YAML);
    expect(first.status).toBe(201);
    const { id, version } = first.body as unknown as { id: string; version: number };
    expect(id).toBe('quadratic-form-gradient');
    const cards = await rows<{ id: string; level: string; familyVersion: number }>('select "id", "level", "familyVersion" from "Card" where "familyId" = ? order by "level"', id);
    expect(cards.map((c) => c.level)).toEqual(['easy', 'medium']);
    expect(cards.every((c) => c.familyVersion === version)).toBe(true);

    const preview = await admin.call('GET', `/families/${id}/preview?seed=3&level=easy`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ id, version, level: 'easy', seed: 3, verification: { ok: true } });
    expect(String(preview.body.promptHtml)).toContain('katex');
    expect((await admin.call('GET', `/families/${id}/preview?seed=3&level=hard`)).status).toBe(400);
    expect((await admin.call('GET', `/families/${id}/preview?seed=x`)).status).toBe(400);
    expect((await admin.call('GET', '/families/nope/preview?seed=1')).status).toBe(404);
    expect((await member.call('GET', `/families/${id}/preview?seed=1`)).status).toBe(403);

    const exported = await admin.call('GET', `/families/${id}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain(`${id}.v${version}.yaml`);
    expect((await admin.call('POST', '/families', exported.body as unknown as string, YAML)).status).toBe(200);

    // A text-only edit keeps the version; an edit of what seeds generate makes a new one.
    const reworded = await admin.call('POST', '/families', FILE.replace('Find $', 'Compute $'), YAML);
    expect(reworded.body).toEqual({ id, version });
    const redrawn = await admin.call('POST', '/families', FILE.replace('a: {int: [-5, 5], not: [0]}', 'a: {int: [-7, 7], not: [0]}'), YAML);
    expect(redrawn.status).toBe(201);
    expect((redrawn.body as unknown as { version: number }).version).not.toBe(version);
    expect(await rows('select "version" from "QuestionFamily" where "id" = ?', id)).toHaveLength(2);
    const old = await admin.call('GET', `/families/${id}/preview?seed=3&level=easy&version=${version}`);
    expect(old.body).toMatchObject({ version, params: preview.body.params });
    // A stated version that is already published with other variables must be bumped.
    const pinned = FILE.replace('id: quadratic-form-gradient', 'version: 7\nid: quadratic-form-gradient');
    expect((await admin.call('POST', '/families', pinned, YAML)).status).toBe(201);
    const clash = await admin.call('POST', '/families', pinned.replace('v: {vector: {size: 2, int: [-3, 3]}}', 'v: {vector: {size: 2, int: [-4, 4]}}'), YAML);
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
    const preview = await admin.call('GET', `/families/quadratic-form-gradient/preview?seed=${card.problem!.seed}&level=${card.problem!.level}&version=${card.problem!.version}`);
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
    expect((await admin.call('POST', '/families', v8, YAML)).status).toBe(201);
    const pending = await admin.call('GET', `/families/quadratic-form-gradient/preview?seed=${state!.seed}&level=${card.problem!.level}&version=7`);
    const pendingAnswer = (pending.body.answer as { value: string }).value;
    const checked = await member.call('POST', '/check', { cardId: card.id, answer: pendingAnswer, seed: state!.seed });
    expect(checked.body).toMatchObject({ correct: true });
    expect(await rows('select "version" from "QuestionFamily" where "id" = ? and "version" = 8', 'quadratic-form-gradient')).toHaveLength(1);
    expect(await rows('select "id" from "Card" where "familyId" = ? and "familyVersion" = 8', 'quadratic-form-gradient')).toHaveLength(2);
  });
});
