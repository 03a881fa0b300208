/**
 * hungarian-matching — DETR's bipartite matching: assign each ground-truth object i (row) to a
 * distinct object query σ(i) (column) so that Σᵢ C[i][σ(i)] is minimal. With more queries than
 * objects the unmatched queries go to "no object" (∅) at zero matching cost, as in DETR.
 *
 * Solve (exact over ℚ): the Hungarian algorithm with potentials (Kuhn–Munkres, O(n³)) on the cost
 * matrix padded with zero ∅-rows to a square; its potentials u, v certify optimality
 * (u_i + v_j ≤ C_ij everywhere, equality on the matching, Σu + Σv = the minimum).
 * Verify (independent): brute force over every one-to-one assignment of objects to queries,
 * exactly; when the assignment is asked, the optimum must also be unique.
 */
import {
  bi,
  defineFamily,
  defineNotes,
  EXACT_ONLY,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  memoByParams,
  near,
  params as read,
  Rational,
  template,
  texNumber,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type StepLine,
  type TextValue,
  type TextValues,
  type Verification,
} from '../../engine';

type Entry = number | string;
type Ask = 'cost' | 'both';
/**
 * A DETR scene behind the cost matrix: ground-truth boxes g_i, predicted boxes b̂_j (both (x₁, y₁, x₂, y₂)
 * in image-normalised units) and p̂_j(c_i), the probability query j gives to object i's class.
 */
type Scene = { readonly gt: readonly (readonly Entry[])[]; readonly pred: readonly (readonly Entry[])[]; readonly prob: readonly (readonly Entry[])[] };
type Params = { readonly cost: readonly (readonly Entry[])[]; readonly ask: Ask; readonly detr?: Scene };
type Answer = {
  readonly cost: number;
  readonly assignment?: readonly number[];
  readonly exact: { readonly cost: string };
};

const ASKS: readonly Ask[] = ['cost', 'both'];
/** At most 6 queries: brute force visits at most 6! = 720 assignments. */
const MAX_QUERIES = 6;
const MAX_ABS = 1e6;

/** Rows = ground-truth objects (m), columns = queries (n), m ≤ n. */
type Matrix = readonly (readonly Rational[])[];

const matrix = memoByParams((params: Params): Matrix =>
  params.cost.map((row, i) => row.map((x, j) => read.toRational(x, `cost[${i}][${j}]`, MAX_ABS, 12))),
);

interface Hungarian {
  /** σ(i) for each object row, 0-based column. */
  readonly sigma: readonly number[];
  readonly total: Rational;
  /** The square matrix actually solved: the costs plus n − m zero rows for ∅. */
  readonly padded: Matrix;
  /** Potentials of the padded problem: u per row, v per column. */
  readonly u: readonly Rational[];
  readonly v: readonly Rational[];
  /** Column of every padded row (∅ rows included). */
  readonly rowToCol: readonly number[];
}

/**
 * Kuhn–Munkres with potentials on a square matrix (the classic O(n³) shortest-augmenting-path
 * form). Rows are added one at a time; `minv` is the slack of each column to the alternating tree.
 */
function hungarianSquare(a: Matrix): { rowToCol: number[]; u: Rational[]; v: Rational[] } {
  const n = a.length;
  const u = new Array<Rational>(n + 1).fill(Rational.zero);
  const v = new Array<Rational>(n + 1).fill(Rational.zero);
  const p = new Array<number>(n + 1).fill(0); // p[j]: row (1-based) matched to column j, 0 = free
  const way = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<Rational | null>(n + 1).fill(null); // null = +∞
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0] as number;
      let delta: Rational | null = null;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = (a[i0 - 1]?.[j - 1] as Rational).sub(u[i0] as Rational).sub(v[j] as Rational);
        const mj = minv[j] as Rational | null;
        if (mj === null || cur.cmp(mj) < 0) {
          minv[j] = cur;
          way[j] = j0;
        }
        const m = minv[j] as Rational;
        if (delta === null || m.cmp(delta) < 0) {
          delta = m;
          j1 = j;
        }
      }
      const d = delta as Rational;
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          const r = p[j] as number;
          u[r] = (u[r] as Rational).add(d);
          v[j] = (v[j] as Rational).sub(d);
        } else {
          minv[j] = (minv[j] as Rational).sub(d);
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Array<number>(n).fill(-1);
  for (let j = 1; j <= n; j++) if ((p[j] as number) > 0) rowToCol[(p[j] as number) - 1] = j - 1;
  return { rowToCol, u: u.slice(1), v: v.slice(1) };
}

const hungarian = memoByParams((params: Params): Hungarian => {
  const c = matrix(params);
  const m = c.length;
  const n = (c[0] as readonly Rational[]).length;
  const padded: Matrix = [...c, ...Array.from({ length: n - m }, () => new Array<Rational>(n).fill(Rational.zero))];
  const { rowToCol, u, v } = hungarianSquare(padded);
  const sigma = rowToCol.slice(0, m);
  const total = sigma.reduce((s, j, i) => s.add(c[i]?.[j] as Rational), Rational.zero);
  return { sigma, total, padded, u, v, rowToCol };
});

const solve = memoByParams((params: Params): Solution<Answer> => {
  const h = hungarian(params);
  const costPart = { kind: 'number' as const, value: Expression.from(h.total) };
  if (params.ask === 'cost') {
    return {
      answer: { cost: h.total.toNumber(), exact: { cost: h.total.toString() } },
      expected: { kind: 'parts', parts: { value: costPart } },
    };
  }
  const assignment = h.sigma.map((j) => j + 1);
  return {
    answer: { cost: h.total.toNumber(), assignment, exact: { cost: h.total.toString() } },
    expected: {
      kind: 'parts',
      parts: { assignment: { kind: 'vector', value: assignment.map((j) => Expression.from(j)) }, cost: costPart },
    },
  };
});

// ---------- brute force ----------

