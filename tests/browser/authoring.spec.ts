import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { expect, test, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { admin } from './session';

const editorUser = { username: 'editor-ed', password: 'ed password 1' };
const learner = { username: 'learner-li', password: 'li password 1' };
const slug = 'svd-basics';
// NOTE: this test runs its own server on its own database (not the suite's shared one), so that it can
// stop it and start the app again on the same file: a real restart (migrations, content sync, serve).
const firstPort = Number(process.env.STUDY_E2E_RESTART_PORT ?? 3115);
const secondPort = firstPort + 1;

async function invitePath(admin: Page): Promise<string> {
  await admin.goto('/admin');
  const rows = admin.getByTestId('invites').locator('input.invite-link');
  const before = await rows.count();
  await admin.locator('input[name=maxUses]').fill('1');
  await admin.getByRole('button', { name: /生成邀请链接|Create an invite link/ }).click();
  await expect(rows).toHaveCount(before + 1);
  return (await rows.first().inputValue()).replace(/^https?:\/\/[^/]+/, '');
}

async function join(browser: Browser, baseURL: string, joinPath: string, who: { username: string; password: string }, lang: 'en' | 'zh'): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await page.goto(joinPath);
  await page.getByLabel(/用户名|Username/).fill(who.username);
  await page.getByLabel(/^(密码|Password)/).fill(who.password);
  await page.getByRole('button', { name: /创建账户|Create account/ }).click();
  await expect(page).toHaveURL(/\/$/);
  expect((await page.request.patch('/api/v1/settings', { data: { lang } })).status()).toBe(200);
  return page;
}

/** Fills one card in the editor and saves it; the preview must be clean first. */
async function writeCard(page: Page, card: { kind: 'basic' | 'cloze'; fields: Record<string, string>; tags?: string }) {
  const editor = page.getByTestId('card-editor').first();
  await editor.getByTestId('card-kind').selectOption(card.kind);
  for (const [field, value] of Object.entries(card.fields)) await editor.getByTestId(`field-${field}`).fill(value);
  if (card.tags) await editor.getByTestId('field-tags').fill(card.tags);
  await expect(editor.getByTestId('preview-status')).toContainText(/No problems|没有问题/);
  await editor.getByTestId('save-card').click();
  await expect(editor.getByTestId('card-saved')).toBeVisible();
}

async function startServer(port: number, databaseFile: string): Promise<{ stop: () => Promise<void>; url: string }> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, PORT: String(port), STUDY_NO_BUILD: '1', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited:\n${output}`);
    const status = await fetch(`${url}/api/v1/me`).then((r) => r.status, () => 0);
    if (status === 401) break;
    if (Date.now() > deadline) throw new Error(`the app did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    },
  };
}

