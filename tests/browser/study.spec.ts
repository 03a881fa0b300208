import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { answerTexts, generateInstance, type Level } from '../../engine';
import { applyReview, newCardMemory, type CardMemory, type Rating } from '../../engine/scheduler';
import { familyById } from '../../problems';
import { databaseFile, signIn } from './session';

interface Step {
  readonly cardId: string;
  readonly kind: string;
  readonly rating: Rating;
}

async function answerFields(page: Page, answer: 'none' | Readonly<Record<string, string>>) {
  if (answer === 'none') {
    await page.getByTestId('answer-none').check();
    return;
  }
  for (const [part, text] of Object.entries(answer)) await page.getByTestId(`answer-${part}`).fill(text);
}

test('study a mixed queue with the keyboard: cards, a wrong then right exercise, undo; SQLite holds exactly that', async ({ page }) => {
  await signIn(page);
  await page.goto('/study?article=quadratic-minimum');
  const card = page.getByTestId('study-card');
  await expect(card).toBeVisible();
  const queued = await (await page.request.get('/api/v1/queue?limit=500&article=quadratic-minimum')).json();
  await expect(page.getByTestId('counts')).toContainText(String(queued.counts.new));

  const steps: Step[] = [];
  let undone: Step | null = null;
  const kinds = new Set<string>();
  for (let i = 0; i < 40 && !steps.some((s) => s.kind === 'problem'); i++) {
    const cardId = (await card.getAttribute('data-card-id'))!;
    const kind = (await card.getAttribute('data-kind'))!;
    kinds.add(kind);
    if (kind !== 'problem') {
      await page.keyboard.press('Space');
      await expect(page.getByTestId('card-back')).toBeVisible();
      const rating = ([3, 4, 1, 2] as const)[i % 4]!;
      await expect(page.getByTestId(`grade-${rating}`)).toContainText(/\d+(m|h|d|mo|y)/);
      await page.keyboard.press(String(rating));
      steps.push({ cardId, kind, rating });
      if (steps.length === 2 && !undone) {
        // Undo the second review: the same card comes back, and is graded again.
        await page.keyboard.press('u');
        await expect(card).toHaveAttribute('data-card-id', cardId);
        undone = steps.pop()!;
      }
      continue;
    }
    const family = familyById((await card.getAttribute('data-family'))!)!;
    const instance = generateInstance(family, Number(await card.getAttribute('data-seed')), (await card.getAttribute('data-level')) as Level);
    const right = answerTexts(family, instance.params);
    // A wrong answer first: a verdict, then the worked solution on request, and Again suggested.
    await answerFields(page, right === 'none' ? { x: '[0, 0]', value: '0' } : Object.fromEntries(Object.keys(right).map((k) => [k, k === 'x' ? '[0, 0]' : '12345'])));
    await page.getByTestId('answer-form').getByRole('button').click();
    await expect(page.getByTestId('verdict')).toContainText('✗');
    await page.getByTestId('show-solution').click();
    await expect(page.getByTestId('solution')).toBeVisible();
    await expect(page.getByTestId('grade-1')).toHaveClass(/suggested/);
    await page.keyboard.press('Enter');
    steps.push({ cardId, kind, rating: 1 });
  }
  expect([...kinds].sort()).toEqual(['basic', 'cloze', 'problem']);

  // The exercise comes back (after Again it is in learning) as a fresh instance; this time it is right.
  // Other cards on the way (including other families' exercises) are answered right and graded Good.
  const missed = steps.find((s) => s.kind === 'problem')!.cardId;
  await page.goto('/study?article=quadratic-minimum');
  await expect(card).toBeVisible();
  let problemCardSeen = false;
  for (let i = 0; i < 40 && !problemCardSeen; i++) {
    const cardId = (await card.getAttribute('data-card-id'))!;
    const kind = (await card.getAttribute('data-kind'))!;
    if (kind !== 'problem') {
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
      steps.push({ cardId, kind, rating: 3 });
      continue;
    }
    problemCardSeen = cardId === missed;
    const family = familyById((await card.getAttribute('data-family'))!)!;
    const instance = generateInstance(family, Number(await card.getAttribute('data-seed')), (await card.getAttribute('data-level')) as Level);
    await answerFields(page, answerTexts(family, instance.params));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('verdict')).toContainText('✓');
    await expect(page.getByTestId('solution')).toBeVisible();
    await expect(page.getByTestId('grade-3')).toHaveClass(/suggested/);
    await page.keyboard.press('Enter');
    steps.push({ cardId, kind, rating: 3 });
  }
  expect(problemCardSeen).toBe(true);

  // Every review reaches the server (the outbox drains), then the database is compared with what happened.
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('study-outbox-v1') ?? '[]').length)).toBe(0);
  const sqlite = new Database(databaseFile(), { readonly: true });
  const userId = (sqlite.prepare('select id from User where username = ?').get('admin') as { id: string }).id;
  const rows = sqlite
    .prepare('select cardId, rating, stateBefore, reviewedAt, undoneAt from Review where userId = ? order by reviewedAt, rowid')
    .all(userId) as { cardId: string; rating: number; stateBefore: string; reviewedAt: string; undoneAt: string | null }[];
  const live = rows.filter((r) => r.undoneAt === null);
  expect(live.map((r) => [r.cardId, r.rating])).toEqual(steps.map((s) => [s.cardId, s.rating]));
  expect(rows.filter((r) => r.undoneAt !== null).map((r) => [r.cardId, r.rating])).toEqual([[undone!.cardId, undone!.rating]]);

  const attempts = sqlite.prepare('select verdict from ProblemAttempt where userId = ? and cardId = ? order by createdAt').all(userId, missed) as { verdict: string }[];
  expect(attempts.map((a) => a.verdict)).toEqual(['incorrect', 'correct']);

  // Card states are what replaying the live log through the scheduler gives.
  const memories = new Map<string, CardMemory>();
  for (const review of live) {
    const at = new Date(review.reviewedAt);
    const before = memories.get(review.cardId) ?? newCardMemory(at);
    memories.set(review.cardId, applyReview(before, review.rating as Rating, at, { desiredRetention: 0.9 }, review.cardId));
  }
  for (const [cardId, memory] of memories) {
    const state = sqlite.prepare('select state, due, stability, difficulty, reps, lapses from CardState where userId = ? and cardId = ?').get(userId, cardId) as {
      state: string; due: string; stability: number; difficulty: number; reps: number; lapses: number;
    };
    expect(state, cardId).toMatchObject({ state: memory.state, reps: memory.reps, lapses: memory.lapses });
    expect(new Date(state.due).getTime(), cardId).toBe(memory.due.getTime());
    expect(state.stability).toBeCloseTo(memory.stability, 9);
    expect(state.difficulty).toBeCloseTo(memory.difficulty, 9);
  }
  sqlite.close();
});

