/**
 * sparse-attention-cost — how many attention scores a sparse pattern computes, and what it saves.
 *
 * Tokens 1…n (query i, key j). Patterns (token level, no blocks):
 *   window:  i attends j ⇔ |i − j| ≤ w (itself included), clipped at the sequence ends.
 *            W(m, w) = m(2w + 1) − w(w + 1) for w ≤ m − 1, m² otherwise.
 *   global:  additionally the first g tokens are global: they attend to all n keys and every query
 *            attends to them. Each (query, key) pair counts once:
 *            C = g·n (global rows) + (n − g)·g (global columns of the other rows) + W(n − g, w).
 *   bigbird: window + global + each non-global query attends to exactly r extra random keys that
 *            its window and the global tokens do not already cover: C = 2gn − g² + W(n − g, w) + (n − g)r.
 * FLOPs of QKᵀ on the computed entries: 2d per entry (one length-d dot product); full attention
 * computes n² entries (2dn² FLOPs), so the ratio is C/n².
 *
 * Solve: the closed form, exactly (bigint, Rational).
 * Verify (independent): the boolean mask built entry by entry (random keys drawn with a seeded Rng
 * among the uncovered keys) and counted — at the given n when n² ≤ 2^16, otherwise on a
 * scaled-down instance (w, g shrunk, same r) against the same closed form, plus a row-by-row interval count at
 * the full n without materialising the mask.
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
  near,
  params as read,
  Rational,
  Rng,
  template,
  texInteger,
  texNumber,
  type AnswerPart,
  type GivenAnswer,
  type Level,
  type Solution,
  type StepLine,
  type Template,
  type TextValue,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Pattern = 'window' | 'global' | 'bigbird';
type Ask = 'count' | 'flops-ratio';
type Params = {
  readonly pattern: Pattern;
  readonly ask: Ask;
  readonly n: number;
  readonly w: number;
  readonly g?: number;
  readonly r?: number;
  readonly d?: number;
};
type Answer = {
  readonly count: number;
  readonly value?: number;
  readonly flops?: string;
  readonly ratio?: number;
  readonly exactRatio?: string;
};

const PATTERNS: readonly Pattern[] = ['window', 'global', 'bigbird'];
const ASKS: readonly Ask[] = ['count', 'flops-ratio'];
const MAX_N = 1_000_000;
const MAX_D = 16_384;
const MASK_LIMIT = 1 << 16;

/** Entries of a clipped ±w window over m tokens. */
function windowCount(m: bigint, w: bigint): bigint {
  if (m <= 0n) return 0n;
  if (w >= m - 1n) return m * m;
  return m * (2n * w + 1n) - w * (w + 1n);
}

interface Shape {
  readonly n: number;
  readonly w: number;
  readonly g: number;
  readonly r: number;
}
const shapeOf = (p: Params): Shape => ({ n: p.n, w: p.w, g: p.g ?? 0, r: p.r ?? 0 });

function closedForm(s: Shape): bigint {
  const n = BigInt(s.n);
  const g = BigInt(s.g);
  return 2n * g * n - g * g + windowCount(n - g, BigInt(s.w)) + (n - g) * BigInt(s.r);
}

function solve(params: Params): Solution<Answer> {
  const count = closedForm(shapeOf(params));
  if (params.ask === 'count') {
    return {
      answer: { count: Number(count), value: Number(count) },
      expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(Rational.of(count)) } } },
    };
  }
  const n = BigInt(params.n);
  const flops = 2n * BigInt(params.d as number) * count;
  const ratio = Rational.of(count, n * n);
  return {
    answer: { count: Number(count), flops: flops.toString(), ratio: ratio.toNumber(), exactRatio: ratio.toString() },
    expected: {
      kind: 'parts',
      parts: {
        flops: { kind: 'number', value: Expression.from(Rational.of(flops)) },
        ratio: { kind: 'number', value: Expression.from(ratio) },
      },
    },
  };
}

// ---------- verification ----------

