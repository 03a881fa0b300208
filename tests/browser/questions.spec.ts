import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { answerTexts, generateInstance, type Level, type ProblemFamily } from '../../engine';
import * as questions from '../../engine/questions';
import { familyById } from '../../problems';
import { databaseFile, signIn } from './session';

const editorUser = { username: 'question-author', password: 'author password 1' };
const learner = { username: 'question-learner', password: 'learner password 1' };
const PHONE = { width: 390, height: 844 };
const YAML = { 'content-type': 'application/yaml' };

/** The article whose member queue reaches its last new card soonest (fewest notes). */
function smallestArticle(): string {
  const sqlite = new Database(databaseFile(), { readonly: true });
  const row = sqlite
    .prepare("select articleSlug as slug, count(distinct noteId) as notes from Card where retiredAt is null group by articleSlug order by notes, articleSlug limit 1")
    .get() as { slug: string };
  sqlite.close();
  return row.slug;
}

const fileFor = (article: string, secondTestCorrect: boolean) => `id: triangle-area
article: ${article}
title: {en: Area of a right triangle, zh: 直角三角形的面积}
variables:
  a: {int: [2, 9]}
  b: {int: [2, 9]}
  area: "a*b/2"
prompt:
  en: "A right triangle has legs ${'$'}{{a}}$ and ${'$'}{{b}}$. What is its area?"
  zh: "直角三角形的两条直角边为 ${'$'}{{a}}$ 和 ${'$'}{{b}}$，面积是多少？"
answer:
  value: {kind: number, expected: area, exact: true}
verify: ["area == sum(b/2, k, 1, a)"]
steps:
  - en: "Area = $\\\\frac{ab}{2} = \\\\frac{ {{a}} \\\\cdot {{b}} }{2} = {{area}}$."
    zh: "面积 = $\\\\frac{ab}{2} = \\\\frac{ {{a}} \\\\cdot {{b}} }{2} = {{area}}$。"
feedback:
  - {when: "answer == a*b", code: forgot-half, note: {en: "Half of a times b.", zh: "是 a 乘 b 的一半。"}}
tests:
  - {answer: area, correct: true}
  - {answer: "a*b", correct: ${secondTestCorrect}, note: forgot-half}
`;

