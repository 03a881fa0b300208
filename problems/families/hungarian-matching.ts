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
  EXACT_ONLY,
  Expression,
  InvalidParamsError,
  memoByParams,
  near,
  params as read,
  Rational,
  type Bilingual,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';

type Entry = number | string;
type Ask = 'cost' | 'both';
type Params = { readonly cost: readonly (readonly Entry[])[]; readonly ask: Ask };
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

function verify(params: Params, solution: Solution<Answer>): Verification {
  const e = enumerate(matrix(params));
  const method = `brute force over all ${e.all.length} one-to-one assignments`;
  if (solution.answer.exact.cost !== e.best.toString()) return { ok: false, method, detail: `minimum ${e.best.toString()}, solved ${solution.answer.exact.cost}` };
  if (params.ask === 'both') {
    const claimed = (solution.answer.assignment ?? []).map((j) => j - 1);
    if (e.optima.length !== 1) return { ok: false, method, detail: `${e.optima.length} optimal assignments: the assignment is not unique` };
    if ((e.optima[0] as readonly number[]).join() !== claimed.join()) return { ok: false, method, detail: `optimum ${(e.optima[0] as readonly number[]).join()}` };
  }
  return { ok: true, method };
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

const LEVEL: Readonly<Record<Level, { shapes: readonly (readonly [number, number])[]; ask: Ask; entry: (rng: Rng) => Entry; greedyFails: number }>> = {
  easy: { shapes: [[3, 3]], ask: 'cost', entry: (rng) => rng.int(1, 9), greedyFails: 0.6 },
  medium: { shapes: [[3, 3], [4, 4], [4, 4]], ask: 'both', entry: (rng) => rng.int(0, 20), greedyFails: 0.8 },
  // DETR-like costs: a negative class term plus box terms, one decimal place.
  hard: { shapes: [[2, 4], [3, 4], [3, 4], [2, 3]], ask: 'both', entry: (rng) => rng.int(-10, 35) / 10, greedyFails: 0.8 },
};

function generate(rng: Rng, level: Level): Params {
  const cfg = LEVEL[level];
  const [m, n] = rng.pick(cfg.shapes);
  const wantGreedyFail = rng.chance(cfg.greedyFails);
  let fallback: Params | null = null;
  for (let attempt = 0; attempt < 200; attempt++) {
    const cost = Array.from({ length: m }, () => Array.from({ length: n }, () => cfg.entry(rng)));
    const params: Params = { cost, ask: cfg.ask };
    const c = matrix(params);
    const e = enumerate(c);
    if (cfg.ask === 'both' && e.optima.length !== 1) continue;
    fallback ??= params;
    const greedyFailed = totalOf(c, greedy(c)).cmp(e.best) > 0;
    if (greedyFailed === wantGreedyFail) return params;
  }
  if (fallback) return fallback;
  // Unreachable in practice; a diagonal-dominant matrix has the unique optimum σ(i) = i.
  return { cost: Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : 5))), ask: cfg.ask };
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

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const c = matrix(params);
  const m = c.length;
  const n = (c[0] as readonly Rational[]).length;
  const zh = lang === 'zh';
  const table = `$$${costTable(c, objectName(m, n))}$$`;
  const intro = zh
    ? `DETR 训练时要把每个真实目标 $g_i$ 分配给一个不同的目标查询 $q_{\\sigma(i)}$，使总匹配代价 $\\sum_i C_{i,\\sigma(i)}$ 最小（匈牙利算法）。下表中第 $i$ 行第 $j$ 列是 $C_{ij}$，即把目标 $g_i$ 匹配给查询 $q_j$ 的代价：`
    : `When DETR is trained, each ground-truth object $g_i$ is matched to a different object query $q_{\\sigma(i)}$ so that the total matching cost $\\sum_i C_{i,\\sigma(i)}$ is as small as possible (the Hungarian algorithm). Row $i$, column $j$ of the table is $C_{ij}$, the cost of matching object $g_i$ to query $q_j$:`;
  const padding =
    m < n
      ? zh
        ? `\n\n查询比目标多：剩下 ${n - m} 个查询没有分到真实目标，${n - m === 1 ? '它' : '它们'}匹配到“无目标” $\\varnothing$，这部分代价为 0。`
        : `\n\nThere are more queries than objects: the ${n - m} ${n - m === 1 ? 'query' : 'queries'} left over ${n - m === 1 ? 'is' : 'are'} matched to "no object" $\\varnothing$ at zero cost.`
      : '';
  const costs = c.flat();
  const note = costs.some((x) => x.sign() < 0)
    ? zh
      ? '（代价里含有类别项 $-\\hat p$，所以可以为负。）'
      : ' (The costs include a class term $-\\hat p$, so they can be negative.)'
    : '';
  const ask =
    params.ask === 'cost'
      ? zh
        ? `求所有一一对应的分配中最小的总代价 $\\min_\\sigma \\sum_{i=1}^{${m}} C_{i,\\sigma(i)}$。`
        : `Find the smallest total cost $\\min_\\sigma \\sum_{i=1}^{${m}} C_{i,\\sigma(i)}$ over all one-to-one assignments.`
      : zh
        ? `求最优分配和最小总代价。分配写成向量 $[\\sigma(1), \\dots, \\sigma(${m})]$，其中 $\\sigma(i)$ 是分给目标 $g_i$ 的查询编号（列号，**从 1 开始**）；例如 \`[2, 1, 3]\` 表示 $g_1 \\to q_2$、$g_2 \\to q_1$、$g_3 \\to q_3$。本题最优分配唯一。`
        : `Give the optimal assignment and the minimum total cost. Write the assignment as the vector $[\\sigma(1), \\dots, \\sigma(${m})]$, where $\\sigma(i)$ is the number of the query (column, **counting from 1**) matched to object $g_i$; for example \`[2, 1, 3]\` means $g_1 \\to q_2$, $g_2 \\to q_1$, $g_3 \\to q_3$. The optimum here is unique.`;
  return `${intro}\n${table}${padding}${note}\n\n${ask}`;
}

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const c = matrix(params);
  const m = c.length;
  const n = (c[0] as readonly Rational[]).length;
  const h = hungarian(params);
  const zh = lang === 'zh';
  const lines: string[] = [];
  const sum = h.sigma.map((j, i) => `C_{${i + 1}${j + 1}}`).join(' + ');
  const sumValues = h.sigma.map((j, i) => {
    const t = texEntry(c[i]?.[j] as Rational);
    return i > 0 && t.startsWith('-') ? `(${t})` : t;
  });
  const pairs = h.sigma.map((j, i) => `g_{${i + 1}} \\to q_{${j + 1}}`).join(',\\ ');
  const e = enumerate(c);
  if (e.all.length <= 6) {
    const list = e.all
      .map((a) => `$\\sigma = [${a.sigma.map((j) => j + 1).join(', ')}]$${zh ? '：' : ': '}$${a.sigma.map((j, i) => texEntry(c[i]?.[j] as Rational)).join(' + ').replace(/\+ -/g, '- ')} = ${texEntry(a.total)}$`)
      .join('\n   - ');
    lines.push(
      (zh ? `只有 $${e.all.length}$ 种一一对应的分配，逐一计算总代价：` : `There are only $${e.all.length}$ one-to-one assignments; total each of them:`) + `\n   - ${list}`,
    );
  } else {
    if (m < n) {
      lines.push(
        zh
          ? `像 DETR 一样用“无目标”补齐：加 $${n - m}$ 行代价全为 0 的 $\\varnothing$，得到 $${n}\\times${n}$ 的方阵；$\\varnothing$ 行分到哪个查询都不改变总代价。`
          : `Pad as DETR does: add $${n - m}$ row${n - m === 1 ? '' : 's'} of "no object" $\\varnothing$ with cost 0, giving a $${n}\\times${n}$ square matrix; wherever the $\\varnothing$ rows go, the total does not change.`,
      );
    }
    const rowName = objectName(m, n);
    const u = h.u.map((x, i) => `u_{${i < m ? i + 1 : rowName(i)}} = ${texEntry(x)}`).join(',\\ ');
    const v = h.v.map((x, j) => `v_{${j + 1}} = ${texEntry(x)}`).join(',\\ ');
    lines.push(
      zh
        ? `匈牙利算法给出每行的势 $${u}$ 和每列的势 $${v}$，满足对所有 $i, j$ 都有 $u_i + v_j \\le C_{ij}$。约化代价 $C_{ij} - u_i - v_j$ 全部 $\\ge 0$，方框是选中的格子（约化代价都为 0）：`
        : `The Hungarian algorithm ends with row potentials $${u}$ and column potentials $${v}$ such that $u_i + v_j \\le C_{ij}$ for all $i, j$. The reduced costs $C_{ij} - u_i - v_j$ are all $\\ge 0$; the boxed cells are the chosen ones (reduced cost 0):`,
    );
    const reduced = h.padded.map((row, i) => row.map((x, j) => x.sub(h.u[i] as Rational).sub(h.v[j] as Rational)));
    lines.push(`$$${costTable(reduced, objectName(m, n), (i, j) => h.rowToCol[i] === j)}$$`);
    const bound = h.u.concat(h.v).reduce((s, x) => s.add(x), Rational.zero);
    lines.push(
      zh
        ? `任何分配 $\\sigma'$ 的总代价都满足 $\\sum_i C_{i,\\sigma'(i)} \\ge \\sum_i u_i + \\sum_j v_j = ${texEntry(bound)}$${m < n ? '（$\\varnothing$ 行的代价为 0）' : ''}，而选中的分配恰好取到这个下界，所以它最优。`
        : `Every assignment $\\sigma'$ has $\\sum_i C_{i,\\sigma'(i)} \\ge \\sum_i u_i + \\sum_j v_j = ${texEntry(bound)}$${m < n ? ' (the $\\varnothing$ rows cost 0)' : ''}, and the chosen one attains this bound, so it is optimal.`,
    );
  }
  lines.push(
    zh
      ? `最优分配：$${pairs}$，即 $\\sigma = [${h.sigma.map((j) => j + 1).join(', ')}]$（从 1 开始编号）；最小总代价 $${sum} = ${sumValues.join(' + ')} = ${texEntry(h.total)}$。`
      : `Optimal assignment: $${pairs}$, i.e. $\\sigma = [${h.sigma.map((j) => j + 1).join(', ')}]$ (numbered from 1); minimum total cost $${sum} = ${sumValues.join(' + ')} = ${texEntry(h.total)}$.`,
  );
  const g = greedy(c);
  if (totalOf(c, g).cmp(h.total) > 0) {
    lines.push(
      zh
        ? `注意：让每个目标依次选最便宜的空闲查询（贪心）会得到 $[${g.map((j) => j + 1).join(', ')}]$，总代价 $${texEntry(totalOf(c, g))}$，不是最优。`
        : `Note: letting each object in turn take its cheapest free query (greedy) gives $[${g.map((j) => j + 1).join(', ')}]$ with total $${texEntry(totalOf(c, g))}$ — not optimal.`,
    );
  }
  return lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
}

// ---------- diagnosis ----------

const NOTES: Readonly<Record<string, Bilingual>> = {
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
};

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const c = matrix(params);
  const m = c.length;
  const n = (c[0] as readonly Rational[]).length;
  const note = (code: string) => ({ note: code, message: NOTES[code] as Bilingual });
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
  const o = read.readObject(raw, ['cost', 'ask']);
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
  return { cost: rows, ask };
}

export const hungarianMatching = defineFamily<Params, Answer>({
  id: 'hungarian-matching',
  version: 1,
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