/** Builds the n×n mask entry by entry and counts it; random keys come from a seeded stream. */
function maskCount(s: Shape, seed: number): number | string {
  const { n, w, g, r } = s;
  const mask = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (Math.abs(i - j) <= w || i < g || j < g) mask[i * n + j] = 1;
  }
  const rng = Rng.fromSeed(seed);
  for (let i = g; i < n && r > 0; i++) {
    const free: number[] = [];
    for (let j = 0; j < n; j++) if (mask[i * n + j] === 0) free.push(j);
    if (free.length < r) return `row ${i} has only ${free.length} uncovered keys for r = ${r}`;
    for (const j of rng.shuffle(free).slice(0, r)) mask[i * n + j] = 1;
  }
  let count = 0;
  for (let k = 0; k < mask.length; k++) count += mask[k] as number;
  return count;
}

/** Row by row without a mask: |window interval ∪ global prefix| (+ r for non-global rows). */
function rowCount(s: Shape): bigint | string {
  const { n, w, g, r } = s;
  let total = 0n;
  for (let i = 0; i < n; i++) {
    if (i < g) {
      total += BigInt(n);
      continue;
    }
    const lo = Math.max(0, i - w);
    const hi = Math.min(n - 1, i + w);
    // union of [0, g − 1] and [lo, hi]
    const covered = lo <= g ? Math.max(hi, g - 1) + 1 : g + (hi - lo + 1);
    if (n - covered < r) return `row ${i} has only ${n - covered} uncovered keys for r = ${r}`;
    total += BigInt(covered + r);
  }
  return total;
}

/**
 * A smaller instance of the same pattern for the mask check of the closed form: w and g shrunk
 * (keeping their residues mod 8, so odd/even cases stay), the same r, and n with both clipped
 * ends, unclipped rows in between and room for the random keys.
 */
function scaledDown(s: Shape): Shape {
  const w = s.w <= 24 ? s.w : 16 + (s.w % 8);
  const g = s.g <= 8 ? s.g : 4 + (s.g % 4);
  return { n: Math.min(s.n, 2 * w + g + s.r + 40), w, g, r: s.r };
}

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, params.ask === 'flops-ratio' ? { flops: a.flops, ratio: a.exactRatio } : { value: a.count });
  if (graded) return gradedFailure(graded);
  const s = shapeOf(params);
  const method = 'boolean mask built and counted (scaled-down when large) + row-by-row interval count';
  const claimed = BigInt(solution.answer.count);
  const rows = rowCount(s);
  if (typeof rows === 'string') return { ok: false, method, detail: rows };
  if (rows !== claimed) return { ok: false, method, detail: `row count ${rows}, claimed ${claimed}` };
  const small = s.n * s.n <= MASK_LIMIT ? s : scaledDown(s);
  if (small.n * small.n > 4 * MASK_LIMIT) return { ok: false, method, detail: `scaled-down n = ${small.n} still too large` };
  const counted = maskCount(small, s.n * 7919 + s.w);
  if (typeof counted === 'string') return { ok: false, method, detail: counted };
  const target = small === s ? claimed : closedForm(small);
  if (BigInt(counted) !== target) return { ok: false, method, detail: `mask (n = ${small.n}) counts ${counted}, formula ${target}` };
  if (params.ask === 'flops-ratio') {
    const d = BigInt(params.d as number);
    const n = BigInt(params.n);
    if (solution.answer.flops !== (2n * d * rows).toString()) return { ok: false, method, detail: `flops ${String(solution.answer.flops)}` };
    const ratio = Rational.of(2n * d * rows, 2n * d * n * n);
    if (solution.answer.exactRatio !== ratio.toString()) return { ok: false, method, detail: `ratio ${ratio.toString()}` };
  }
  return { ok: true, method };
}

// ---------- generation ----------