async function answerFields(page: Page, answer: 'none' | Readonly<Record<string, string>>) {
  if (answer === 'none') {
    await page.getByTestId('answer-none').check();
    return;
  }
  for (const [part, text] of Object.entries(answer)) await page.getByTestId(`answer-${part}`).fill(text);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

/** Nothing on the page is wider than the phone's screen. */
async function expectNoSideways(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

test('an editor writes a family, a failing question test blocks publishing, the fix publishes; a member studies it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page);
  const article = smallestArticle();
  const invite = ((await (await page.request.post('/api/v1/invites', { data: { maxUses: 2 } })).json()) as { code: string }).code;

  // Two members join, on phones.
  const editorContext = await browser.newContext({ viewport: PHONE });
  const editor = await editorContext.newPage();
  expect((await editor.request.post('/api/v1/users', { data: { invite, ...editorUser, lang: 'en' } })).status()).toBe(201);
  const memberContext = await browser.newContext({ viewport: PHONE });
  const member = await memberContext.newPage();
  expect((await member.request.post('/api/v1/users', { data: { invite, ...learner, lang: 'en' } })).status()).toBe(201);

  // A member cannot publish or check a question file, and the page says so.
  expect((await member.request.post('/api/v1/families', { data: fileFor(article, false), headers: YAML })).status()).toBe(403);
  expect((await member.request.post('/api/v1/families/check', { data: fileFor(article, false), headers: YAML })).status()).toBe(403);
  await member.goto('/families');
  await expect(member.getByText('Only editors and admins can write question files.')).toBeVisible();
  await expect(member.getByTestId('family-source')).toHaveCount(0);

  // The admin makes the first one an editor on the admin page.
  await page.goto('/admin');
  await page.getByTestId(`role-${editorUser.username}`).selectOption('editor');
  await expect.poll(async () => ((await (await page.request.get('/api/v1/users')).json()) as { username: string; role: string }[]).find((m) => m.username === editorUser.username)?.role).toBe('editor');

  // The editor writes the file from scratch, with a wrong test.
  await editor.goto('/families');
  await editor.getByTestId('family-source').fill(fileFor(article, true));
  await editor.getByTestId('family-check').click();
  const problems = editor.getByTestId('family-problems');
  await expect(problems).toContainText(/tests\[1\]/);
  await expect(problems).toContainText(/test fails at seed \d+, level (easy|medium): answer "\d+" should be correct \(note forgot-half\) but is incorrect \(note forgot-half\)/);
  const wrongTestLine = fileFor(article, true).split('\n').findIndex((l) => l.includes('"a*b"')) + 1;
  await expect(problems).toContainText(`line ${wrongTestLine}`);
  await expect(editor.getByTestId('family-test').nth(1)).toContainText(/answer a\*b should be correct \(note forgot-half\)/);
  await expect(editor.getByTestId('family-test-failure')).toContainText(/seed \d+, level (easy|medium)/);
  await expect(editor.getByTestId('family-blocked')).toBeVisible();
  await expect(editor.getByTestId('family-publish')).toBeDisabled();
  // The preview already shows instances with their computed answers and verification.
  await expect(editor.getByTestId('family-preview').first()).toContainText('✓');
  await shoot(editor, 'families-failing-test-en');
  await expectNoSideways(editor);

  // The same screen in Chinese: the messages follow the editor's language, with the same line.
  expect((await editor.request.patch('/api/v1/me', { data: { lang: 'zh' } })).status()).toBe(200);
  await editor.goto('/families');
  await editor.getByTestId('family-source').fill(fileFor(article, true));
  await editor.getByTestId('family-check').click();
  await expect(problems).toContainText(/测试在种子 \d+、难度 (easy|medium) 时失败：答案 "\d+" 应判为正确（提示代码 forgot-half），实际判为错误（提示代码 forgot-half）/);
  await expect(problems).toContainText(`第 ${wrongTestLine} 行`);
  await expect(editor.getByTestId('family-test').nth(1)).toContainText('答案 a*b 应判为正确（提示代码 forgot-half）：✗ 0 通过，');
  await expect(editor.getByTestId('family-blocked')).toContainText('不能发布');
  await shoot(editor, 'families-failing-test-zh');
  await expectNoSideways(editor);

  // Importing the fixed file unblocks publishing once it is checked.
  await editor.getByTestId('family-import').setInputFiles({ name: 'triangle-area.yaml', mimeType: 'application/yaml', buffer: Buffer.from(fileFor(article, false)) });
  await expect(editor.getByTestId('family-source')).toHaveValue(fileFor(article, false));
  await expect(editor.getByTestId('family-publish')).toBeDisabled();
  await editor.getByTestId('family-check').click();
  await expect(editor.getByTestId('family-no-problems')).toBeVisible();
  await expect(editor.getByTestId('family-tests')).not.toContainText('✗');
  await editor.getByTestId('family-publish').click();
  await expect(editor.getByTestId('family-published')).toContainText('triangle-area');
  await expect(editor.getByTestId('published-families')).toContainText('triangle-area');
  await shoot(editor, 'families-published-zh');
  // The published file exports as it was written.
  expect(await (await editor.request.get('/api/v1/families/triangle-area')).text()).toBe(fileFor(article, false));

  // The article page lists it with the built-in families.
  await member.goto(`/articles/${article}`);
  await expect(member.getByTestId('family-list')).toContainText('Area of a right triangle');

  // The member finds it in the study queue of that article: wrong first, then right, then the worked solution.
  await member.goto(`/study?article=${article}`);
  const card = member.getByTestId('study-card');
  const compiled = questions.compileQuestionFile(fileFor(article, false));
  if (!compiled.ok) throw new Error('the fixed file must compile');
  let done = false;
  for (let i = 0; i < 60 && !done; i++) {
    await expect(card).toBeVisible();
    const kind = (await card.getAttribute('data-kind'))!;
    const familyId = await card.getAttribute('data-family');
    if (kind !== 'problem') {
      await member.keyboard.press('Space');
      await member.keyboard.press('3');
      continue;
    }
    const family: ProblemFamily = familyId === 'triangle-area' ? compiled.family : familyById(familyId!)!;
    const instance = generateInstance(family, Number(await card.getAttribute('data-seed')), (await card.getAttribute('data-level')) as Level);
    const right = answerTexts(family, instance.params);
    if (familyId === 'triangle-area') {
      const { a, b } = instance.params as { a: number; b: number };
      // The feedback rule recognises a·b.
      await answerFields(member, { value: String(a * b) });
      await member.keyboard.press('Enter');
      await expect(member.getByTestId('verdict')).toContainText('✗');
      await expect(member.getByTestId('verdict')).toContainText('Half of a times b.');
      await answerFields(member, right);
      await member.keyboard.press('Enter');
      await expect(member.getByTestId('verdict')).toContainText('✓');
      const solution = member.getByTestId('solution');
      await expect(solution).toBeVisible();
      await expect(solution).toContainText(`${a}`);
      await expect(solution).toContainText(right === 'none' ? '' : (right.value as string).replace(/\/.*/, ''));
      await shoot(member, 'study-authored-family-en');
      await expectNoSideways(member);
      done = true;
    } else {
      await answerFields(member, right);
      await member.keyboard.press('Enter');
      await expect(member.getByTestId('verdict')).toContainText('✓');
    }
    await member.keyboard.press('Enter');
  }
  expect(done).toBe(true);
  await editorContext.close();
  await memberContext.close();
});
