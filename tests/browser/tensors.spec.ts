import { expect, test, type Page } from '@playwright/test';
import { answerTexts, generateInstance, type Level } from '../../engine';
import { familyById } from '../../problems';
import { signIn } from './session';

interface TensorResult {
  readonly family: string;
  readonly seed: number;
  readonly level: Level;
  readonly backend: string;
  readonly ms: number;
  readonly measured: Record<string, unknown> & { kind: string };
}

/** Opens a practice instance, clicks Run and waits for the server's verdict on the figures. */
async function run(page: Page, family: string, seed: number, level: Level, query = ''): Promise<TensorResult> {
  await page.goto(`/practice/${family}?seed=${seed}&level=${level}${query}`);
  await expect(page.getByTestId('prompt')).toContainText(/TensorFlow\.js/);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('recheck')).toHaveAttribute('data-state', 'ok', { timeout: 45_000 });
  return JSON.parse((await page.getByTestId('tensor-result').textContent()) ?? '') as TensorResult;
}

async function answer(page: Page, parts: Readonly<Record<string, string>>) {
  for (const [name, text] of Object.entries(parts)) await page.getByTestId(`answer-${name}`).fill(text);
  await page.getByTestId('check').click();
}

const cases: ReadonlyArray<readonly [string, number, Level, (m: Record<string, unknown>) => void]> = [
  [
    'linear-attention-run',
    6,
    'medium',
    (m) => {
      expect(m).toMatchObject({ n: 512, d: 64, dv: 64, flopsQuadratic: 67_108_864, flopsLinear: 8_388_608 });
      expect(m.maxAbsDiff as number).toBeLessThan(1e-5 * (m.maxAbs as number));
      expect((m.timings as { n: number }[]).map((t) => t.n)).toEqual([64, 128, 256, 512]);
    },
  ],
  [
    'qk-variance',
    4,
    'medium',
    (m) => {
      const ratio = (m.varRaw as number) / (m.d as number);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.2);
      expect(m.maxWeightRaw as number).toBeGreaterThan(m.maxWeightScaled as number);
    },
  ],
  [
    'walk-monte-carlo',
    5,
    'medium',
    (m) => {
      expect((m.counts as number[]).reduce((s, c) => s + c, 0)).toBe(m.walks);
      expect(m.counts as number[]).toHaveLength((m.n as number) + 1);
    },
  ],
  [
    'moe-routing',
    7,
    'medium',
    (m) => {
      expect((m.loads as number[]).reduce((s, c) => s + c, 0)).toBe((m.tokens as number) * (m.k as number));
    },
  ],
];

test.describe('tensor exercises in Chromium', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  for (const [family, seed, level, checkFigures] of cases) {
    test(`${family}: runs on wasm, the server's rerun agrees, and the answer is checked`, async ({ page }) => {
      const result = await run(page, family, seed, level);
      expect(result).toMatchObject({ family, seed, level, backend: 'wasm' });
      expect(result.ms).toBeGreaterThan(0);
      checkFigures(result.measured);
      await expect(page.getByTestId('tensor-backend')).toHaveText('wasm');
      await expect(page.getByTestId('tensor-output').locator('svg').first()).toBeVisible();

      const right = answerTexts(familyById(family)!, generateInstance(familyById(family)!, seed, level).params);
      if (right === 'none') throw new Error('tensor exercises always have a value');
      await answer(page, Object.fromEntries(Object.keys(right).map((name) => [name, '12345'])));
      await expect(page.getByTestId('verdict')).toHaveAttribute('data-correct', 'false');
      await answer(page, right);
      await expect(page.getByTestId('verdict')).toHaveAttribute('data-correct', 'true');
      await expect(page.getByTestId('solution')).toBeVisible();
    });
  }

  test('the cpu backend runs the same seed to the same figures (within tolerance)', async ({ page }) => {
    const wasm = await run(page, 'walk-monte-carlo', 11, 'easy');
    const cpu = await run(page, 'walk-monte-carlo', 11, 'easy', '&backend=cpu');
    expect(cpu.backend).toBe('cpu');
    expect(cpu.measured.counts).toEqual(wasm.measured.counts);
  });

  test('a tampered result posted from the page is refused with a 400', async ({ page }) => {
    const result = await run(page, 'linear-attention-run', 3, 'easy');
    const post = (body: unknown) =>
      page.evaluate(async (payload) => {
        const response = await fetch('/api/v1/tensor-runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        return { status: response.status, body: (await response.json()) as { error?: string; ok?: boolean } };
      }, body);
    expect(await post(result)).toMatchObject({ status: 200, body: { ok: true } });
    const tampered = await post({ ...result, measured: { ...result.measured, maxAbsDiff: 0.25 } });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error).toMatch(/maxAbsDiff: reported 0\.25 differs from the server's rerun/);
    const oversized = await post({ ...result, params: { n: 100_000, d: 64, dv: 64 } });
    expect(oversized.status).toBe(400);
  });

  test('the practice index lists the four tensor exercises and the header links to it', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /练习|Practice/ }).click();
    await expect(page).toHaveURL(/\/practice$/);
    const list = page.getByTestId('practice-list');
    for (const family of ['linear-attention-run', 'qk-variance', 'walk-monte-carlo', 'moe-routing']) await expect(list).toContainText(family);
    expect((await page.goto('/practice/no-such-exercise'))?.status()).toBe(404);
  });
});
