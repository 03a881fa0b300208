/**
 * A tensor run is a family ability: a new tensor family is one file (tests/fixtures/walk-spread-family.ts)
 * plus one registry line (below). Everything the app does with a tensor family — list it, build the
 * instance's run, cap its cost, rerun it and hold reported figures to the program's tolerances — goes
 * through the family's `tensorRun`, with no list of tensor families anywhere else.
 */
import { describe, expect, it } from 'vitest';
import { checkExamples, createRegistry, generateInstance, hasTensorRun, instanceRun, tensor, tensorRuns, verifyInstance } from '../engine';
import { families } from '../problems';
import { walkSpread } from './fixtures/walk-spread-family';

const registry = createRegistry([...families, walkSpread]);

describe('a new tensor family: one file and one registry line', () => {
  it('is listed with the built-in tensor families, which are found by their ability alone', () => {
    expect(registry.families.filter(hasTensorRun).map((f) => f.id)).toEqual(['linear-attention-run', 'qk-variance', 'walk-monte-carlo', 'moe-routing', 'walk-spread']);
    expect(instanceRun(registry.byId('random-walk')!, { n: 4, k: 2, p: '1/2' })).toBeUndefined();
  });

  it('is an ordinary family too: examples and verification hold', async () => {
    expect(checkExamples(walkSpread).filter((o) => !o.ok)).toEqual([]);
    for (const seed of [1, 2, 3]) expect(await verifyInstance(walkSpread, generateInstance(walkSpread, seed, 'medium').params)).toMatchObject({ ok: true });
  });

  it('runs, is rerun and compared through its program, as the app does it', async () => {
    const family = registry.byId('walk-spread')!;
    const { params } = generateInstance(family, 7, 'medium');
    const run = instanceRun(family, params)!;
    expect(run).toMatchObject({ figure: 'walk', view: {}, setup: { n: params.n, walks: 10_000 } });
    // The page finds the program by kind (the browser never loads the family itself).
    expect(tensorRuns.programs.byKind(run.program.kind)).toBe(run.program);
    expect(run.program.cost(run.setup)).toBeLessThan(2 ** 26);
    const tf = await tensor.loadTensorFlow();
    const browser = run.program.run(tf, run.setup, 7, () => 0);
    const server = run.program.run(tf, run.setup, 7);
    const reported = run.program.parseFigures(JSON.parse(JSON.stringify(browser)), run.setup);
    expect(run.program.compare(server, reported)).toEqual([]);
    const tampered = run.program.parseFigures({ ...browser, variance: 2 * (browser as tensorRuns.WalkFigures).variance }, run.setup);
    expect(run.program.compare(server, tampered).map((m) => m.figure)).toEqual(['variance']);
    // The run measures what the family asks: the sample variance is near 4np(1−p).
    const exact = (family.use((def) => def.solve(def.parseParams(params)).answer) as { value: number }).value;
    expect(Math.abs((server as tensorRuns.WalkFigures).variance - exact)).toBeLessThan(0.1 * exact);
  });

  it('checks its params before anything runs', () => {
    expect(() => instanceRun(walkSpread, { n: 1000, p: '1/2', walks: 100 })).toThrow(/n must be between 1 and 100/);
  });
});