function generate(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    const w = rng.int(1, 4);
    const n = rng.int(Math.max(2 * w + 2, 6), 40);
    return { pattern: 'window', ask: 'count', n, w };
  }
  if (level === 'medium') {
    const w = rng.pick([1, 2, 3, 4, 8, 16]);
    const g = rng.int(1, 4);
    const n = rng.chance(0.5) ? rng.pick([32, 64, 128, 256]) : rng.int(2 * w + g + 4, 200);
    return { pattern: 'global', ask: 'count', n, w, g };
  }
  const n = rng.pick([512, 1024, 2048, 4096, 8192, 16_384]);
  const w = rng.pick([16, 32, 64, 128, 256].filter((x) => 8 * x <= n));
  const g = rng.pick([1, 2, 4, 8, 16]);
  const r = rng.int(0, 4);
  const d = rng.pick([32, 64, 128]);
  return { pattern: 'bigbird', ask: 'flops-ratio', n, w, g, r, d };
}

// ---------- text ----------

const CONVENTIONS = {
  window: template(
    'A sequence of length $n = {{n}}$ has positions $1, \\dots, {{n}}$. **Local window**: query $i$ computes a score with key $j$ exactly when $|i - j| \\le w$, with $w = {{w}}$ (including $j = i$ itself); at both ends the window is clipped, it does not wrap around.',
    '长度 $n = {{n}}$ 的序列，位置编号为 $1, \\dots, {{n}}$。**局部窗口**：查询 $i$ 对键 $j$ 计算注意力分数当且仅当 $|i - j| \\le w$，其中 $w = {{w}}$（包括 $j = i$ 本身）；在序列两端窗口被截断，不会绕回。',
  ),
  global: template(
    '**Global tokens**: the first $g = {{g}}$ positions are global — as queries they score all ${{n}}$ keys, and every query scores them. A (query, key) pair covered by several rules is computed once.',
    '**全局 token**：前 $g = {{g}}$ 个位置是全局的——它们作为查询对全部 ${{n}}$ 个键计算分数，而且每个查询都对它们计算分数。同一个（查询，键）对即使被多条规则覆盖，也只计算一次。',
  ),
  random: template(
    '**Random keys** (BigBird-like, per token rather than per block): each non-global query also scores exactly $r = {{r}}$ random keys, all distinct and not already covered by its window or the global tokens ($n$ is large enough for this to be possible).',
    '**随机键**（类似 BigBird，按 token 而非按块）：每个非全局查询再额外对恰好 $r = {{r}}$ 个随机键计算分数，这些键互不相同，且不在它的窗口或全局 token 之中（$n$ 足够大，总能选到）。',
  ),
};
const PROMPTS = {
  count: template(
    '{{conventions}}\n\nHow many entries of the ${{n}}\\times {{n}}$ score matrix does this sparse pattern compute (the number of ones in its mask)?',
    '{{conventions}}\n\n这个稀疏模式在 ${{n}}\\times {{n}}$ 的分数矩阵中一共计算多少个分数（掩码中为 1 的元素个数）？',
  ),
  'flops-ratio': template(
    '{{conventions}}\n\nOne attention head, $Q, K \\in \\mathbb{R}^{{{n}}\\times {{d}}}$. Count only the entries of $QK^{\\top}$ that are **actually computed**: each is a dot product of length $d = {{d}}$, i.e. $d$ multiply–adds $= 2d$ FLOPs (scaling, softmax and the product with $V$ are not counted).\n\n(1) `flops`: how many FLOPs does this pattern spend on the scores?\n\n(2) `ratio`: what is its ratio to full attention (all $n^{2}$ scores), $F_{\\text{sparse}}/F_{\\text{full}}$? Give an exact fraction `p/q` or a decimal with at least 4 significant digits.',
    '{{conventions}}\n\n单个注意力头，$Q, K \\in \\mathbb{R}^{{{n}}\\times {{d}}}$。只计 $QK^{\\top}$ 中**实际计算的**分数：每个分数是长度 $d = {{d}}$ 的点积，即 $d$ 次乘加 $= 2d$ FLOPs（缩放、softmax 和乘 $V$ 不计）。\n\n(1) `flops`：这个稀疏模式计算分数需要多少 FLOPs？\n\n(2) `ratio`：它与完整注意力（全部 $n^{2}$ 个分数）的 FLOPs 之比 $F_{\\text{sparse}}/F_{\\text{full}}$ 是多少？可写精确分数 `p/q` 或至少 4 位有效数字的小数。',
  ),
};

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const rules = [CONVENTIONS.window, params.pattern !== 'window' && CONVENTIONS.global, params.pattern === 'bigbird' && CONVENTIONS.random];
  const values = { n: params.n, w: params.w, g: params.g ?? '', r: params.r ?? '', d: params.d ?? '' };
  const conventions = rules.filter((rule): rule is Template => rule !== false).map((rule) => fill(rule, values, lang));
  return fill(PROMPTS[params.ask], { ...values, conventions: conventions.join('\n\n') }, lang);
}