interface Enumeration {
  readonly best: Rational;
  /** Every optimal assignment (0-based columns). */
  readonly optima: readonly (readonly number[])[];
  readonly all: readonly { readonly sigma: readonly number[]; readonly total: Rational }[];
}

/** Every one-to-one map of the m rows into the n columns, with its total. */
function enumerate(c: Matrix): Enumeration {
  const m = c.length;
  const n = (c[0] as readonly Rational[]).length;
  const all: { sigma: number[]; total: Rational }[] = [];
  const sigma: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  const walk = (i: number, total: Rational) => {
    if (i === m) {
      all.push({ sigma: sigma.slice(), total });
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      sigma.push(j);
      walk(i + 1, total.add(c[i]?.[j] as Rational));
      sigma.pop();
      used[j] = false;
    }
  };
  walk(0, Rational.zero);
  let best = (all[0] as { total: Rational }).total;
  for (const a of all) if (a.total.cmp(best) < 0) best = a.total;
  return { best, optima: all.filter((a) => a.total.equals(best)).map((a) => a.sigma), all };
}

/** DETR's cost in doubles, from corner boxes, with IoU/GIoU by the textbook formulas (a second route to the table). */
function detrCostNumber(g: readonly number[], p: readonly number[], prob: number): number {
  const [a1, b1, a2, b2] = g as [number, number, number, number];
  const [c1, d1, c2, d2] = p as [number, number, number, number];
  const l1 = Math.abs((a1 + a2 - c1 - c2) / 2) + Math.abs((b1 + b2 - d1 - d2) / 2) + Math.abs(a2 - a1 - (c2 - c1)) + Math.abs(b2 - b1 - (d2 - d1));
  const inter = Math.max(0, Math.min(a2, c2) - Math.max(a1, c1)) * Math.max(0, Math.min(b2, d2) - Math.max(b1, d1));
  const union = (a2 - a1) * (b2 - b1) + (c2 - c1) * (d2 - d1) - inter;
  const hull = (Math.max(a2, c2) - Math.min(a1, c1)) * (Math.max(b2, d2) - Math.min(b1, d1));
  const giou = inter / union - (hull - union) / hull;
  return -DETR_WEIGHTS.cls * prob + DETR_WEIGHTS.l1 * l1 - DETR_WEIGHTS.giou * giou;
}

function verify(params: Params, solution: Solution<Answer>): Verification {
  const c = matrix(params);
  const e = enumerate(c);
  const method = `brute force over all ${e.all.length} one-to-one assignments${params.detr ? "; DETR's cost of the scene recomputed in doubles" : ''}`;
  if (params.detr) {
    const num = (x: Entry) => Number(x);
    for (let i = 0; i < c.length; i++) {
      for (let j = 0; j < (c[0] as readonly Rational[]).length; j++) {
        const x = detrCostNumber((params.detr.gt[i] as Entry[]).map(num), (params.detr.pred[j] as Entry[]).map(num), num(params.detr.prob[i]?.[j] as Entry));
        if (Math.abs(x - (c[i]?.[j] as Rational).toNumber()) > 0.005 + 1e-9) return { ok: false, method, detail: `C[${i}][${j}] = ${x} by DETR's formula` };
      }
    }
  }
  if (solution.answer.exact.cost !== e.best.toString()) return { ok: false, method, detail: `minimum ${e.best.toString()}, solved ${solution.answer.exact.cost}` };
  // The graded parts must be the brute-force optimum.
  const parts = solution.expected.kind === 'parts' ? solution.expected.parts : {};
  const gradedCost = parts[params.ask === 'cost' ? 'value' : 'cost'];
  if (gradedCost?.kind !== 'number' || !gradedCost.value.rational()?.equals(e.best) || !near(solution.answer.cost, e.best.toNumber(), 1e-12)) {
    return { ok: false, method, detail: `the graded minimum is not ${e.best.toString()}` };
  }
  if (params.ask === 'both') {
    const claimed = (solution.answer.assignment ?? []).map((j) => j - 1);
    if (e.optima.length !== 1) return { ok: false, method, detail: `${e.optima.length} optimal assignments: the assignment is not unique` };
    const optimum = e.optima[0] as readonly number[];
    if (optimum.join() !== claimed.join()) return { ok: false, method, detail: `optimum ${optimum.join()}` };
    const graded = parts.assignment;
    if (graded?.kind !== 'vector' || graded.value.map((x) => x.toNumber() - 1).join() !== optimum.join()) return { ok: false, method, detail: 'the graded assignment is not the optimum' };
  }
  return { ok: true, method };
}

// ---------- DETR's matching cost ----------

/** DETR's weights in the matching cost: class 1, L1 5, GIoU 2 (set_cost_class/bbox/giou). */
export const DETR_WEIGHTS = { cls: 1, l1: 5, giou: 2 } as const;

type Box = readonly [Rational, Rational, Rational, Rational];
const TWO = Rational.from(2);
const box = (b: readonly Entry[], what: string): Box => {
  const [x1, y1, x2, y2] = b.map((x, k) => read.toRational(x, `${what}[${k}]`, 10, 6)) as [Rational, Rational, Rational, Rational];
  return [x1, y1, x2, y2];
};
const area = (b: Box) => b[2].sub(b[0]).mul(b[3].sub(b[1]));
const maxR = (a: Rational, b: Rational) => (a.cmp(b) >= 0 ? a : b);
const minR = (a: Rational, b: Rational) => (a.cmp(b) <= 0 ? a : b);

/** The parts of C_ij = −p̂_j(c_i) + 5·‖g_i − b̂_j‖₁ (in cx, cy, w, h) − 2·GIoU(g_i, b̂_j), exactly. */
export interface CostTerms {
  readonly prob: Rational;
  readonly l1: Rational;
  readonly iou: Rational;
  readonly giou: Rational;
  readonly exact: Rational;
}

