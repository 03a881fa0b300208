import { expect, type Page } from '@playwright/test';

export const admin = { username: 'admin', password: 'correct horse battery' };

/** Makes sure the install has its admin (set up through the API when fresh) and signs `who` in. */
export async function signIn(page: Page, who: { username: string; password: string } = admin): Promise<void> {
  const setup = await page.request.post('/api/v1/setup', { data: admin });
  expect([201, 409]).toContain(setup.status());
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(who.username);
  await page.getByLabel(/密码|Password/).fill(who.password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** The e2e database file (playwright.config.ts puts it in STUDY_E2E_DIR). */
export function databaseFile(): string {
  return `${process.env.STUDY_E2E_DIR}/study.db`;
}