const STEPS = {
  whole: template(
    'The window $w = {{w}} \\ge {{mTex}} - 1 = {{m1}}$, so it covers all ${{m}}^{2} = {{W}}$ pairs among these ${{m}}$ positions.',
    '窗口 $w = {{w}} \\ge {{mTex}} - 1 = {{m1}}$，所以窗口覆盖这 ${{m}}$ 个位置之间的全部 ${{m}}^{2} = {{W}}$ 个对。',
  ),
  clipped: template(
    '{{firstWindow}}Unclipped, each row has $2w + 1 = {{width}}$ keys: ${{m}}\\cdot {{width}} = {{unclipped}}$. The first and last $w$ rows are clipped and lose $w, w-1, \\dots, 1$ keys on each end, $2\\cdot\\tfrac{w(w+1)}{2} = {{lost}}$ in all. Window entries $W = {{unclipped}} - {{lost}} = {{W}}$.',
    '{{firstWindow}}不截断时每行有 $2w + 1 = {{width}}$ 个键，共 ${{m}}\\cdot {{width}} = {{unclipped}}$；两端各有 $w$ 行被截断，分别少 $w, w-1, \\dots, 1$ 个键，共少 $2\\cdot\\tfrac{w(w+1)}{2} = {{lost}}$。窗口元素数 $W = {{unclipped}} - {{lost}} = {{W}}$。',
  ),
  global: template(
    'Global rows: $g\\cdot n = {{g}}\\cdot {{n}} = {{gn}}$; global columns of the other ${{m}}$ rows: $(n-g)\\,g = {{mg}}$ (the $g^{2} = {{gg}}$ entries where global rows and columns meet are already in the global rows). Global part: $2gn - g^{2} = {{G}}$; window entries in a global row or column are already counted, so the window counts only among non-global positions.',
    '全局行：$g\\cdot n = {{g}}\\cdot {{n}} = {{gn}}$；其余 ${{m}}$ 行的全局列：$(n-g)\\,g = {{mg}}$（全局行与全局列相交的 $g^{2} = {{gg}}$ 个元素已在全局行中，不再重复）。全局部分共 $2gn - g^{2} = {{G}}$；窗口中落在全局行或列上的元素都已计入，所以窗口只在非全局位置之间计。',
  ),
  random: template('Random keys: each of the ${{m}}$ non-global rows gains $r = {{r}}$ new keys, ${{mr}}$ in all.', '随机键：${{m}}$ 个非全局行各多 $r = {{r}}$ 个新键，共 ${{mr}}$。'),
  total: template('Total: $$C = {{G}} + {{W}}{{randomTerm}} = {{count}}.$$', '合计： $$C = {{G}} + {{W}}{{randomTerm}} = {{count}}.$$'),
  flops: template(
    'FLOPs: $2d\\cdot C = {{twoD}}\\cdot {{count}} = {{flops}}$; full attention needs $2d\\,n^{2} = {{full}}$.',
    'FLOPs：$2d\\cdot C = {{twoD}}\\cdot {{count}} = {{flops}}$；完整注意力 $2d\\,n^{2} = {{full}}$。',
  ),
  ratio: template(
    'Ratio: $$\\frac{F_{\\text{sparse}}}{F_{\\text{full}}} = \\frac{C}{n^{2}} = \\frac{{{count}}}{{{nn}}} = {{ratio}} \\approx {{ratioApprox}}.$$',
    '比值： $$\\frac{F_{\\text{sparse}}}{F_{\\text{full}}} = \\frac{C}{n^{2}} = \\frac{{{count}}}{{{nn}}} = {{ratio}} \\approx {{ratioApprox}}.$$',
  ),
};
const FIRST_WINDOW = template('First the window among the ${{m}}$ non-global positions. ', '先看 ${{m}}$ 个非全局位置之间的窗口。');

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const s = shapeOf(params);
  const { n, w, g, r } = s;
  const m = n - g;
  const W = windowCount(BigInt(m), BigInt(w));
  const values: Record<string, TextValue> = {
    n,
    w,
    g,
    r,
    m,
    m1: m - 1,
    mTex: g === 0 ? 'n' : 'n - g',
    W: texInteger(W),
    firstWindow: g === 0 ? '' : FIRST_WINDOW,
    width: 2 * w + 1,
    unclipped: texInteger(BigInt(m) * BigInt(2 * w + 1)),
    lost: texInteger(w * (w + 1)),
    gn: texInteger(g * n),
    mg: texInteger(m * g),
    gg: g * g,
    G: texInteger(2n * BigInt(g) * BigInt(n) - BigInt(g * g)),
    mr: texInteger(m * r),
    randomTerm: r > 0 ? ` + ${texInteger(m * r)}` : '',
    count: texInteger(solution.answer.count),
  };
  const lines: StepLine[] = [w >= m - 1 ? STEPS.whole : STEPS.clipped];
  if (g > 0) lines.push(STEPS.global, r > 0 && STEPS.random, STEPS.total);
  if (params.ask === 'flops-ratio') {
    const d = params.d as number;
    const ratio = Rational.parse(solution.answer.exactRatio as string) as Rational;
    Object.assign(values, {
      twoD: 2 * d,
      flops: texInteger(BigInt(solution.answer.flops as string)),
      full: texInteger(2n * BigInt(d) * BigInt(n) * BigInt(n)),
      nn: texInteger(BigInt(n) * BigInt(n)),
      ratio: ratio.toTex(),
      ratioApprox: texNumber(ratio.toNumber(), 6),
    });
    lines.push(STEPS.flops, STEPS.ratio);
  }
  return fillSteps(lines, values, lang);
}

