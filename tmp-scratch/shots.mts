import { chromium } from '@playwright/test';
import { buildPackage, sampleData } from '/work/wt-anki/tests/helpers/anki-fixtures';
const base = 'http://127.0.0.1:3212';
await fetch(`${base}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'correct horse' }) });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const data = sampleData();
data.notes[0]!.fields = ['What is an eigenvector of \\(A\\)?', 'A vector \\(v \\neq 0\\) with \\[Av = \\lambda v\\]<img src="eigen.png">'];
data.notes[3]!.fields[1] = 'The determinant';
data.media.push({ name: 'sound.mp3', bytes: Buffer.from('ID3 not an image') });
const apkg = await buildPackage(data, 'latest');
for (const lang of ['zh', 'en']) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: base });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill('admin');
  await page.getByLabel(/密码|Password/).fill('correct horse');
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await page.waitForURL(/\/$/);
  if (lang === 'en') { await page.getByRole('button', { name: 'English' }).or(page.getByRole('link', { name: 'English' })).first().click(); await page.waitForTimeout(1500); }
  await page.goto('/import');
  await page.locator('input[type=file]').setInputFiles({ name: 'maths.apkg', mimeType: 'application/octet-stream', buffer: apkg });
  await page.getByTestId('anki-history').check();
  await page.getByTestId('anki-check').click();
  await page.getByTestId('anki-summary').waitFor();
  await page.screenshot({ path: `/tmp/anki-shot/import-${lang}.png`, fullPage: true });
  if (lang === 'en') {
    await page.getByTestId('anki-confirm').click();
    await page.getByTestId('anki-done').waitFor();
    await page.screenshot({ path: `/tmp/anki-shot/done-${lang}.png`, fullPage: true });
    await page.goto('/articles/maths-linear-algebra');
    await page.locator('details summary').first().click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/anki-shot/article-${lang}.png`, fullPage: true });
  }
  await context.close();
}
await browser.close();
