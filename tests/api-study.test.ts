import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTexts, generateInstance, type Level } from '../engine';
import { familyById } from '../problems';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { realDatabase } from './helpers/test-database';

let server: AppServer;
let admin: ApiClient;
let member: ApiClient;

type QueueBody = { cards: { id: string; kind: string; problem?: { family: string; seed: number; level: string } }[]; counts: Record<string, number> };

beforeAll(async () => {
  server = await startAppServer();
  admin = new ApiClient(server.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
  const invite = await admin.call('POST', '/invites', { maxUses: 1 });
  expect(invite.status).toBe(201);
  member = new ApiClient(server.baseUrl);
  expect((await member.call('POST', '/users', { invite: invite.body.code, username: 'member', password: 'member pass' })).status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

async function count(sql: string, ...args: unknown[]): Promise<number> {
  const [row] = await server.database.query<{ n: number }>(sql, ...args);
  return row!.n;
}

describe(`study API (real server, ${realDatabase})`, () => {
  it('serves a queue within the daily new-card limit, with counts', async () => {
    const queue = await admin.call('GET', '/queue?limit=5');
    expect(queue.status).toBe(200);
    const body = queue.body as unknown as QueueBody;
    expect(body.cards).toHaveLength(5);
    expect(body.counts).toEqual({ new: 20, learning: 0, review: 0 });
    expect((await admin.call('GET', '/queue?limit=0')).status).toBe(400);
    expect((await admin.call('GET', '/queue?limit=100000')).status).toBe(200);
    expect((await admin.call('GET', '/queue?limit=abc')).status).toBe(400);
  });

  it('records a review once however often it is sent, even concurrently', async () => {
    const cardId = 'random-walk/position-distribution';
    const id = randomUUID();
    const first = await admin.call('POST', '/reviews', { id, cardId, rating: 3, durationMs: 4000 });
    expect(first.status).toBe(200);
    const again = await admin.call('POST', '/reviews', { id, cardId, rating: 1 });
    expect(again.body).toEqual(first.body);
    const raceId = randomUUID();
    const raced = await Promise.all(Array.from({ length: 5 }, () => admin.call('POST', '/reviews', { id: raceId, cardId: 'lora/core-idea', rating: 4 })));
    expect(raced.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    for (const r of raced) expect(r.body).toEqual(raced[0]!.body);
    expect(await count('select count(*) as n from "Review" where "id" in (?, ?)', id, raceId)).toBe(2);
  });

  it('rejects bad reviews with 400/404 and records nothing', async () => {
    const before = await count('select count(*) as n from "Review"');
    const cases: [unknown, number][] = [
      [{ id: 'not-a-uuid', cardId: 'lora/core-idea', rating: 3 }, 400],
      [{ id: randomUUID(), cardId: 'lora/core-idea', rating: 5 }, 400],
      [{ id: randomUUID(), cardId: 'lora/core-idea' }, 400],
      [{ id: randomUUID(), cardId: 'lora/core-idea', rating: 3, answer: '42' }, 400],
      [{ id: randomUUID(), cardId: 'no/such-card', rating: 3 }, 404],
      [{ id: randomUUID(), cardId: 'lora/core-idea', rating: 3, durationMs: -1 }, 400],
      [{ id: randomUUID(), cardId: 'lora/core-idea', rating: 3, reviewedAt: 'yesterday' }, 400],
      [{ id: randomUUID(), cardId: 'lora/core-idea', rating: 3, reviewedAt: 1767225600000 }, 400],
      ['{"id":', 400],
    ];
    for (const [body, status] of cases) expect((await admin.call('POST', '/reviews', body)).status, JSON.stringify(body)).toBe(status);
    expect(await count('select count(*) as n from "Review"')).toBe(before);
  });

  it('checks an exercise answer, derives the rating and stores the attempt', async () => {
    const queue = (await admin.call('GET', '/queue?limit=100&article=directional-derivative')).body as unknown as QueueBody;
    const card = queue.cards.find((c) => c.kind === 'problem')!;
    const family = familyById(card.problem!.family)!;
    const instance = generateInstance(family, card.problem!.seed, card.problem!.level as Level);
    const right = answerTexts(family, instance.params);
    const hostile = await admin.call('POST', '/check', { cardId: card.id, answer: 'import("fs")' });
    expect(hostile.status).toBe(200);
    expect(hostile.body).toMatchObject({ correct: false });
    const checked = await admin.call('POST', '/check', { cardId: card.id, seed: card.problem!.seed, answer: right === 'none' ? 'none' : right });
    expect(checked.body).toMatchObject({ correct: true });
    expect(String(checked.body.solutionHtml)).toContain('katex');
    const id = randomUUID();
    const review = await admin.call('POST', '/reviews', { id, cardId: card.id, answer: right === 'none' ? 'none' : right });
    expect(review.body).toMatchObject({ rating: 3, correct: true });
    expect(await count(`select count(*) as n from "ProblemAttempt" where "reviewId" = ? and "verdict" = 'correct'`, id)).toBe(1);
    // The next review of this card is a fresh instance: the old one is gone.
    const stale = await admin.call('POST', '/check', { cardId: card.id, seed: card.problem!.seed, answer: '1' });
    expect(stale.status).toBe(409);
  });

  it('rebuilds a stored instance only from the family version its seed was drawn for; otherwise the learner gets a new one', async () => {
    const invite = await admin.call('POST', '/invites', { maxUses: 1 });
    const learner = new ApiClient(server.baseUrl);
    expect((await learner.call('POST', '/users', { invite: invite.body.code, username: 'learner', password: 'learner pass' })).status).toBe(201);
    const queue = (await learner.call('GET', '/queue?limit=100&article=random-walk')).body as unknown as QueueBody;
    const card = queue.cards.find((c) => c.kind === 'problem' && c.problem?.family === 'random-walk')!;
    const family = familyById('random-walk')!;
    const rightFor = (seed: number) => answerTexts(family, generateInstance(family, seed, card.problem!.level as Level).params);
    const fresh = card.problem!.seed;
    // A review stores a new seed with the version it is drawn for.
    expect((await learner.call('POST', '/reviews', { id: randomUUID(), cardId: card.id, rating: 3 })).status).toBe(200);
    const [stored] = await server.database.query<{ seed: number; familyVersion: number | null }>('select "seed", "familyVersion" from "CardState" where "cardId" = ? and "userId" = (select "id" from "User" where "username" = ?)', card.id, 'learner');
    expect(stored?.familyVersion).toBe(family.version);
    expect(stored?.seed).not.toBe(fresh);
    expect((await learner.call('POST', '/check', { cardId: card.id, seed: stored!.seed, answer: rightFor(stored!.seed) })).body).toMatchObject({ correct: true });
    // The same seed recorded for another version (or for none: a state from before versions were kept) is not rebuilt.
    for (const version of [family.version + 1, null]) {
      await server.database.transaction([['update "CardState" set "familyVersion" = ? where "cardId" = ? and "userId" = (select "id" from "User" where "username" = ?)', [version, card.id, 'learner']]]);
      expect((await learner.call('POST', '/check', { cardId: card.id, seed: stored!.seed, answer: '0' })).status).toBe(409);
      expect((await learner.call('POST', '/check', { cardId: card.id, seed: fresh, answer: rightFor(fresh) })).body).toMatchObject({ correct: true });
    }
    const review = await learner.call('POST', '/reviews', { id: randomUUID(), cardId: card.id, answer: rightFor(fresh) });
    expect(review.body).toMatchObject({ correct: true });
    const [after] = await server.database.query<{ familyVersion: number | null }>('select "familyVersion" from "CardState" where "cardId" = ? and "userId" = (select "id" from "User" where "username" = ?)', card.id, 'learner');
    expect(after?.familyVersion).toBe(family.version);
  });

  it('tags a card as a leech and suspends it after 8 lapses', async () => {
    const queue = (await admin.call('GET', '/queue?limit=100&article=moe')).body as unknown as QueueBody;
    const basic = queue.cards.find((c) => c.kind === 'basic')!.id;
    await admin.call('POST', '/reviews', { id: randomUUID(), cardId: basic, rating: 4 });
    let last: Record<string, unknown> = {};
    for (let lapse = 1; lapse <= 8; lapse++) {
      last = (await admin.call('POST', '/reviews', { id: randomUUID(), cardId: basic, rating: 1 })).body;
      expect(last.leech).toBe(lapse >= 8);
      if (lapse < 8) await admin.call('POST', '/reviews', { id: randomUUID(), cardId: basic, rating: 4 });
    }
    const after = (await admin.call('GET', '/queue?limit=500&article=moe')).body as unknown as QueueBody;
    expect(after.cards.map((c) => c.id)).not.toContain(basic);
    expect(await count('select count(*) as n from "CardState" where "cardId" = ? and "leech" and "suspendedAt" is not null and "lapses" = 8', basic)).toBe(1);
    expect((await admin.call('POST', `/cards/${encodeURIComponent(basic)}/suspend`, { suspended: false })).status).toBe(200);
    expect(await count('select count(*) as n from "CardState" where "cardId" = ? and not "leech" and "suspendedAt" is null', basic)).toBe(1);
  });

  it('keeps the time an offline review was made, within bounds', async () => {
    const cardId = `flash-gau/${await firstBasic(admin, 'flash-gau')}`;
    const storedTime = async (id: string) => {
      const [row] = await server.database.query<{ reviewedAt: string | Date }>('select "reviewedAt" from "Review" where "id" = ?', id);
      return new Date(row!.reviewedAt).toISOString();
    };
    const madeAt = new Date(Date.now() - 3 * 3_600_000);
    const offline = { id: randomUUID(), cardId, rating: 3, reviewedAt: madeAt.toISOString() };
    const first = await admin.call('POST', '/reviews', offline);
    expect(first.status).toBe(200);
    expect(first.body.reviewedAt).toBe(madeAt.toISOString());
    expect(await storedTime(offline.id)).toBe(madeAt.toISOString());
    // Sent again (the outbox retries): the first answer, nothing new.
    expect((await admin.call('POST', '/reviews', offline)).body).toEqual(first.body);
    // A time before the card's last review counts as that review; a clock ahead of the server's as now.
    const older = await admin.call('POST', '/reviews', { id: randomUUID(), cardId, rating: 3, reviewedAt: new Date(madeAt.getTime() - 3_600_000).toISOString() });
    expect(older.body.reviewedAt).toBe(madeAt.toISOString());
    const sentAt = Date.now();
    const ahead = await admin.call('POST', '/reviews', { id: randomUUID(), cardId, rating: 3, reviewedAt: new Date(sentAt + 86_400_000).toISOString() });
    expect(ahead.status).toBe(200);
    expect(Date.parse(String(ahead.body.reviewedAt))).toBeGreaterThanOrEqual(sentAt - 1000);
    expect(Date.parse(String(ahead.body.reviewedAt))).toBeLessThanOrEqual(Date.now());
  });

  it('undoes only the latest review, and only the owner can', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await member.call('POST', '/reviews', { id: a, cardId: 'detr/' + (await firstBasic(member, 'detr')), rating: 3 });
    const cardB = await firstBasic(member, 'harmonic-series');
    await member.call('POST', '/reviews', { id: b, cardId: `harmonic-series/${cardB}`, rating: 1 });
    expect((await admin.call('POST', `/reviews/${b}/undo`)).status).toBe(403);
    expect((await member.call('POST', `/reviews/${a}/undo`)).status).toBe(409);
    expect((await member.call('POST', `/reviews/${b}/undo`)).status).toBe(200);
    expect(await count('select count(*) as n from "CardState" where "cardId" = ?', `harmonic-series/${cardB}`)).toBe(0);
    expect((await member.call('POST', `/reviews/${a}/undo`)).status).toBe(200);
    expect((await member.call('POST', `/reviews/${randomUUID()}/undo`)).status).toBe(404);
  });

  it("never lets one member's review id or log reach another", async () => {
    const id = randomUUID();
    await member.call('POST', '/reviews', { id, cardId: 'lora/core-idea', rating: 3 });
    const stolen = await admin.call('POST', '/reviews', { id, cardId: 'lora/core-idea', rating: 3 });
    expect(stolen.status).toBe(409);
    const csv = await member.call('GET', '/reviews?format=csv');
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toBe('card_id,review_time,review_rating,review_state,review_duration');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d+,\d{13},3,0,0$/);
    expect((await member.call('GET', '/reviews?format=xml')).status).toBe(400);
  });
});

async function firstBasic(client: ApiClient, article: string): Promise<string> {
  const queue = (await client.call('GET', `/queue?limit=100&article=${article}`)).body as unknown as QueueBody;
  return queue.cards.find((c) => c.kind === 'basic')!.id.split('/')[1]!;
}