// ---------- diagnosis ----------

const note = defineNotes({
  'no-edge-clipping': bi(
    'That assumes every row has 2w + 1 keys; the first and last w rows are clipped at the sequence ends.',
    '这假设每行都有 2w + 1 个键；前 w 行和后 w 行在序列两端被截断。',
  ),
  'missed-diagonal': bi('Each window includes the query itself: 2w + 1 keys per unclipped row, not 2w.', '窗口包括查询自身：未截断的行有 2w + 1 个键，而不是 2w。'),
  'double-counted-overlap': bi(
    'Some pairs were counted twice: global rows and columns overlap in g² entries, and the window overlaps the global rows and columns.',
    '有些对被重复计算了：全局行与全局列在 g² 个元素处重叠，窗口也与全局行、列重叠。',
  ),
  'missing-random': bi('Each non-global row also has r random keys; add (n − g)·r.', '每个非全局行还有 r 个随机键；要加上 (n − g)·r。'),
  'multiply-add-is-2-flops': bi('One score is d multiply–adds = 2d FLOPs, not d.', '一个分数是 d 次乘加 = 2d FLOPs，而不是 d。'),
  'full-attention': bi('That is the cost of full attention (all n² scores); count only the computed entries.', '这是完整注意力（全部 n² 个分数）的开销；只计实际计算的元素。'),
  'ratio-inverted': bi('That is F_full/F_sparse; the question asks for F_sparse/F_full.', '这是 F_full/F_sparse；题目要的是 F_sparse/F_full。'),
  'sparsity-vs-density': bi('That is the fraction skipped (1 − C/n²); the ratio is the fraction computed, C/n².', '这是被跳过的比例（1 − C/n²）；所求比值是计算的比例 C/n²。'),
});