async function signInAt(browser: Browser, baseURL: string, who: { username: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(who.username);
  await page.getByLabel(/密码|Password/).fill(who.password);
  await page.getByRole('button', { name: /登录|Log in/ }).click();
  await expect(page).toHaveURL(/\/$/);
  return page;
}

test('an editor writes an article with cards, a member studies them, an edit keeps history and survives a restart', async ({ browser }) => {
  // NOTE: two app starts (each loads the fast path and warms every API route) and some sixty page steps: 3–5 min on a
  // loaded 2-core machine.
  test.setTimeout(600_000);
  const dir = fs.mkdtempSync(path.join(process.env.STUDY_E2E_DIR ?? '/tmp', 'authoring-'));
  const databaseFile = path.join(dir, 'study.db');
  const first = await startServer(firstPort, databaseFile);
  let firstRunning = true;
  try {
    expect((await fetch(`${first.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) })).status).toBe(201);
    const page = await signInAt(browser, first.url, admin);
    const editor = await join(browser, first.url, await invitePath(page), editorUser, 'en');
    const member = await join(browser, first.url, await invitePath(page), learner, 'zh');

    // A member cannot write; the admin makes the first one an editor on the admin page.
    await editor.goto('/articles/new');
    await expect(editor.getByTestId('article-form')).toHaveCount(0);
    await page.goto('/admin');
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/users/') && r.request().method() === 'PATCH' && r.status() === 200),
      page.getByTestId(`role-${editorUser.username}`).selectOption('editor'),
    ]);
    await page.reload();
    await expect(page.getByTestId(`role-${editorUser.username}`)).toHaveValue('editor');
    await expect(page.getByTestId(`role-${learner.username}`)).toHaveValue('member');

    // The editor creates the article.
    await editor.goto('/articles/new');
    const form = editor.getByTestId('article-form');
    await form.getByLabel(/Slug/).fill(slug);
    await form.getByLabel('Title (Chinese)').fill('奇异值分解入门');
    await form.getByLabel('Title (English)').fill('SVD basics');
    await form.getByLabel('Category').fill('Linear algebra');
    await form.getByLabel('Summary (English, Markdown + TeX)').fill('Every matrix factors as $A = U\\Sigma V^\\top$.');
    await form.getByRole('button', { name: 'Create article' }).click();
    await expect(editor).toHaveURL(new RegExp(`/articles/${slug}/edit$`));

    // First card: a TeX error shows in the preview before saving, and goes once fixed.
    const cardEditor = editor.getByTestId('card-editor').first();
    await cardEditor.getByTestId('field-front-en').fill('What does $\\frac{1}$ mean for $\\sigma_1$?');
    await cardEditor.getByTestId('field-back-en').fill('It is the largest singular value.');
    await expect(cardEditor.getByRole('alert')).toContainText('TeX error');
    await cardEditor.getByTestId('field-front-en').fill('What is $\\sigma_1 = \\max_{\\|x\\|=1} \\|Ax\\|$?');
    await expect(cardEditor.getByRole('alert')).toHaveCount(0);
    await expect(cardEditor.getByTestId('preview-front-en').locator('.katex')).toHaveCount(1);
    await cardEditor.getByTestId('field-front-zh').fill('$\\sigma_1 = \\max_{\\|x\\|=1} \\|Ax\\|$ 是什么？');
    await cardEditor.getByTestId('field-back-zh').fill('最大的奇异值。');
    await cardEditor.getByTestId('field-tags').fill('svd singular-values');
    await expect(cardEditor.getByTestId('preview-status')).toContainText('No problems');
    await cardEditor.getByTestId('save-card').click();
    await expect(cardEditor.getByTestId('card-saved')).toBeVisible();

    await writeCard(editor, { kind: 'basic', fields: { 'front-en': 'What are the shapes of $U$, $\\Sigma$, $V$ for $A\\in\\mathbb R^{m\\times n}$?', 'back-en': '$m\\times m$, $m\\times n$, $n\\times n$.' } });
    await writeCard(editor, { kind: 'basic', fields: { 'front-zh': '矩阵的秩等于什么？', 'back-zh': '非零奇异值的个数。' } });
    await writeCard(editor, { kind: 'cloze', fields: { 'text-en': 'The singular values are the square roots of the eigenvalues of {{c1::$A^\\top A$}}.' } });
    await writeCard(editor, { kind: 'cloze', fields: { 'text-zh': '奇异值总是{{c1::非负}}的。', 'text-en': 'Singular values are always {{c1::non-negative}}.', 'extra-en': 'They are square roots.' } });
    await expect(editor.getByTestId('editor-cards').locator('li')).toHaveCount(5);

    // Three more in one paste: preview first, then create.
    const paste = editor.getByTestId('bulk-paste');
    await paste.getByTestId('paste-text').fill(
      ['Q: What is $\\|A\\|_2$?', 'A: $\\sigma_1$, the largest singular value.', 'T: svd norms', '---', 'Q: What is $\\|A\\|_F^2$?', 'A: $\\sum_i \\sigma_i^2$', '---', 'C: A rank-$k$ truncation keeps the {{c1::$k$ largest}} singular values.'].join('\n'),
    );
    await paste.getByTestId('paste-preview').click();
    await expect(paste.getByTestId('paste-card')).toHaveCount(3);
    await expect(paste.getByTestId('paste-card').first().locator('.katex').first()).toBeVisible();
    await paste.getByTestId('paste-confirm').click();
    await expect(paste.getByTestId('paste-created')).toContainText('3');
    await expect(editor.getByTestId('editor-cards').locator('li')).toHaveCount(8);

    // The new article is everywhere a bundled one is: home, article page, browse/search.
    await member.goto('/');
    await expect(member.getByTestId('article-list')).toContainText('奇异值分解入门');
    const search = await (await member.request.get(`/api/v1/search?q=${encodeURIComponent('奇异值')}&article=${slug}`)).json();
    expect(search.total).toBe(3);

    // The member studies the eight new cards of the article.
    await member.goto(`/study?article=${slug}`);
    const studyCard = member.getByTestId('study-card');
    const studied: string[] = [];
    for (let i = 0; i < 8; i++) {
      await expect(studyCard).toBeVisible();
      studied.push((await studyCard.getAttribute('data-card-id'))!);
      await member.keyboard.press('Space');
      await expect(member.getByTestId('card-back')).toBeVisible();
      await member.keyboard.press('3');
    }
    await expect.poll(() => member.evaluate(() => JSON.parse(localStorage.getItem('study-outbox-v1') ?? '[]').length)).toBe(0);
    expect(new Set(studied).size).toBe(8);
    expect(studied.every((id) => id.startsWith(`${slug}/`))).toBe(true);

    // The editor edits the first card from its page; a new version, and the member's history stays with it.
    await editor.goto(`/articles/${slug}/edit`);
    await editor.getByTestId('editor-cards').locator('li').first().getByRole('link', { name: 'Edit' }).click();
    await expect(editor.getByTestId('card-page')).toBeVisible();
    const firstCardId = decodeURIComponent(new URL(editor.url()).pathname.replace(/^\/cards\//, ''));
    const pageEditor = editor.getByTestId('card-editor');
    await pageEditor.getByTestId('field-back-en').fill('It is the largest singular value, $\\sigma_1 = \\|A\\|_2$.');
    await expect(pageEditor.getByTestId('preview-status')).toContainText('No problems');
    await pageEditor.getByTestId('save-card').click();
    await expect(editor.getByTestId('card-version')).toContainText('2');
    await expect(editor.getByTestId('versions').locator('li')).toHaveCount(2);
    await expect(editor.getByTestId('versions').locator('li').first()).toContainText(editorUser.username);
    await expect(editor.getByTestId('versions').locator('li').first()).toContainText('back.en');

    const sqlite = new Database(databaseFile, { readonly: true });
    const reviews = () =>
      sqlite.prepare('select count(*) as n from Review r join User u on u.id = r.userId where u.username = ? and r.cardId = ? and r.undoneAt is null').get(learner.username, firstCardId) as { n: number };
    expect(reviews().n).toBe(1);
    await member.goto(`/progress/cards/${firstCardId}`);
    await expect(member.locator('body')).toContainText('σ');

    expect(reviews().n).toBe(1);
    sqlite.close();

    // The app stops and starts again on the same database (migrations, content sync, serve): the edit and
    // the history are still there.
    await first.stop();
    firstRunning = false;
    const second = await startServer(secondPort, databaseFile);
    const reopened = new Database(databaseFile, { readonly: true });
    try {
      const again = await signInAt(browser, second.url, editorUser);
      await again.goto(`/cards/${firstCardId}`);
      await expect(again.getByTestId('card-version')).toContainText('2');
      await expect(again.getByTestId('card-page')).toContainText('It is the largest singular value,');
      const detail = await (await again.request.get(`/api/v1/cards/${encodeURIComponent(firstCardId)}`)).json();
      expect(detail.fields.back.en).toBe('It is the largest singular value, $\\sigma_1 = \\|A\\|_2$.');
      expect(detail.versions).toHaveLength(2);
      const articles = await (await again.request.get('/api/v1/articles')).json();
      expect(articles.find((a: { slug: string }) => a.slug === slug)).toMatchObject({ cardCount: 8 });
      expect((reopened.prepare('select count(*) as n from Review r join User u on u.id = r.userId where u.username = ? and r.cardId = ?').get(learner.username, firstCardId) as { n: number }).n).toBe(1);
      const learnerAgain = await signInAt(browser, second.url, learner);
      await learnerAgain.goto(`/progress/cards/${firstCardId}`);
      await expect(learnerAgain.locator('body')).toContainText('σ');
    } finally {
      reopened.close();
      await second.stop();
    }
  } finally {
    if (firstRunning) await first.stop();
  }
});
