import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { buildPackage, sampleData } from '../helpers/anki-fixtures';
import { databaseFile, signIn } from './session';

// NOTE: named zz- so it runs after the other specs on the shared install (it adds articles to it).
test('a refused Anki file is explained in the reader\'s language, with each note carrying script, and nothing is written', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.goto('/import');
  const sqlite = new Database(databaseFile(), { readonly: true });
  const notes = () => (sqlite.prepare('SELECT count(*) AS n FROM Note').get() as { n: number }).n;
  const before = notes();
  // The sample collection carries a <script> element, an event handler and a javascript: link (the admin reads Chinese).
  await page.locator('input[type=file]').setInputFiles({ name: 'script.apkg', mimeType: 'application/octet-stream', buffer: await buildPackage(sampleData(), 'legacy2') });
  await page.getByTestId('anki-check').click();
  const refused = page.getByTestId('anki-refused');
  await expect(refused).toHaveAttribute('data-code', 'script-in-fields');
  await expect(refused.locator('p').first()).toHaveText('文件的字段里含有脚本，本应用从不运行脚本（3 条笔记；第一条：笔记 gBasic001：字段 "Front" 含有 <script> 元素）。没有导入任何内容：请在 Anki 中删除后重新导出。');
  await expect(refused.getByTestId('anki-skipped')).toContainText('笔记 gCloze001：字段 "Back Extra" 含有 javascript: 链接');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.locator('input[type=file]').setInputFiles({ name: 'notes.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from('not a zip archive at all') });
  await page.getByTestId('anki-check').click();
  await expect(refused).toHaveAttribute('data-code', 'not-zip');
  await expect(refused).toHaveText('这个文件不是 zip 压缩包，所以不是 Anki 牌组包（.apkg/.colpkg）。');
  expect(notes()).toBe(before);
  sqlite.close();
});

test('an editor imports an Anki package through the page at phone width, then studies one of its cards', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  const data = sampleData();
  data.notes[0]!.fields = ['What is an eigenvector of \\(A\\)?', 'A vector \\(v \\neq 0\\) with \\[Av = \\lambda v\\]<img src="eigen.png">'];
  data.notes[3]!.fields[1] = 'The determinant';
  const apkg = await buildPackage(data, 'latest');

  await page.goto('/articles/new');
  await page.getByTestId('anki-import-link').click();
  await expect(page).toHaveURL(/\/import$/);
  await page.locator('input[type=file]').setInputFiles({ name: 'maths.apkg', mimeType: 'application/octet-stream', buffer: apkg });
  await page.getByTestId('anki-history').check();
  await page.getByTestId('anki-check').click();
  const summary = page.getByTestId('anki-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByTestId('anki-cards')).toHaveText('7');
  await expect(summary.getByTestId('anki-reviews')).toHaveText('7');
  await expect(summary.getByTestId('anki-decks')).toContainText('Maths::Linear algebra');
  // Skip reasons in the reader's language (the admin reads Chinese, the default).
  await expect(summary.getByTestId('anki-skipped')).toContainText('复习记录 3 条：FSRS 不使用这些记录');
  // Nothing is written before the confirmation.
  const sqlite = new Database(databaseFile(), { readonly: true });
  const imported = () => (sqlite.prepare(`SELECT count(*) AS n FROM Note WHERE origin = 'imported' AND guid LIKE 'anki:%'`).get() as { n: number }).n;
  expect(imported()).toBe(0);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  await page.getByTestId('anki-confirm').click();
  const done = page.getByTestId('anki-done');
  await expect(done).toBeVisible({ timeout: 30_000 });
  expect(imported()).toBe(6);

  // The image comes from our own media store and loads.
  await done.getByRole('link', { name: 'maths-linear-algebra' }).click();
  const image = page.locator('img.card-image');
  await expect(image).toHaveAttribute('src', /^\/api\/v1\/media\/[0-9a-f]{64}$/);
  await page.locator('details', { has: image }).locator('summary').click(); // it is on the answer side
  await image.scrollIntoViewIfNeeded(); // and loads lazily
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await expect(page.getByTestId('export-apkg')).toBeVisible();

  // Study one of the imported cards (the Maths deck's cards are new).
  await page.goto('/study?article=maths');
  const card = page.getByTestId('study-card');
  await expect(card).toBeVisible();
  const cardId = (await card.getAttribute('data-card-id'))!;
  expect(cardId).toMatch(/^maths\/anki-/);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('card-back')).toBeVisible();
  await page.keyboard.press('3');
  await expect.poll(() => (sqlite.prepare('SELECT count(*) AS n FROM Review WHERE cardId = ? AND rating = 3').get(cardId) as { n: number }).n).toBe(1);
  sqlite.close();
});