/** Counts a learner could reach by a recognisable slip, with their note. */
function wrongCounts(s: Shape): [bigint, Parameters<typeof note>[0]][] {
  const n = BigInt(s.n);
  const w = BigInt(s.w);
  const g = BigInt(s.g);
  const r = BigInt(s.r);
  const out: [bigint, Parameters<typeof note>[0]][] = [];
  const rand = (n - g) * r;
  const right = closedForm(s);
  out.push([(n - g) * (2n * w + 1n) + 2n * g * n - g * g + rand, 'no-edge-clipping']);
  if (w < n - g - 1n) out.push([(n - g) * 2n * w - w * (w + 1n) + 2n * g * n - g * g + rand, 'missed-diagonal']);
  if (g > 0n) {
    out.push([windowCount(n, w) + 2n * g * n - g * g + rand, 'double-counted-overlap']);
    out.push([windowCount(n, w) + 2n * g * n + rand, 'double-counted-overlap']);
    out.push([windowCount(n - g, w) + 2n * g * n + rand, 'double-counted-overlap']);
  }
  if (r > 0n) out.push([right - rand, 'missing-random']);
  return out.filter(([c]) => c !== right);
}

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const num = (name: string) => {
    const part = given.parts[name];
    return part?.kind === 'number' ? part.approx : undefined;
  };
  const s = shapeOf(params);
  const wrong = wrongCounts(s);
  if (params.ask === 'count') {
    const g = num('value');
    if (g === undefined) return undefined;
    const hit = wrong.find(([c]) => Number(c) === g);
    return hit ? note(hit[1]) : undefined;
  }
  const d = params.d as number;
  const n = params.n;
  const count = solution.answer.count;
  const f = num('flops');
  if (f !== undefined && f !== 2 * d * count) {
    if (f === d * count) return note('multiply-add-is-2-flops');
    if (f === 2 * d * n * n || f === d * n * n) return note('full-attention');
    const hit = wrong.find(([c]) => Number(c) * 2 * d === f);
    if (hit) return note(hit[1]);
  }
  const q = num('ratio');
  const ratio = solution.answer.ratio as number;
  if (q !== undefined && !near(q, ratio, 1e-4)) {
    if (near(q, 1 / ratio, 1e-3)) return note('ratio-inverted');
    if (near(q, 1 - ratio, 1e-3)) return note('sparsity-vs-density');
    const hit = wrong.find(([c]) => near(q, Number(c) / (n * n), 1e-4));
    if (hit) return note(hit[1]);
  }
  return undefined;
}

// ---------- definition ----------

const FLOPS_PART: AnswerPart = { name: 'flops', kind: 'number', label: bi('FLOPs of the scores', '计算分数的 FLOPs'), tolerance: EXACT_ONLY };
const RATIO_PART: AnswerPart = { name: 'ratio', kind: 'number', label: bi('F_sparse / F_full', 'F_sparse / F_full') };
const COUNT_PART: AnswerPart = { name: 'value', kind: 'number', label: bi('computed entries', '计算的元素个数'), tolerance: EXACT_ONLY };

