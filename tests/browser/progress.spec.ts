import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signIn } from './session';

// NOTE: the pages are looked at as a member of their own, so the admin's review log (which
// study.spec.ts compares row by row) stays untouched.
const learner = { username: 'progress-learner', password: 'learner password' };
const hider = { username: 'progress-hider', password: 'hider password' };

type Topic = { slug: string; cards: number; reviewed: number; due: number; recall: number | null };
type Detail = { streak: number; topics: Topic[]; heatmap: { date: string; count: number }[]; forecast: { date: string; count: number }[] };

async function join(request: APIRequestContext, code: string, who: { username: string; password: string }): Promise<void> {
  expect((await request.post('/api/v1/users', { data: { invite: code, ...who } })).status()).toBe(201);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

test('progress, topic, card and group pages show the API’s figures, in both languages, on a phone and a desktop', async ({ page, playwright }) => {
  await signIn(page);
  const invite = await page.request.post('/api/v1/invites', { data: { maxUses: 2 } });
  const code = ((await invite.json()) as { code: string }).code;
  const others = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await join(others, code, learner);
  await others.dispose();
  const hiding = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await join(hiding, code, hider);
  expect((await hiding.patch('/api/v1/settings', { data: { shareProgress: false } })).status()).toBe(200);
  await hiding.dispose();

  // The learner reviews five LoRA cards (one twice) through the API.
  await signIn(page, learner);
  const queue = (await (await page.request.get('/api/v1/queue?article=lora&limit=5')).json()) as { cards: { id: string }[] };
  const reviewed = queue.cards.map((card) => card.id);
  for (const [i, cardId] of [...reviewed, reviewed[0]!].entries()) {
    const response = await page.request.post('/api/v1/reviews', { data: { id: randomUUID(), cardId, rating: ([3, 4, 1, 3, 2, 3] as const)[i] } });
    expect(response.status()).toBe(200);
  }
  const detail = (await (await page.request.get('/api/v1/progress?detail=1')).json()) as Detail;
  const lora = detail.topics.find((topic) => topic.slug === 'lora')!;
  expect(lora.reviewed).toBe(5);
  expect(detail.streak).toBe(1);

  // Overview: tiles, the mastery chart with its numbers behind a keyboard-reachable toggle, the other charts.
  await page.goto('/progress');
  await expect(page.getByTestId('stat-streak')).toContainText(/^.*1 (day|天)$/);
  await expect(page.getByTestId('stat-today')).toContainText(String(detail.heatmap.at(-1)!.count));
  await expect(page.getByTestId('stat-due')).toContainText(String(detail.topics.reduce((sum, t) => sum + t.due, 0)));
  const masteryRow = page.locator('.mastery-row[data-slug="lora"]');
  await expect(masteryRow).toContainText(`${lora.reviewed}/${lora.cards}`);
  await expect(masteryRow).toContainText(percent(lora.recall));
  const toggle = page.getByTestId('mastery').locator('summary');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('mastery').locator('table')).toBeVisible();
  for (const id of ['forecast', 'heatmap', 'buttons', 'retention']) await expect(page.getByTestId(id).locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('heatmap').locator('svg.heatmap rect')).toHaveCount(detail.heatmap.length);

  // Topic page: its figures and card list; a card's page: its two reviews and its forgetting curve.
  await masteryRow.getByRole('link').click();
  await expect(page).toHaveURL(/\/progress\/lora$/);
  await expect(page.getByTestId('stat-reviewed')).toContainText(`${lora.reviewed} / ${lora.cards}`);
  await expect(page.getByTestId('topic-cards').locator('tbody tr')).toHaveCount(lora.cards);
  await page.locator(`tr[data-card-id="${reviewed[0]}"] a`).click();
  await expect(page).toHaveURL(new RegExp(`/progress/cards/${reviewed[0]}$`));
  await expect(page.getByTestId('review-history').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('curve').locator('path.curve-line')).toBeVisible();

  // Group page: the learner's figures, the member who does not share by name only.
  await page.goto('/group');
  await expect(page.locator(`tr[data-member="${learner.username}"] td`).first()).toHaveText(/^1 (day|天)$/);
  await expect(page.locator(`tr[data-member="${hider.username}"]`)).toContainText(/not shared|未分享/);
  await expect(page.locator(`tr[data-member="${hider.username}"] td`)).toHaveCount(1);

  // Screenshots: both languages, phone and desktop width, and the overview in dark mode.
  const pages = { progress: '/progress', topic: '/progress/lora', card: `/progress/cards/${reviewed[0]}`, group: '/group' };
  for (const lang of ['en', 'zh'] as const) {
    expect((await page.request.patch('/api/v1/me', { data: { lang } })).status()).toBe(200);
    for (const [width, height] of [[390, 844], [1280, 900]] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await shoot(page, `${name}-${lang}-${width}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/progress');
  await shoot(page, 'progress-zh-1280-dark');
});
