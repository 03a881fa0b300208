// The check pool with the real bundled worker (dist/check-worker.mjs; `npm test` and `npm run build` make it).
import { afterAll, describe, expect, it } from 'vitest';
import { CheckPool, checkWorkerFile } from './check-pool';

const pool = new CheckPool({ file: checkWorkerFile(), size: 2, maxQueued: 4, maxWaitMs: 5_000 });
/** Seconds of work: four times the n the API allows (the pool is the backstop when a cap is wrong). */
const slowRun = { op: 'tensor-run', program: { kind: 'linear-attention', n: 4096, d: 128, dv: 128 }, seed: 1 } as const;
const check = (answer: string) => ({ op: 'check', family: 'random-walk', params: { n: 4, k: 2, p: '1/2' }, answer, lang: 'en', steps: 'if-correct' }) as const;

afterAll(async () => {
  await pool.close();
});

describe('CheckPool', () => {
  it('checks an answer in a worker, with the worked solution when right', async () => {
    const outcome = await pool.run(check('1/4'), 5_000);
    expect(outcome).toMatchObject({ kind: 'done', value: { op: 'check', result: { kind: 'graded', correct: true } } });
    expect(outcome.kind === 'done' && outcome.value.op === 'check' ? outcome.value.steps : '').toMatch(/binom/);
  });

  it('terminates a task at its deadline while another worker answers, then works on with a fresh worker', async () => {
    const started = performance.now();
    const [slow, fast] = await Promise.all([pool.run(slowRun, 1_000), pool.run(check('0.25'), 5_000)]);
    expect(slow.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(fast).toMatchObject({ kind: 'done', value: { result: { correct: true } } });
    expect(await pool.run(check('1/16'), 5_000)).toMatchObject({ kind: 'done', value: { result: { correct: false } } });
  });

  it('sends errors a client caused back by name', async () => {
    const outcome = await pool.run({ ...check('1'), params: { n: 1_000_000, k: 0, p: '1/2' } }, 5_000);
    expect(outcome).toMatchObject({ kind: 'failed', error: { name: 'InvalidParamsError' } });
  });

  it('says busy when too many tasks wait', async () => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => pool.run(slowRun, 300)));
    expect(outcomes.filter((o) => o.kind === 'busy').length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.kind === 'busy' || o.kind === 'timeout')).toBe(true);
  });
});
