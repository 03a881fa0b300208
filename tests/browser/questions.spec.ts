import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { answerTexts, generateInstance, type Level, type ProblemFamily } from '../../engine';
import * as questions from '../../engine/questions';
import { familyById } from '../../problems';
import { databaseFile, signIn } from './session';

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

test('an editor writes a family, a failing question test blocks publishing, the fix publishes; a member studies it', async ({ page, browser }) => {
  await signIn(page);
  const article = smallestArticle();

  // The editor (the admin until the editor role lands) writes the file from scratch, with a wrong test.
  await page.goto('/families');
  await page.getByTestId('family-source').fill(fileFor(article, true));
  await page.getByTestId('family-check').click();
  const problems = page.getByTestId('family-problems');
  await expect(problems).toContainText(/tests\[1\]/);
  await expect(problems).toContainText(/seed \d+, level (easy|medium)/);
  await expect(page.getByTestId('family-blocked')).toBeVisible();
  await expect(page.getByTestId('family-publish')).toBeDisabled();
  // The preview already shows instances with their computed answers and verification.
  await expect(page.getByTestId('family-preview').first()).toContainText('✓');

  // Fixing the test unblocks publishing.
  await page.getByTestId('family-source').fill(fileFor(article, false));
  await expect(page.getByTestId('family-publish')).toBeDisabled();
  await page.getByTestId('family-check').click();
  await expect(page.getByTestId('family-no-problems')).toBeVisible();
  await expect(page.getByTestId('family-tests')).not.toContainText('failed');
  await page.getByTestId('family-publish').click();
  await expect(page.getByTestId('family-published')).toContainText('triangle-area');

  // The article page lists it with the built-in families.
  await page.goto(`/articles/${article}`);
  await expect(page.getByTestId('family-list')).toContainText(/Area of a right triangle|直角三角形的面积/);

  // A member joins and finds it in the study queue of that article.
  const invite = await (await page.request.post('/api/v1/invites', { data: { maxUses: 1 } })).json();
  const context = await browser.newContext();
  const memberPage = await context.newPage();
  const joined = await memberPage.request.post('/api/v1/users', { data: { invite: invite.code, username: 'learner', password: 'learner pass' } });
  expect(joined.status()).toBe(201);
  await memberPage.goto(`/study?article=${article}`);
  const card = memberPage.getByTestId('study-card');
  const compiled = questions.compileQuestionFile(fileFor(article, false));
  if (!compiled.ok) throw new Error('the fixed file must compile');
  let done = false;
  for (let i = 0; i < 60 && !done; i++) {
    await expect(card).toBeVisible();
    const kind = (await card.getAttribute('data-kind'))!;
    const familyId = await card.getAttribute('data-family');
    if (kind !== 'problem') {
      await memberPage.keyboard.press('Space');
      await memberPage.keyboard.press('3');
      continue;
    }
    const family: ProblemFamily = familyId === 'triangle-area' ? compiled.family : familyById(familyId!)!;
    const instance = generateInstance(family, Number(await card.getAttribute('data-seed')), (await card.getAttribute('data-level')) as Level);
    const right = answerTexts(family, instance.params);
    if (familyId === 'triangle-area') {
      const { a, b } = instance.params as { a: number; b: number };
      // Wrong first (the feedback rule recognises a·b), then right; the worked solution shows the numbers.
      await answerFields(memberPage, { value: String(a * b) });
      await memberPage.keyboard.press('Enter');
      await expect(memberPage.getByTestId('verdict')).toContainText('✗');
      await expect(memberPage.getByTestId('verdict')).toContainText(/Half of a times b|是 a 乘 b 的一半/);
      await answerFields(memberPage, right);
      await memberPage.keyboard.press('Enter');
      await expect(memberPage.getByTestId('verdict')).toContainText('✓');
      const solution = memberPage.getByTestId('solution');
      await expect(solution).toBeVisible();
      await expect(solution).toContainText(`${a}`);
      await expect(solution).toContainText(right === 'none' ? '' : (right.value as string).replace(/\/.*/, ''));
      done = true;
    } else {
      await answerFields(memberPage, right);
      await memberPage.keyboard.press('Enter');
      await expect(memberPage.getByTestId('verdict')).toContainText('✓');
    }
    await memberPage.keyboard.press('Enter');
  }
  expect(done).toBe(true);
  await context.close();
});
