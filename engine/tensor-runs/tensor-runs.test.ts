import { describe, expect, it } from 'vitest';
import { Rng, tensor, tensorRuns } from '../index';

const {
  binomialLaw,
  distinctRowsData,
  linearAttentionProgram,
  moeCapacity,
  moeProgram,
  normalData,
  programs,
  qkVarianceProgram,
  runLinearAttention,
  runMoe,
  runQkVariance,
  runWalks,
  timingLadder,
  uniformData,
  walkMoments,
  walkProgram,
} = tensorRuns;

describe('seeded data', () => {
  it('is the same for the same seed, and uniforms are exact 24-bit fractions', () => {
    expect(uniformData(Rng.fromSeed(5), 64)).toEqual(uniformData(Rng.fromSeed(5), 64));
    expect(uniformData(Rng.fromSeed(5), 64)).not.toEqual(uniformData(Rng.fromSeed(6), 64));
    for (const u of uniformData(Rng.fromSeed(1), 1000)) {
      expect(Number.isInteger(u * 2 ** 24)).toBe(true);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('draws normals with the asked spread', () => {
    const xs = normalData(Rng.fromSeed(2), 20_001, 3);
    expect(xs).toHaveLength(20_001);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(variance).toBeGreaterThan(8.5);
    expect(variance).toBeLessThan(9.5);
  });

  it('never repeats a value within a row of router logits', () => {
    const rows = distinctRowsData(Rng.fromSeed(3), 500, 64);
    for (let r = 0; r < 500; r++) expect(new Set(rows.subarray(r * 64, r * 64 + 64)).size).toBe(64);
  });
});

describe('tensor programs (cpu backend)', () => {
  it('linear attention: both orders agree to float32 rounding, FLOPs from the products that ran', async () => {
    const tf = await tensor.loadTensorFlow();
    const run = runLinearAttention(tf, { n: 64, d: 8, dv: 16 }, 7);
    expect(run.flopsQuadratic).toBe(2 * 64 * 64 * 8 + 2 * 64 * 64 * 16);
    expect(run.flopsLinear).toBe(4 * 64 * 8 * 16);
    expect(run.maxAbsDiff).toBeLessThan(1e-5 * run.maxAbs);
    expect(run.corner).toHaveLength(4);
    expect(run.timings).toEqual([]);
    expect(runLinearAttention(tf, { n: 64, d: 8, dv: 16 }, 7)).toEqual(run);
    expect(runLinearAttention(tf, { n: 64, d: 8, dv: 16 }, 8).corner).not.toEqual(run.corner);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('linear attention with a clock times each order along the ladder', async () => {
    const tf = await tensor.loadTensorFlow();
    let now = 0;
    const run = runLinearAttention(tf, { n: 128, d: 8, dv: 8 }, 1, () => (now += 1));
    expect(run.timings.map((t) => t.n)).toEqual(timingLadder(128));
    for (const t of run.timings) expect([t.quadraticMs, t.linearMs]).toEqual([1, 1]);
    expect(timingLadder(512)).toEqual([64, 128, 256, 512]);
    expect(timingLadder(20)).toEqual([8, 10, 20]);
    expect(timingLadder(4)).toEqual([4]);
    expect(runLinearAttention(tf, { n: 3, d: 2, dv: 2 }, 1, () => 0).timings.map((t) => t.n)).toEqual([3]);
  });

  it('√d scaling: Var(q·k) ≈ d, Var(q·k/√d) ≈ 1, and the unscaled softmax saturates', async () => {
    const tf = await tensor.loadTensorFlow();
    const run = runQkVariance(tf, { d: 256, samples: 1024, varQ: 1, varK: 1 }, 11);
    expect(run.varRaw / 256).toBeGreaterThan(0.85);
    expect(run.varRaw / 256).toBeLessThan(1.15);
    expect(run.varScaled).toBeCloseTo(run.varRaw / 256, 4);
    expect(run.maxWeightRaw).toBeGreaterThan(0.85);
    expect(run.maxWeightScaled).toBeLessThan(0.4);
    expect(run.saturatedRaw).toBeGreaterThan(run.saturatedScaled);
  });

  it('walks: the counts equal a plain-JS count of the same uniforms (comparisons and integer sums only)', async () => {
    const tf = await tensor.loadTensorFlow();
    const [n, walks, p] = [9, 3000, 1 / 3];
    const run = runWalks(tf, { n, walks, p }, 21);
    const uniforms = uniformData(Rng.fromSeed(21).fork('tensor-run/walk'), walks * n);
    const expected = new Array<number>(n + 1).fill(0);
    for (let w = 0; w < walks; w++) {
      let ups = 0;
      for (let s = 0; s < n; s++) if ((uniforms[w * n + s] as number) < Math.fround(p)) ups++;
      expected[ups]! += 1;
    }
    expect(run.counts).toEqual(expected);
    expect(run).toMatchObject(walkMoments(n, expected));
  });

  it('MoE: loads equal a plain-JS top-k of the same logits and sum to T·k', async () => {
    const tf = await tensor.loadTensorFlow();
    const setup = { tokens: 300, experts: 8, k: 2, capacityFactor: 1 };
    const run = runMoe(tf, setup, 5);
    const logits = distinctRowsData(Rng.fromSeed(5).fork('tensor-run/moe'), 300, 8);
    const expected = new Array<number>(8).fill(0);
    for (let t = 0; t < 300; t++) {
      const row = Array.from(logits.subarray(t * 8, t * 8 + 8), (x, e) => [x, e] as const).sort((a, b) => b[0] - a[0]);
      for (const [, e] of row.slice(0, 2)) expected[e]! += 1;
    }
    expect(run.loads).toEqual(expected);
    expect(run.capacity).toBe(75);
    expect(run.dropped).toBe(expected.reduce((s, x) => s + Math.max(0, x - 75), 0));
    expect(run.gateShare.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    expect(moeCapacity({ tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 })).toBe(320);
    expect(moeCapacity({ tokens: 1000, experts: 8, k: 2, capacityFactor: 1.2 })).toBe(300);
  });

  it('the registry finds each program by its kind', async () => {
    const tf = await tensor.loadTensorFlow();
    expect(programs.programs.map((p) => p.kind)).toEqual(['linear-attention', 'qk-variance', 'walk', 'moe']);
    expect(programs.byKind('walk')?.run(tf, { n: 4, walks: 100, p: 0.5 }, 1).kind).toBe('walk');
    expect(programs.byKind('no-such')).toBeUndefined();
    expect(linearAttentionProgram.cost({ n: 512, d: 64, dv: 64 })).toBe(37_748_736);
    expect(() => tensorRuns.createProgramRegistry([walkProgram, walkProgram])).toThrow(/duplicate tensor program kind walk/);
    expect(() => tensorRuns.defineTensorProgram({ ...walkProgram, kind: 'Walk' })).toThrow(/kebab-case/);
  });
});

describe('binomialLaw and walkMoments', () => {
  it('match small cases', () => {
    expect(binomialLaw(2, 0.5)).toEqual([0.25, 0.5, 0.25]);
    expect(binomialLaw(30, 0.3).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(binomialLaw(3, 1).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([0, 0, 0, 1]);
    expect(walkMoments(2, [1, 2, 1])).toEqual({ mean: 0, variance: 2 });
  });
});

describe("each program's compare (tolerance policy)", () => {
  it('accepts float noise and rejects tampering', async () => {
    const tf = await tensor.loadTensorFlow();
    const linear = runLinearAttention(tf, { n: 32, d: 8, dv: 8 }, 3);
    const compareLinear = linearAttentionProgram.compare;
    expect(compareLinear(linear, { ...linear, maxAbs: linear.maxAbs * (1 + 1e-6), corner: linear.corner.map((x) => x + 1e-7) })).toEqual([]);
    expect(compareLinear(linear, { ...linear, maxAbsDiff: 0.5 }).map((m) => m.figure)).toEqual(['maxAbsDiff']);
    expect(compareLinear(linear, { ...linear, flopsLinear: linear.flopsLinear + 2 }).map((m) => m.figure)).toEqual(['flopsLinear']);
    expect(compareLinear(linear, { ...linear, corner: [1, 2, 3] }).map((m) => m.figure)).toEqual(['corner.length']);

    const walk = runWalks(tf, { n: 6, walks: 500, p: 0.5 }, 3);
    const counts = [...walk.counts];
    counts[3]! += 1;
    counts[2]! -= 1;
    expect(walkProgram.compare(walk, { ...walk, counts }).map((m) => m.figure)).toEqual(['counts[2]', 'counts[3]']);

    const qk = runQkVariance(tf, { d: 16, samples: 256, varQ: 1, varK: 1 }, 3);
    expect(qkVarianceProgram.compare(qk, { ...qk, varRaw: qk.varRaw * (1 + 1e-5) })).toEqual([]);
    expect(qkVarianceProgram.compare(qk, { ...qk, varRaw: 16 }).map((m) => m.figure)).toEqual(['varRaw']);

    const moe = runMoe(tf, { tokens: 64, experts: 4, k: 1, capacityFactor: 1 }, 3);
    expect(moeProgram.compare(moe, { ...moe, dropped: moe.dropped + 1 }).map((m) => m.figure)).toEqual(['dropped']);
  });
});

describe('parseFigures (reported figures are untrusted input)', () => {
  it('reads back what a run gave, and refuses other programs, unknown keys, bad values and long lists', async () => {
    const tf = await tensor.loadTensorFlow();
    const setup = { n: 6, walks: 500, p: 0.5 };
    const walk = runWalks(tf, setup, 3);
    expect(walkProgram.parseFigures(JSON.parse(JSON.stringify(walk)), setup)).toEqual(walk);
    const { kind: _kind, ...withoutKind } = walk;
    expect(walkProgram.parseFigures(withoutKind, setup)).toEqual(walk);
    const qkSetup = { d: 16, samples: 256, varQ: 1, varK: 1 };
    expect(() => qkVarianceProgram.parseFigures(walk, qkSetup)).toThrow(/kind: must be qk-variance/);
    expect(() => walkProgram.parseFigures({ ...walk, extra: 1 }, setup)).toThrow(/"extra": unknown figure/);
    expect(() => walkProgram.parseFigures({ ...walk, counts: [1.5] }, setup)).toThrow(/counts\.0: must be a whole number/);
    expect(() => walkProgram.parseFigures({ ...walk, counts: new Array(202).fill(0) }, setup)).toThrow(/counts: at most 201 entries/);
    expect(() => walkProgram.parseFigures({ ...walk, variance: -1 }, setup)).toThrow(/variance: must be between 0/);
    expect(() => walkProgram.parseFigures({ ...walk, mean: 'x' }, setup)).toThrow(/mean: must be a finite number/);
    expect(() => walkProgram.parseFigures([walk], setup)).toThrow(/must be an object/);
    const { n: _n, ...withoutN } = walk;
    expect(() => walkProgram.parseFigures(withoutN, setup)).toThrow(/n: missing/);
  });

  it('holds linear-attention timings to the ladder of n', async () => {
    const tf = await tensor.loadTensorFlow();
    const setup = { n: 128, d: 8, dv: 8 };
    let now = 0;
    const timed = runLinearAttention(tf, setup, 1, () => (now += 1));
    expect(linearAttentionProgram.parseFigures(timed, setup)).toEqual(timed);
    expect(() => linearAttentionProgram.parseFigures({ ...timed, timings: timed.timings.slice(1) }, setup)).toThrow(/timings must be for n = 16, 32, 64, 128/);
    expect(() => linearAttentionProgram.parseFigures({ ...timed, timings: [{ n: 16, quadraticMs: -1, linearMs: 1 }] }, setup)).toThrow(/timings\.0\.quadraticMs/);
  });
});