export const sparseAttentionCost = defineFamily<Params, Answer>({
  id: 'sparse-attention-cost',
  version: 1,
  article: 'efficient-transformers',
  title: bi('Cost of sparse attention patterns', '稀疏注意力模式的开销'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const o = read.readObject(raw, ['pattern', 'ask', 'n', 'w'], ['g', 'r', 'd']);
    const pattern = read.readEnum(o, 'pattern', PATTERNS);
    const ask = read.readEnum(o, 'ask', ASKS);
    const n = read.readInt(o, 'n', 2, MAX_N);
    const w = read.readInt(o, 'w', 0, n - 1);
    const want = (key: string, needed: boolean) => {
      if (needed !== Object.hasOwn(o, key)) {
        throw new InvalidParamsError(needed ? `missing param ${key} (required for pattern ${pattern}, ask ${ask})` : `${key} is not used for pattern ${pattern}, ask ${ask}`);
      }
    };
    want('g', pattern !== 'window');
    want('r', pattern === 'bigbird');
    want('d', ask === 'flops-ratio');
    const out: { -readonly [K in keyof Params]: Params[K] } = { pattern, ask, n, w };
    if (pattern !== 'window') out.g = read.readInt(o, 'g', 1, n - 1);
    if (pattern === 'bigbird') {
      const g = out.g as number;
      // Every non-global row covers at most 2w + 1 non-global keys plus the g global ones.
      const room = n - g - Math.min(2 * w + 1, n - g);
      // NOTE: verify's scaled-down mask has n ≈ 2w + g + r + 40 (w < 24, g < 8 after scaling): r ≤ 400 keeps it within 4·MASK_LIMIT.
      out.r = read.readInt(o, 'r', 0, Math.min(room, 400));
    }
    if (ask === 'flops-ratio') out.d = read.readInt(o, 'd', 1, MAX_D);
    // Row-by-row verification walks n rows: cap n·(work) via n alone.
    if (n > 200_000 && pattern !== 'window') throw new InvalidParamsError('n must be at most 200000 for this pattern');
    return out;
  },
  generate,
  prompt,
  answerSpec: (params) => ({ parts: params.ask === 'count' ? [COUNT_PART] : [FLOPS_PART, RATIO_PART], noneAllowed: false }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { pattern: 'window', ask: 'count', n: 10, w: 2 }, answer: '44', correct: true, comment: '10·5 − 2·3' },
    { params: { pattern: 'window', ask: 'count', n: 10, w: 2 }, answer: '50', correct: false, note: 'no-edge-clipping' },
    { params: { pattern: 'window', ask: 'count', n: 10, w: 2 }, answer: '34', correct: false, note: 'missed-diagonal' },
    { params: { pattern: 'window', ask: 'count', n: 3, w: 2 }, answer: '9', correct: true, comment: 'the window covers everything' },
    { params: { pattern: 'global', ask: 'count', n: 16, w: 1, g: 2 }, answer: '100', correct: true, comment: '2·2·16 − 4 + (14·3 − 2)' },
    { params: { pattern: 'global', ask: 'count', n: 16, w: 1, g: 2 }, answer: '106', correct: false, note: 'double-counted-overlap', comment: 'full window 46 + 60' },
    { params: { pattern: 'global', ask: 'count', n: 16, w: 1, g: 2 }, answer: '110', correct: false, note: 'double-counted-overlap' },
    {
      params: { pattern: 'bigbird', ask: 'flops-ratio', n: 1024, w: 64, g: 2, r: 3, d: 64 },
      answer: { flops: '17259008', ratio: '134836/1048576' },
      correct: true,
      comment: 'C = 4092 + (1022·129 − 4160) + 3066 = 134836',
    },
    {
      params: { pattern: 'bigbird', ask: 'flops-ratio', n: 1024, w: 64, g: 2, r: 3, d: 64 },
      answer: { flops: '8629504', ratio: '0.1286' },
      correct: false,
      note: 'multiply-add-is-2-flops',
    },
    {
      params: { pattern: 'bigbird', ask: 'flops-ratio', n: 1024, w: 64, g: 2, r: 3, d: 64 },
      answer: { flops: '17259008', ratio: '0.8714' },
      correct: false,
      note: 'sparsity-vs-density',
    },
    {
      params: { pattern: 'bigbird', ask: 'flops-ratio', n: 1024, w: 64, g: 2, r: 3, d: 64 },
      answer: { flops: '16866560', ratio: '0.1257' },
      correct: false,
      note: 'missing-random',
    },
    { params: { pattern: 'window', ask: 'count', n: 10, w: 2 }, answer: '1; drop table', correct: false, note: 'bad-character' },
    { params: { pattern: 'window', ask: 'count', n: 10, w: 2 }, answer: 'n*5', correct: false, note: 'unknown-symbol' },
  ],
});