export function detrCost(g: Box, p: Box, prob: Rational): CostTerms {
  const center = (b: Box) => [b[0].add(b[2]).div(TWO), b[1].add(b[3]).div(TWO), b[2].sub(b[0]), b[3].sub(b[1])];
  const cg = center(g);
  const cp = center(p);
  const l1 = cg.reduce((s, x, k) => s.add(x.sub(cp[k] as Rational).abs()), Rational.zero);
  const iw = maxR(Rational.zero, minR(g[2], p[2]).sub(maxR(g[0], p[0])));
  const ih = maxR(Rational.zero, minR(g[3], p[3]).sub(maxR(g[1], p[1])));
  const inter = iw.mul(ih);
  const union = area(g).add(area(p)).sub(inter);
  const hull = maxR(g[2], p[2]).sub(minR(g[0], p[0])).mul(maxR(g[3], p[3]).sub(minR(g[1], p[1])));
  const iou = inter.div(union);
  const giou = iou.sub(hull.sub(union).div(hull));
  const exact = prob.neg().mul(Rational.from(DETR_WEIGHTS.cls)).add(l1.mul(Rational.from(DETR_WEIGHTS.l1))).sub(giou.mul(Rational.from(DETR_WEIGHTS.giou)));
  return { prob, l1, iou, giou, exact };
}

/** A rational rounded half away from zero to two decimals (the table shows and the matching uses these). */
export function round2(x: Rational): Rational {
  const scaled = x.mul(Rational.from(100));
  const sign = scaled.sign() < 0 ? -1n : 1n;
  const abs = scaled.abs();
  const q = abs.num / abs.den;
  const rem = abs.sub(Rational.from(q));
  const r = rem.cmp(Rational.of(1n, 2n)) >= 0 ? q + 1n : q;
  return Rational.of(sign * r, 100n);
}

/** The terms of every C_ij of a scene. */
const sceneTerms = memoByParams((params: Params): CostTerms[][] | null => {
  const d = params.detr;
  if (!d) return null;
  return d.gt.map((g, i) => d.pred.map((p, j) => detrCost(box(g, `detr.gt[${i}]`), box(p, `detr.pred[${j}]`), read.toRational(d.prob[i]?.[j], `detr.prob[${i}][${j}]`, 1, 6))));
});

/** Reads an optional scene and checks that the cost matrix is its DETR cost, rounded to 0.01. */
function readScene(raw: unknown, cost: readonly (readonly Entry[])[]): Scene {
  const o = read.readObject(raw, ['gt', 'pred', 'prob']);
  const m = cost.length;
  const n = (cost[0] as readonly Entry[]).length;
  const rows = (key: string, count: number, width: number): Entry[][] => {
    const v = o[key];
    if (!Array.isArray(v) || v.length !== count || v.some((r) => !Array.isArray(r) || r.length !== width)) {
      throw new InvalidParamsError(`detr.${key} must have ${count} rows of ${width} numbers`);
    }
    return v as Entry[][];
  };
  const scene: Scene = { gt: rows('gt', m, 4), pred: rows('pred', n, 4), prob: rows('prob', m, n) };
  for (const [key, list] of [['gt', scene.gt], ['pred', scene.pred]] as const) {
    list.forEach((b, i) => {
      const [x1, y1, x2, y2] = box(b, `detr.${key}[${i}]`);
      if (x1.sign() < 0 || y1.sign() < 0 || x2.cmp(Rational.one) > 0 || y2.cmp(Rational.one) > 0 || x2.cmp(x1) <= 0 || y2.cmp(y1) <= 0) {
        throw new InvalidParamsError(`detr.${key}[${i}] must be a box x1 < x2, y1 < y2 inside [0, 1]`);
      }
    });
  }
  scene.prob.forEach((row, i) =>
    row.forEach((x, j) => {
      const q = read.toRational(x, `detr.prob[${i}][${j}]`, 1, 6);
      if (q.sign() < 0 || q.cmp(Rational.one) > 0) throw new InvalidParamsError(`detr.prob[${i}][${j}] must be a probability`);
    }),
  );
  cost.forEach((row, i) =>
    row.forEach((x, j) => {
      const want = round2(detrCost(box(scene.gt[i] as Entry[], 'gt'), box(scene.pred[j] as Entry[], 'pred'), read.toRational(scene.prob[i]?.[j], 'prob', 1, 6)).exact);
      if (!read.toRational(x, `cost[${i}][${j}]`, MAX_ABS, 12).equals(want)) throw new InvalidParamsError(`cost[${i}][${j}] must be DETR's cost of the scene rounded to 0.01 (${want.toString()})`);
    }),
  );
  return scene;
}

// ---------- generation ----------

/** Each object in turn takes its cheapest free query (ties: lowest index) — the classic wrong method. */
function greedy(c: Matrix): number[] {
  const n = (c[0] as readonly Rational[]).length;
  const used = new Array<boolean>(n).fill(false);
  return c.map((row) => {
    let best = -1;
    row.forEach((x, j) => {
      if (!used[j] && (best < 0 || x.cmp(row[best] as Rational) < 0)) best = j;
    });
    used[best] = true;
    return best;
  });
}

const totalOf = (c: Matrix, sigma: readonly number[]) => sigma.reduce((s, j, i) => s.add(c[i]?.[j] as Rational), Rational.zero);

const LEVEL: Readonly<Record<Level, { shapes: readonly (readonly [number, number])[]; ask: Ask; greedyFails: number }>> = {
  easy: { shapes: [[3, 3]], ask: 'cost', greedyFails: 0.6 },
  medium: { shapes: [[3, 3], [4, 4], [4, 4]], ask: 'both', greedyFails: 0.8 },
  // More queries than objects: the rest go to "no object", as in DETR.
  hard: { shapes: [[2, 4], [3, 4], [3, 4], [2, 3]], ask: 'both', greedyFails: 0.8 },
};

