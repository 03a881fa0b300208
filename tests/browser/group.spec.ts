import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './session';

const members = [
  { username: 'mei', password: 'mei password 1' },
  { username: 'tom', password: 'tom password 1' },
];

async function newInvite(page: Page): Promise<string> {
  await page.goto('/admin');
  const rows = page.getByTestId('invites').locator('input.invite-link');
  const before = await rows.count();
  await page.locator('input[name=maxUses]').fill('1');
  await page.getByRole('button', { name: /生成邀请链接|Create an invite link/ }).click();
  await expect(rows).toHaveCount(before + 1);
  const link = rows.first();
  await expect(link).toHaveValue(/\/join\?code=/);
  return (await link.inputValue()).replace(/^https?:\/\/[^/]+/, '');
}

async function joinAndStudy(browser: Browser, joinPath: string, who: { username: string; password: string }, reviews: number): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(joinPath);
  await page.getByLabel(/用户名|Username/).fill(who.username);
  await page.getByLabel(/^(密码|Password)/).fill(who.password);
  await page.getByRole('button', { name: /创建账户|Create account/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/study');
  for (let i = 0; i < reviews; i++) {
    const card = page.getByTestId('study-card');
    await expect(card).toBeVisible();
    if ((await card.getAttribute('data-kind')) === 'problem') {
      await page.getByTestId('show-solution').click();
      await page.keyboard.press('1');
    } else {
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
    }
  }
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('study-outbox-v1') ?? '[]').length)).toBe(0);
  return page;
}

test('the admin invites two members, both study, and neither can reach the other’s data', async ({ page, browser }) => {
  await signIn(page);
  const mei = await joinAndStudy(browser, await newInvite(page), members[0]!, 3);
  const tom = await joinAndStudy(browser, await newInvite(page), members[1]!, 2);

  // Tom keeps his progress to himself; Mei shares (the default). The group page shows what each allowed.
  expect((await tom.request.patch('/api/v1/settings', { data: { shareProgress: false } })).status()).toBe(200);
  await mei.goto('/group');
  await expect(mei.locator('tr[data-member=mei]')).toContainText('3');
  await expect(mei.locator('tr[data-member=tom]')).toContainText(/未分享|not shared/);
  await expect(mei.locator('tr[data-member=tom] td')).toHaveCount(1);
  const group = await (await mei.request.get('/api/v1/group/progress')).json();
  const tomEntry = group.members.find((m: { username: string }) => m.username === 'tom');
  expect(tomEntry).toMatchObject({ shared: false });
  expect(tomEntry.topics).toBeUndefined();
  expect(tomEntry.reviewsThisWeek).toBeUndefined();

  await page.goto('/admin');
  await expect(page.getByTestId('members')).toContainText('mei');
  await expect(page.getByTestId('members')).toContainText('tom');

  // Each member's log holds exactly their own reviews.
  const meiLog = await (await mei.request.get('/api/v1/reviews?format=csv')).text();
  const tomLog = await (await tom.request.get('/api/v1/reviews?format=csv')).text();
  expect(meiLog.trim().split('\n')).toHaveLength(1 + 3);
  expect(tomLog.trim().split('\n')).toHaveLength(1 + 2);

  // Tom tries to reach Mei's data through the API: every attempt fails.
  const meiReviewId = randomUUID();
  const meiQueue = await (await mei.request.get('/api/v1/queue?limit=1')).json();
  const recorded = await mei.request.post('/api/v1/reviews', { data: { id: meiReviewId, cardId: meiQueue.cards[0].id, rating: 3 } });
  expect(recorded.status()).toBe(200);
  expect((await tom.request.post(`/api/v1/reviews/${meiReviewId}/undo`)).status()).toBe(403);
  expect((await tom.request.post('/api/v1/reviews', { data: { id: meiReviewId, cardId: meiQueue.cards[0].id, rating: 1 } })).status()).toBe(409);
  expect((await tom.request.get('/api/v1/invites')).status()).toBe(403);
  expect((await tom.request.get('/api/v1/users')).status()).toBe(403);
  expect((await tom.request.get('/api/v1/admin/backup')).status()).toBe(403);
  const meId = (await (await mei.request.get('/api/v1/me')).json()).id as string;
  expect((await tom.request.patch(`/api/v1/users/${meId}`, { data: { disabled: true } })).status()).toBe(403);
  expect((await tom.request.post(`/api/v1/users/${meId}/password`, { data: { password: 'taken over!' } })).status()).toBe(403);
  // Mei's log is unchanged by all of that.
  expect((await (await mei.request.get('/api/v1/reviews?format=csv')).text()).trim().split('\n')).toHaveLength(1 + 4);
  expect((await mei.request.get('/api/v1/me')).status()).toBe(200);
});