test('a review graded offline reaches the server later, recorded at the time it was graded', async ({ page, context }) => {
  await signIn(page);
  await page.goto('/study?article=linear-attention');
  const card = page.getByTestId('study-card');
  await expect(card).toBeVisible();
  await context.setOffline(true);
  const cardId = (await card.getAttribute('data-card-id'))!;
  if ((await card.getAttribute('data-kind')) === 'problem') {
    await page.getByTestId('show-solution').click();
    await expect(page.getByTestId('solution')).toBeVisible();
  } else {
    await page.keyboard.press('Space');
  }
  await page.keyboard.press('1');
  const gradedAt = Date.now();
  await expect(page.getByTestId('offline')).toBeVisible();
  await page.waitForTimeout(3000);
  const reconnectedAt = Date.now();
  await context.setOffline(false);
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('study-outbox-v1') ?? '[]').length), { timeout: 20_000 }).toBe(0);
  const sqlite = new Database(databaseFile(), { readonly: true });
  const row = sqlite.prepare('select reviewedAt from Review where cardId = ? order by rowid desc').get(cardId) as { reviewedAt: string };
  sqlite.close();
  const recordedAt = new Date(row.reviewedAt).getTime();
  expect(recordedAt).toBeGreaterThanOrEqual(gradedAt - 2000);
  expect(recordedAt).toBeLessThan(reconnectedAt);
});

test('cards are rendered in the page from their Markdown and TeX: maths typeset, HTML and script links shown as text', async ({ page }) => {
  await signIn(page);
  const slug = 'rendering-in-the-page';
  expect([201, 409]).toContain((await page.request.post('/api/v1/articles', { data: { slug, title: { en: 'Rendering', zh: '渲染' } } })).status());
  const front = 'Is $\\frac{a}{b}$ <img src=x onerror="window.__pwned=1"> safe?';
  const back = '**Yes**: $$\\sum_{i=1}^n i$$ [run](javascript:window.__pwned=2) and ![x](https://elsewhere.example/t.png)';
  const created = await page.request.post(`/api/v1/articles/${slug}/cards`, { data: { kind: 'basic', front: { en: front, zh: front }, back: { en: back, zh: back } } });
  expect(created.status()).toBe(201);
  const queued = await (await page.request.get(`/api/v1/queue?limit=5&article=${slug}`)).json();
  // The API sends the sources, not HTML.
  expect(queued.cards[0]).toMatchObject({ front, back });
  expect(JSON.stringify(queued)).not.toContain('katex');

  await page.goto(`/study?article=${slug}`);
  const shown = page.getByTestId('card-front');
  await expect(shown.locator('.katex')).toHaveCount(1);
  await expect(shown).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(shown.locator('img')).toHaveCount(0);
  await page.keyboard.press('Space');
  const answer = page.getByTestId('card-back');
  await expect(answer.locator('strong')).toHaveText('Yes');
  await expect(answer.locator('.katex-display')).toHaveCount(1);
  await expect(answer.locator('a[href^="javascript"]')).toHaveCount(0);
  await expect(answer.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