/** Box coordinates are multiples of 1/20 of the image side. */
const UNIT = 20;

/**
 * A small DETR scene: m ground-truth boxes; n predictions, each aimed at an object (one per object
 * first, then extra ones, sometimes between two objects) with its corners jittered; the class
 * probability high where a prediction aims at the object, low elsewhere.
 */
/**
 * DETR's cost of boxes on the grid (corners in 1/UNIT, p̂ = P/20), in hundredths rounded half away
 * from zero — the value of `round2(detrCost(…).exact)` by integer arithmetic, fast enough for the
 * redraw loop of `generate`. With areas I (intersection), U (union), H (hull) in grid units and
 * L = |Δ(x₁+x₂)| + |Δ(y₁+y₂)| + 2|Δw| + 2|Δh| (so L1 = L/40):
 * 100·C = −5P + 12.5·L − 200·(I·H − (H − U)·U)/(U·H). (parseParams checks every generated table
 * against the exact rational route.)
 */
function gridCostHundredths(g: readonly number[], p: readonly number[], probTwentieths: number): number {
  const [a1, b1, a2, b2] = g as [number, number, number, number];
  const [c1, d1, c2, d2] = p as [number, number, number, number];
  const L = Math.abs(a1 + a2 - c1 - c2) + Math.abs(b1 + b2 - d1 - d2) + 2 * Math.abs(a2 - a1 - (c2 - c1)) + 2 * Math.abs(b2 - b1 - (d2 - d1));
  const I = Math.max(0, Math.min(a2, c2) - Math.max(a1, c1)) * Math.max(0, Math.min(b2, d2) - Math.max(b1, d1));
  const U = (a2 - a1) * (b2 - b1) + (c2 - c1) * (d2 - d1) - I;
  const H = (Math.max(a2, c2) - Math.min(a1, c1)) * (Math.max(b2, d2) - Math.min(b1, d1));
  const D = 2 * U * H;
  const N = (25 * L - 10 * probTwentieths) * U * H - 400 * (I * H - (H - U) * U);
  const abs = Math.abs(N);
  let q = Math.floor(abs / D);
  while (q * D > abs) q--;
  while ((q + 1) * D <= abs) q++;
  if (2 * (abs - q * D) >= D) q++;
  return N < 0 && q > 0 ? -q : q; // never −0: it would not survive a JSON round trip
}

function drawScene(rng: Rng, m: number, n: number): { gt: number[][]; pred: number[][]; prob: number[][]; cost: number[][] } {
  const gt = Array.from({ length: m }, () => {
    const w = rng.int(3, 10);
    const h = rng.int(3, 10);
    const x = rng.int(0, UNIT - w);
    const y = rng.int(0, UNIT - h);
    return [x, y, x + w, y + h];
  });
  const aims = rng.shuffle(Array.from({ length: n }, (_, j) => (j < m ? j : rng.int(0, m - 1))));
  const pred = aims.map((i) => {
    const g = gt[i] as number[];
    const other = gt[rng.int(0, m - 1)] as number[];
    const between = rng.chance(0.3);
    const base = g.map((v, k) => (between ? Math.round((v + (other[k] as number)) / 2) : v));
    for (;;) {
      const b = base.map((v) => Math.min(UNIT, Math.max(0, v + rng.int(-2, 2))));
      if ((b[2] as number) > (b[0] as number) && (b[3] as number) > (b[1] as number)) return b;
    }
  });
  const twentieths = gt.map((_, i) => aims.map((a) => (a === i ? rng.int(10, 19) : rng.int(1, 8))));
  const cost = gt.map((g, i) => pred.map((p, j) => gridCostHundredths(g, p, twentieths[i]?.[j] as number) / 100));
  const scale = (b: number[]) => b.map((v) => v / UNIT);
  return { gt: gt.map(scale), pred: pred.map(scale), prob: twentieths.map((row) => row.map((x) => x / 20)), cost };
}

/**
 * NOTE: version 2 draws DETR scenes (boxes and class probabilities) and builds C from DETR's
 * matching cost; version 1 drew the cost entries at random.
 */
function generate(rng: Rng, level: Level): Params {
  const cfg = LEVEL[level];
  const [m, n] = rng.pick(cfg.shapes);
  const wantGreedyFail = rng.chance(cfg.greedyFails);
  let fallback: Params | null = null;
  for (let attempt = 0; attempt < 200; attempt++) {
    const { cost, ...detr } = drawScene(rng, m, n);
    const params: Params = { cost, ask: cfg.ask, detr };
    const c = matrix(params);
    const e = enumerate(c);
    if (cfg.ask === 'both' && e.optima.length !== 1) continue;
    fallback ??= params;
    const greedyFailed = totalOf(c, greedy(c)).cmp(e.best) > 0;
    if (greedyFailed === wantGreedyFail) return params;
  }
  if (fallback) return fallback;
  throw new InvalidParamsError(`hungarian-matching ${level}: no scene with a unique optimum in 200 draws`);
}

// ---------- text ----------

