import { expect, test } from '@playwright/test';

import { admin } from './session';

test.describe.configure({ mode: 'serial' });

test('a fresh install sends a visitor to setup, where the first account becomes admin', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel(/用户名|Username/).fill(admin.username);
  await page.getByLabel(/^(密码|Password)/).fill(admin.password);
  await page.getByRole('button', { name: /创建并登录|Create and sign in/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('article-list').getByRole('listitem')).toHaveCount(12);
});

test('after setup the setup page is gone and login is required', async ({ page }) => {
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/articles/lora');
  await expect(page).toHaveURL(/\/login$/);
});

test('log in, see the twelve articles, open one, switch language, log out', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(admin.username);
  await page.getByLabel(/密码|Password/).fill('not the password');
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await expect(page.locator('p[role=alert]')).toContainText('wrong username or password');

  await page.getByLabel(/密码|Password/).fill(admin.password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  const items = page.getByTestId('article-list').getByRole('listitem');
  await expect(items).toHaveCount(12);
  await expect(items.first()).toContainText('random-walk');
  await expect(items.nth(1)).toContainText('Generative Model');

  await items.nth(3).getByRole('link').click();
  await expect(page).toHaveURL(/\/articles\/lora$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.getByTestId('card-list').getByRole('listitem').count()).toBeGreaterThanOrEqual(10);
  await expect(page.locator('.katex').first()).toBeVisible();
  await expect(page.locator('.tex-error')).toHaveCount(0);

  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(heading ?? '');

  await page.getByRole('button', { name: /退出|Log out/ }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('every article page renders its cards without TeX errors', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(admin.username);
  await page.getByLabel(/密码|Password/).fill(admin.password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await expect(page.getByTestId('article-list')).toBeVisible();
  const hrefs = await page.getByTestId('article-list').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toHaveLength(12);
  for (const href of hrefs) {
    await page.goto(href!);
    await expect(page.getByTestId('card-list')).toBeVisible();
    await expect(page.locator('.tex-error')).toHaveCount(0);
  }
});