/** A terminating decimal as a decimal (`-0.8`), anything else as a fraction. */
function texEntry(x: Rational): string {
  for (let k = 0; k <= 6; k++) {
    const scale = 10n ** BigInt(k);
    if (scale % x.den !== 0n) continue;
    const scaled = x.num * (scale / x.den);
    const sign = scaled < 0n ? '-' : '';
    const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(k + 1, '0');
    return k === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -k)}.${digits.slice(-k)}`;
  }
  return x.toTex();
}

/** The cost matrix as a table with object rows g_i and query columns q_j. */
function costTable(c: Matrix, rowName: (i: number) => string, mark?: (i: number, j: number) => boolean, entry: (x: Rational) => string = texEntry): string {
  const n = (c[0] as readonly Rational[]).length;
  const head = ['', ...Array.from({ length: n }, (_, j) => `q_{${j + 1}}`)].join(' & ');
  const rows = c.map((row, i) => [rowName(i), ...row.map((x, j) => (mark?.(i, j) ? `\\boxed{${entry(x)}}` : entry(x)))].join(' & '));
  return `\\begin{array}{c|${'c'.repeat(n)}} ${head} \\\\ \\hline ${rows.join(' \\\\ ')} \\end{array}`;
}

/** Row labels: objects g_i, then the ∅ padding rows (numbered when there are several). */
const objectName = (m: number, n: number) => (i: number) => (i < m ? `g_{${i + 1}}` : n - m === 1 ? '\\varnothing' : `\\varnothing_{${i - m + 1}}`);

/** DETR's matching cost as a display formula. */
const COST_FORMULA = `$$\\begin{aligned} C_{ij} = {} & -\\hat p_j(c_i) + ${DETR_WEIGHTS.l1}\\,\\lVert g_i - \\hat b_j \\rVert_1 \\\\ & - ${DETR_WEIGHTS.giou}\\,\\mathrm{GIoU}(g_i, \\hat b_j) \\end{aligned}$$`;

/** The scene: the cost formula, the boxes and the class probabilities. */
const SCENE = template(
  "When DETR is trained, each ground-truth object $g_i$ is matched to a different object query $q_{\\sigma(i)}$ so that the total matching cost $\\sum_i C_{i,\\sigma(i)}$ is as small as possible (the Hungarian algorithm). DETR's matching cost is\n{{formula}}\nwhere $\\hat p_j(c_i)$ is the probability query $q_j$ gives to the class of object $g_i$ and $\\hat b_j$ is its predicted box; the L1 distance is taken over (centre $x$, centre $y$, width, height). Boxes are $(x_1, y_1, x_2, y_2)$ in image-normalised coordinates:\n$${{gts}}$$\n$${{preds}}$$\n$${{probs}}$$\nThe costs from the formula, rounded to two decimals (the matching uses this table):",
  'DETR 训练时要把每个真实目标 $g_i$ 分配给一个不同的目标查询 $q_{\\sigma(i)}$，使总匹配代价 $\\sum_i C_{i,\\sigma(i)}$ 最小（匈牙利算法）。DETR 的匹配代价是\n{{formula}}\n其中 $\\hat p_j(c_i)$ 是查询 $q_j$ 给目标 $g_i$ 所属类别的概率，$\\hat b_j$ 是它预测的框；L1 距离按（中心 $x$、中心 $y$、宽、高）计算。框写成 $(x_1, y_1, x_2, y_2)$，坐标按图像边长归一化：\n$${{gts}}$$\n$${{preds}}$$\n$${{probs}}$$\n按上式算出的代价（四舍五入到两位小数，匹配就用这张表）：',
);

/** The TeX of a scene (`{{gts}}`, `{{preds}}`, `{{probs}}`, `{{formula}}`). */
function sceneValues(d: Scene): TextValues {
  // One row per box (x₁, y₁, x₂, y₂): narrow enough for a phone, unlike a line of tuples.
  const boxes = (names: string[], list: readonly (readonly Entry[])[]) =>
    `\\begin{array}{c|cccc} & x_1 & y_1 & x_2 & y_2 \\\\ \\hline ${list
      .map((b, i) => [names[i], ...b.map((x) => texEntry(read.toRational(x, 'box', 10, 6)))].join(' & '))
      .join(' \\\\ ')} \\end{array}`;
  return {
    formula: COST_FORMULA,
    gts: boxes(d.gt.map((_, i) => `g_{${i + 1}}`), d.gt),
    preds: boxes(d.pred.map((_, j) => `\\hat b_{${j + 1}}`), d.pred),
    probs: `\\begin{array}{c|${'c'.repeat(d.pred.length)}} \\hat p_j(c_i) & ${d.pred.map((_, j) => `q_{${j + 1}}`).join(' & ')} \\\\ \\hline ${d.prob
      .map((row, i) => [`g_{${i + 1}}`, ...row.map((x) => texEntry(read.toRational(x, 'prob', 1, 6)))].join(' & '))
      .join(' \\\\ ')} \\end{array}`,
  };
}

const PADDING = template(
  '\n\nThere are more queries than objects: the {{extra}} {{leftOver}} matched to "no object" $\\varnothing$ at zero {{costKind}}.',
  '\n\n查询比目标多：剩下 {{extra}} 个查询没有分到真实目标，{{leftOver}}匹配到“无目标” $\\varnothing$，这部分{{costKind}}为 0。',
);
const LEFT_OVER = { one: bi('query left over is', '它'), many: bi('queries left over are', '它们') };

const ASK = {
  cost: template(
    'Find the smallest total cost $\\min_\\sigma \\sum_{i=1}^{{{m}}} C_{i,\\sigma(i)}$ over all one-to-one assignments.',
    '求所有一一对应的分配中最小的总代价 $\\min_\\sigma \\sum_{i=1}^{{{m}}} C_{i,\\sigma(i)}$。',
  ),
  assignment: template(
    'Give the optimal assignment and the minimum total cost. Write the assignment as the vector $[\\sigma(1), \\dots, \\sigma({{m}})]$, where $\\sigma(i)$ is the number of the query (column, **counting from 1**) matched to object $g_i$; for example `[2, 1, 3]` means $g_1 \\to q_2$, $g_2 \\to q_1$, $g_3 \\to q_3$. The optimum here is unique.',
    '求最优分配和最小总代价。分配写成向量 $[\\sigma(1), \\dots, \\sigma({{m}})]$，其中 $\\sigma(i)$ 是分给目标 $g_i$ 的查询编号（列号，**从 1 开始**）；例如 `[2, 1, 3]` 表示 $g_1 \\to q_2$、$g_2 \\to q_1$、$g_3 \\to q_3$。本题最优分配唯一。',
  ),
};

const PROMPT_SCENE = template('{{scene}}\n{{table}}{{padding}}\n\n{{ask}}', '{{scene}}\n{{table}}{{padding}}\n\n{{ask}}');
const PROMPT_TABLE = template(
  'When DETR is trained, each ground-truth object $g_i$ is matched to a different object query $q_{\\sigma(i)}$ so that the total matching cost $\\sum_i C_{i,\\sigma(i)}$ is as small as possible (the Hungarian algorithm). Row $i$, column $j$ of the table is $C_{ij}$, the cost of matching object $g_i$ to query $q_j$:\n{{table}}{{padding}}{{negative}}\n\n{{ask}}',
  'DETR 训练时要把每个真实目标 $g_i$ 分配给一个不同的目标查询 $q_{\\sigma(i)}$，使总匹配代价 $\\sum_i C_{i,\\sigma(i)}$ 最小（匈牙利算法）。下表中第 $i$ 行第 $j$ 列是 $C_{ij}$，即把目标 $g_i$ 匹配给查询 $q_j$ 的代价：\n{{table}}{{padding}}{{negative}}\n\n{{ask}}',
);
const NEGATIVE = bi(' (The costs include a class term $-\\hat p$, so they can be negative.)', '（代价里含有类别项 $-\\hat p$，所以可以为负。）');

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const c = matrix(params);
  const m = c.length;
  const n = (c[0] as readonly Rational[]).length;
  const values: Record<string, TextValue> = {
    table: `$$${costTable(c, objectName(m, n))}$$`,
    padding: m < n ? PADDING : '',
    extra: n - m,
    leftOver: n - m === 1 ? LEFT_OVER.one : LEFT_OVER.many,
    costKind: params.detr ? bi('matching cost', '匹配代价') : bi('cost', '代价'),
    ask: params.ask === 'cost' ? ASK.cost : ASK.assignment,
    m,
  };
  if (params.detr) return fill(PROMPT_SCENE, { ...values, ...sceneValues(params.detr), scene: SCENE }, lang);
  return fill(PROMPT_TABLE, { ...values, negative: c.flat().some((x) => x.sign() < 0) ? NEGATIVE : '' }, lang);
}

const STEPS = {
  entry: template(
    "Every entry comes from DETR's formula. Take ${{name}}$: $\\hat p_{{{j}}}(c_{{{i}}}) = {{prob}}$; the absolute differences of centre, width and height add up to $\\lVert g_{{{i}}} - \\hat b_{{{j}}}\\rVert_1 = {{l1}}$; $\\mathrm{IoU} = {{iou}} \\approx {{iouApprox}}$, and subtracting the share of the enclosing box outside the union gives $\\mathrm{GIoU} \\approx {{giou}}$. So\n{{entryBody}}",
    '表中每一项都按 DETR 的公式计算。以 ${{name}}$ 为例：$\\hat p_{{{j}}}(c_{{{i}}}) = {{prob}}$；中心、宽、高之差的绝对值之和 $\\lVert g_{{{i}}} - \\hat b_{{{j}}}\\rVert_1 = {{l1}}$；$\\mathrm{IoU} = {{iou}} \\approx {{iouApprox}}$，再减去外接框中不属于并集的比例，得 $\\mathrm{GIoU} \\approx {{giou}}$。于是\n{{entryBody}}',
  ),
  enumerate: template('There are only ${{count}}$ one-to-one assignments; total each of them:\n   - {{list}}', '只有 ${{count}}$ 种一一对应的分配，逐一计算总代价：\n   - {{list}}'),
  pad: template(
    'Pad as DETR does: add ${{extra}}$ {{rows}} of "no object" $\\varnothing$ with cost 0, giving a ${{n}}\\times{{n}}$ square matrix; wherever the $\\varnothing$ rows go, the total does not change.',
    '像 DETR 一样用“无目标”补齐：加 ${{extra}}$ {{rows}}代价全为 0 的 $\\varnothing$，得到 ${{n}}\\times{{n}}$ 的方阵；$\\varnothing$ 行分到哪个查询都不改变总代价。',
  ),
  potentials: template(
    'The Hungarian algorithm ends with row potentials ${{u}}$ and column potentials ${{v}}$ such that $u_i + v_j \\le C_{ij}$ for all $i, j$. The reduced costs $C_{ij} - u_i - v_j$ are all $\\ge 0$; the boxed cells are the chosen ones (reduced cost 0):',
    '匈牙利算法给出每行的势 ${{u}}$ 和每列的势 ${{v}}$，满足对所有 $i, j$ 都有 $u_i + v_j \\le C_{ij}$。约化代价 $C_{ij} - u_i - v_j$ 全部 $\\ge 0$，方框是选中的格子（约化代价都为 0）：',
  ),
  reduced: '$${{reduced}}$$',
  bound: template(
    "Every assignment $\\sigma'$ has $\\sum_i C_{i,\\sigma'(i)} \\ge \\sum_i u_i + \\sum_j v_j = {{bound}}${{padNote}}, and the chosen one attains this bound, so it is optimal.",
    "任何分配 $\\sigma'$ 的总代价都满足 $\\sum_i C_{i,\\sigma'(i)} \\ge \\sum_i u_i + \\sum_j v_j = {{bound}}${{padNote}}，而选中的分配恰好取到这个下界，所以它最优。",
  ),
  optimal: template(
    'Optimal assignment: ${{pairs}}$, i.e. $\\sigma = [{{sigma}}]$ (numbered from 1); minimum total cost ${{sum}} = {{sumValues}} = {{total}}$.',
    '最优分配：${{pairs}}$，即 $\\sigma = [{{sigma}}]$（从 1 开始编号）；最小总代价 ${{sum}} = {{sumValues}} = {{total}}$。',
  ),
  greedy: template(
    'Note: letting each object in turn take its cheapest free query (greedy) gives $[{{greedy}}]$ with total ${{greedyTotal}}$ — not optimal.',
    '注意：让每个目标依次选最便宜的空闲查询（贪心）会得到 $[{{greedy}}]$，总代价 ${{greedyTotal}}$，不是最优。',
  ),
};
const PAD_ROW = { one: bi('row', '行'), many: bi('rows', '行') };
const PAD_NOTE = bi(' (the $\\varnothing$ rows cost 0)', '（$\\varnothing$ 行的代价为 0）');

/** The values of the worked entry (`{{name}}`, …): the first row's chosen cell, term by term. */
function entryValues(params: Params, i: number, j: number): TextValues {
  const t = (sceneTerms(params) as CostTerms[][])[i]?.[j] as CostTerms;
  const d4 = (x: Rational) => texNumber(x.toNumber(), 4);
  const name = `C_{${i + 1}${j + 1}}`;
  return {
    name,
    i: i + 1,
    j: j + 1,
    prob: texEntry(t.prob),
    l1: texEntry(t.l1),
    iou: t.iou.toTex(),
    iouApprox: d4(t.iou),
    giou: d4(t.giou),
    entryBody: `$$\\begin{aligned} ${name} &= -${texEntry(t.prob)} + ${DETR_WEIGHTS.l1}\\cdot ${texEntry(t.l1)} - ${DETR_WEIGHTS.giou}\\cdot(${d4(t.giou)}) \\\\ &\\approx ${d4(t.exact)} \\approx ${texEntry(round2(t.exact))}. \\end{aligned}$$`,
  };
}

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const c = matrix(params);
  const m = c.length;
  const n = (c[0] as readonly Rational[]).length;
  const h = hungarian(params);
  const e = enumerate(c);
  const g = greedy(c);
  const values: Record<string, TextValue> = {
    ...(params.detr ? entryValues(params, 0, h.sigma[0] as number) : {}),
    n,
    extra: n - m,
    pairs: h.sigma.map((j, i) => `g_{${i + 1}} \\to q_{${j + 1}}`).join(',\\ '),
    sigma: h.sigma.map((j) => j + 1).join(', '),
    sum: h.sigma.map((j, i) => `C_{${i + 1}${j + 1}}`).join(' + '),
    sumValues: h.sigma
      .map((j, i) => {
        const t = texEntry(c[i]?.[j] as Rational);
        return i > 0 && t.startsWith('-') ? `(${t})` : t;
      })
      .join(' + '),
    total: texEntry(h.total),
    greedy: g.map((j) => j + 1).join(', '),
    greedyTotal: texEntry(totalOf(c, g)),
  };
  const lines: StepLine[] = [params.detr && STEPS.entry];
  if (e.all.length <= 6) {
    values.count = e.all.length;
    // Each assignment on a line: "$\\sigma = [2, 1]$: $3 + 4 = 7$" (the colon is the language's).
    const listIn = (colon: string) =>
      e.all
        .map((a) => `$\\sigma = [${a.sigma.map((j) => j + 1).join(', ')}]$${colon}$${a.sigma.map((j, i) => texEntry(c[i]?.[j] as Rational)).join(' + ').replace(/\+ -/g, '- ')} = ${texEntry(a.total)}$`)
        .join('\n   - ');
    values.list = bi(listIn(': '), listIn('：'));
    lines.push(STEPS.enumerate);
  } else {
    const rowName = objectName(m, n);
    values.rows = n - m === 1 ? PAD_ROW.one : PAD_ROW.many;
    values.u = h.u.map((x, i) => `u_{${i < m ? i + 1 : rowName(i)}} = ${texEntry(x)}`).join(',\\ ');
    values.v = h.v.map((x, j) => `v_{${j + 1}} = ${texEntry(x)}`).join(',\\ ');
    const reduced = h.padded.map((row, i) => row.map((x, j) => x.sub(h.u[i] as Rational).sub(h.v[j] as Rational)));
    values.reduced = costTable(reduced, objectName(m, n), (i, j) => h.rowToCol[i] === j);
    values.bound = texEntry(h.u.concat(h.v).reduce((s, x) => s.add(x), Rational.zero));
    values.padNote = m < n ? PAD_NOTE : '';
    lines.push(m < n && STEPS.pad, STEPS.potentials, STEPS.reduced, STEPS.bound);
  }
  lines.push(STEPS.optimal, totalOf(c, g).cmp(h.total) > 0 && STEPS.greedy);
  return fillSteps(lines, values, lang);
}

// ---------- diagnosis ----------

const note = defineNotes({
  greedy: bi(
    'That is the greedy matching (each object takes its cheapest free query in turn). It is not optimal here: the Hungarian algorithm considers the assignment as a whole.',
    '这是贪心匹配（每个目标依次取最便宜的空闲查询），这里它不是最优的：匈牙利算法要整体考虑分配。',
  ),
  'row-minima': bi(
    'That adds each row’s minimum, but two objects would then share a query. Each query can be matched to one object only.',
    '这是每行最小值之和，但这样会有两个目标用同一个查询。每个查询只能匹配一个目标。',
  ),
  maximised: bi('That is the most expensive assignment; the matching minimises the total cost.', '这是总代价最大的分配；匹配要使总代价最小。'),
  'zero-based': bi('The query numbers count from 1, not from 0.', '查询编号从 1 开始，不是从 0 开始。'),
  'inverse-mapping': bi(
    'That lists, for each query, its object. Give for each object i the query σ(i) matched to it.',
    '这写的是每个查询对应的目标。应当对每个目标 i 写出分给它的查询 σ(i)。',
  ),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const c = matrix(params);
  const m = c.length;
  const n = (c[0] as readonly Rational[]).length;
  const e = enumerate(c);
  const worst = e.all.reduce((w, a) => (a.total.cmp(w.total) > 0 ? a : w));
  const g = greedy(c);
  const optimum = solution.answer.cost;
  const ga = given.parts.assignment;
  const sameVector = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => Math.abs(v - (y[i] as number)) < 1e-9);
  const sigma = solution.answer.assignment;
  if (ga?.kind === 'vector' && sigma && !sameVector(ga.approx, sigma)) {
    const x = ga.approx;
    if (sameVector(x, sigma.map((j) => j - 1))) return note('zero-based');
    if (m === n) {
      const inverse = new Array<number>(n);
      sigma.forEach((j, i) => (inverse[j - 1] = i + 1));
      if (sameVector(x, inverse)) return note('inverse-mapping');
    }
    if (totalOf(c, g).toNumber() > optimum && sameVector(x, g.map((j) => j + 1))) return note('greedy');
    if (sameVector(x, worst.sigma.map((j) => j + 1))) return note('maximised');
    return undefined;
  }
  const gc = given.parts.cost ?? given.parts.value;
  if (gc?.kind !== 'number' || near(gc.approx, optimum, 1e-12)) return undefined;
  const is = (value: Rational) => near(gc.approx, value.toNumber(), 1e-9) && !value.equals(e.best);
  if (is(totalOf(c, g))) return note('greedy');
  const rowMinima = c.reduce((s, row) => s.add(row.reduce((lo, x) => (x.cmp(lo) < 0 ? x : lo))), Rational.zero);
  if (is(rowMinima)) return note('row-minima');
  if (is(worst.total)) return note('maximised');
  return undefined;
}

// ---------- params ----------

function parseParams(raw: unknown): Params {
  const o = read.readObject(raw, ['cost', 'ask'], ['detr']);
  const ask = read.readEnum(o, 'ask', ASKS);
  const cost = o.cost;
  if (!Array.isArray(cost) || cost.length < 1 || cost.length > MAX_QUERIES) {
    throw new InvalidParamsError(`cost must be a matrix with 1 to ${MAX_QUERIES} rows (objects)`);
  }
  const n = Array.isArray(cost[0]) ? (cost[0] as unknown[]).length : -1;
  if (n < cost.length || n > MAX_QUERIES) throw new InvalidParamsError(`cost must have between ${cost.length} (one per object) and ${MAX_QUERIES} columns (queries)`);
  const rows = cost.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== n) throw new InvalidParamsError(`cost row ${i} must have ${n} entries`);
    return row.map((x: unknown, j) => {
      read.toRational(x, `cost[${i}][${j}]`, MAX_ABS, 12);
      return x as Entry;
    });
  });
  return Object.hasOwn(o, 'detr') ? { cost: rows, ask, detr: readScene(o.detr, rows) } : { cost: rows, ask };
}

export const hungarianMatching = defineFamily<Params, Answer>({
  id: 'hungarian-matching',
  // 2: generate draws DETR scenes and builds C from DETR's matching cost (v1: random entries).
  version: 2,
  article: 'detr',
  title: bi('Bipartite matching of queries and objects', '目标查询与真实目标的二分匹配'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: (params) => ({
    parts:
      params.ask === 'cost'
        ? [{ name: 'value', kind: 'number', label: bi('minimum total cost', '最小总代价'), tolerance: EXACT_ONLY }]
        : [
            { name: 'assignment', kind: 'vector', length: params.cost.length, label: bi('assignment [σ(1), …] (from 1)', '分配 [σ(1), …]（从 1 开始）'), tolerance: EXACT_ONLY },
            { name: 'cost', kind: 'number', label: bi('minimum total cost', '最小总代价'), tolerance: EXACT_ONLY },
          ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'cost' }, answer: '5', correct: true, comment: 'g1→q2, g2→q1, g3→q3' },
    { params: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'cost' }, answer: '3', correct: false, note: 'row-minima', comment: 'g1 and g2 both want q2' },
    { params: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'cost' }, answer: '11', correct: false, note: 'maximised' },
    { params: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'both' }, answer: { assignment: '[2, 1, 3]', cost: '5' }, correct: true },
    { params: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'both' }, answer: { assignment: '[1, 0, 2]', cost: '5' }, correct: false, note: 'zero-based' },
    { params: { cost: [[1, 2, 9], [2, 9, 9], [9, 1, 1]], ask: 'both' }, answer: { assignment: '[2, 1, 3]', cost: '5' }, correct: true, comment: 'greedy would take q1 for g1' },
    { params: { cost: [[1, 2, 9], [2, 9, 9], [9, 1, 1]], ask: 'both' }, answer: { assignment: '[1, 2, 3]', cost: '11' }, correct: false, note: 'greedy' },
    { params: { cost: [[1, 2, 9], [2, 9, 9], [9, 1, 1]], ask: 'cost' }, answer: '11', correct: false, note: 'greedy' },
    { params: { cost: [[5, 1, 9], [9, 5, 1], [1, 9, 5]], ask: 'both' }, answer: { assignment: '[3, 1, 2]', cost: '3' }, correct: false, note: 'inverse-mapping', comment: 'σ = [2, 3, 1]' },
    { params: { cost: [['-0.9', 0.4, 1.2, 0.3], [1.1, '-0.2', '-0.8', 0.5]], ask: 'both' }, answer: { assignment: '[1, 3]', cost: '-1.7' }, correct: true, comment: 'rectangular, two queries go to no object' },
    { params: { cost: [['-0.9', 0.4, 1.2, 0.3], [1.1, '-0.2', '-0.8', 0.5]], ask: 'both' }, answer: { assignment: '[1, 3]', cost: '-17/10' }, correct: true },
    { params: { cost: [['-0.9', 0.4, 1.2, 0.3], [1.1, '-0.2', '-0.8', 0.5]], ask: 'both' }, answer: { assignment: '[1, 3, 0, 0]', cost: '-1.7' }, correct: false, note: 'wrong-shape' },
    { params: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'both' }, answer: '[2, 1, 3]', correct: false, note: 'missing-part' },
    { params: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'cost' }, answer: 'q1+q2', correct: false, note: 'unknown-symbol' },
    { params: { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'cost' }, answer: '<script>', correct: false, note: 'bad-character' },
  ],
});
