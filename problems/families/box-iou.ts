/**
 * box-iou — IoU and GIoU of two axis-aligned boxes, as in DETR's box loss.
 *
 *   IoU  = |A ∩ B| / |A ∪ B|,   |A ∪ B| = |A| + |B| − |A ∩ B|
 *   GIoU = IoU − |C \ (A ∪ B)| / |C|,  C the smallest axis-aligned box enclosing A and B.
 * Boxes come as corners (x₁, y₁, x₂, y₂) or, as DETR predicts them, centre and size (c_x, c_y, w, h).
 *
 * Solve (exact over ℚ): overlap widths clamped at 0, areas, union, enclosing box.
 * Verify (independent): rasterise both boxes on the integer grid (the half-integer grid for
 * centre format) and count unit cells inside A, B, both, either and the enclosing box — cell by
 * cell when the enclosing box is small, column by column otherwise.
 */
import {
  bi,
  defineFamily,
  defineNotes,
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
  type ExpectedPart,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch, sub } from './graded';

type Format = 'corners' | 'center';
type Ask = 'iou' | 'both';
type Box4 = readonly [number, number, number, number];
type Params = { readonly format: Format; readonly a: Box4; readonly b: Box4; readonly ask: Ask };
type Answer = {
  readonly iou: number;
  readonly giou?: number;
  readonly exact: { readonly iou: string; readonly giou?: string };
};

const FORMATS: readonly Format[] = ['corners', 'center'];
const ASKS: readonly Ask[] = ['iou', 'both'];
const MAX_COORD = 10_000;
/** Largest enclosing box (in grid cells) rasterised cell by cell in `verify`. */
const CELL_BUDGET = 250_000;

/** Corners of a box as exact rationals. */
interface Corners {
  readonly x1: Rational;
  readonly y1: Rational;
  readonly x2: Rational;
  readonly y2: Rational;
}

const half = Rational.of(1n, 2n);
const R = (n: number) => Rational.from(n);
const min = (a: Rational, b: Rational) => (a.cmp(b) <= 0 ? a : b);
const max = (a: Rational, b: Rational) => (a.cmp(b) >= 0 ? a : b);

function corners(format: Format, box: Box4): Corners {
  const [p, q, r, s] = box;
  if (format === 'corners') return { x1: R(p), y1: R(q), x2: R(r), y2: R(s) };
  const w = R(r).mul(half);
  const h = R(s).mul(half);
  return { x1: R(p).sub(w), y1: R(q).sub(h), x2: R(p).add(w), y2: R(q).add(h) };
}

const area = (c: Corners) => c.x2.sub(c.x1).mul(c.y2.sub(c.y1));

interface Geometry {
  readonly A: Corners;
  readonly B: Corners;
  readonly areaA: Rational;
  readonly areaB: Rational;
  /** Overlap width and height before clamping at 0 (negative when the boxes are apart). */
  readonly rawW: Rational;
  readonly rawH: Rational;
  readonly inter: Rational;
  readonly union: Rational;
  readonly enclosing: Corners;
  readonly areaC: Rational;
  readonly iou: Rational;
  readonly giou: Rational;
}

const geometry = memoByParams((params: Params): Geometry => {
  const A = corners(params.format, params.a);
  const B = corners(params.format, params.b);
  const rawW = min(A.x2, B.x2).sub(max(A.x1, B.x1));
  const rawH = min(A.y2, B.y2).sub(max(A.y1, B.y1));
  const inter = max(rawW, Rational.zero).mul(max(rawH, Rational.zero));
  const areaA = area(A);
  const areaB = area(B);
  const union = areaA.add(areaB).sub(inter);
  const enclosing = { x1: min(A.x1, B.x1), y1: min(A.y1, B.y1), x2: max(A.x2, B.x2), y2: max(A.y2, B.y2) };
  const areaC = area(enclosing);
  const iou = inter.div(union);
  const giou = iou.sub(areaC.sub(union).div(areaC));
  return { A, B, areaA, areaB, rawW, rawH, inter, union, enclosing, areaC, iou, giou };
});

const solve = memoByParams((params: Params): Solution<Answer> => {
  const g = geometry(params);
  // A single-part answer is named `value` (engine convention); with GIoU the parts are iou and giou.
  const iou = { kind: 'number' as const, value: Expression.from(g.iou) };
  const parts: Readonly<Record<string, ExpectedPart>> =
    params.ask === 'both' ? { iou, giou: { kind: 'number', value: Expression.from(g.giou) } } : { value: iou };
  const answer: Answer =
    params.ask === 'both'
      ? { iou: g.iou.toNumber(), giou: g.giou.toNumber(), exact: { iou: g.iou.toString(), giou: g.giou.toString() } }
      : { iou: g.iou.toNumber(), exact: { iou: g.iou.toString() } };
  return { answer, expected: { kind: 'parts', parts } };
});

// ---------- verification: counting grid cells ----------

/** Integer grid corners: coordinates times `scale` (2 for centre format, so halves become whole). */
function gridBox(format: Format, box: Box4): [number, number, number, number] {
  const [p, q, r, s] = box;
  return format === 'corners' ? [p, q, r, s] : [2 * p - r, 2 * q - s, 2 * p + r, 2 * q + s];
}

interface Counts {
  a: number;
  b: number;
  both: number;
  either: number;
  enclosing: number;
}

function countCells(A: readonly number[], B: readonly number[]): Counts {
  const [ax1, ay1, ax2, ay2] = A as [number, number, number, number];
  const [bx1, by1, bx2, by2] = B as [number, number, number, number];
  const ex1 = Math.min(ax1, bx1);
  const ey1 = Math.min(ay1, by1);
  const ex2 = Math.max(ax2, bx2);
  const ey2 = Math.max(ay2, by2);
  const counts: Counts = { a: 0, b: 0, both: 0, either: 0, enclosing: 0 };
  const cells = (ex2 - ex1) * (ey2 - ey1);
  if (cells <= CELL_BUDGET) {
    // Unit cell [x, x+1]×[y, y+1] belongs to a box when its centre does.
    for (let x = ex1; x < ex2; x++) {
      const inAx = x >= ax1 && x < ax2;
      const inBx = x >= bx1 && x < bx2;
      for (let y = ey1; y < ey2; y++) {
        const inA = inAx && y >= ay1 && y < ay2;
        const inB = inBx && y >= by1 && y < by2;
        counts.enclosing++;
        if (inA) counts.a++;
        if (inB) counts.b++;
        if (inA && inB) counts.both++;
        if (inA || inB) counts.either++;
      }
    }
    return counts;
  }
  // Column by column: the cells of one column covered by each box form an interval of rows.
  const rows = (lo: number, hi: number) => Math.max(0, hi - lo);
  for (let x = ex1; x < ex2; x++) {
    const inAx = x >= ax1 && x < ax2;
    const inBx = x >= bx1 && x < bx2;
    const na = inAx ? rows(ay1, ay2) : 0;
    const nb = inBx ? rows(by1, by2) : 0;
    const nboth = inAx && inBx ? rows(Math.max(ay1, by1), Math.min(ay2, by2)) : 0;
    counts.a += na;
    counts.b += nb;
    counts.both += nboth;
    counts.either += na + nb - nboth;
    counts.enclosing += ey2 - ey1;
  }
  return counts;
}

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, params.ask === 'both' ? { iou: sub(a, 'exact').iou, giou: sub(a, 'exact').giou } : { value: sub(a, 'exact').iou });
  if (graded) return gradedFailure(graded);
  const scale = params.format === 'corners' ? 1 : 2;
  const cellArea = Rational.of(1n, BigInt(scale * scale));
  const c = countCells(gridBox(params.format, params.a), gridBox(params.format, params.b));
  const method = `counting ${scale === 1 ? 'unit' : 'half-unit'} grid cells of A, B, A∩B, A∪B and the enclosing box`;
  const g = geometry(params);
  const checks: Array<[string, Rational, Rational]> = [
    ['|A|', g.areaA, R(c.a).mul(cellArea)],
    ['|B|', g.areaB, R(c.b).mul(cellArea)],
    ['|A∩B|', g.inter, R(c.both).mul(cellArea)],
    ['|C|', g.areaC, R(c.enclosing).mul(cellArea)],
  ];
  for (const [what, closed, counted] of checks) {
    if (!closed.equals(counted)) return { ok: false, method, detail: `${what}: ${closed.toString()} vs ${counted.toString()} counted` };
  }
  const iou = R(c.both).div(R(c.either));
  const giou = iou.sub(R(c.enclosing - c.either).div(R(c.enclosing)));
  if (solution.answer.exact.iou !== iou.toString()) return { ok: false, method, detail: `IoU by counting ${iou.toString()}` };
  if (params.ask === 'both' && solution.answer.exact.giou !== giou.toString()) return { ok: false, method, detail: `GIoU by counting ${giou.toString()}` };
  return { ok: true, method };
}

// ---------- generation ----------

type Relation = 'overlap' | 'apart' | 'nested' | 'touching';

const LEVEL: Readonly<Record<Level, { format: Format; ask: Ask; span: number; size: [number, number]; relations: readonly Relation[] }>> = {
  easy: { format: 'corners', ask: 'iou', span: 12, size: [2, 8], relations: ['overlap'] },
  medium: { format: 'corners', ask: 'both', span: 20, size: [2, 10], relations: ['overlap', 'overlap', 'overlap', 'apart', 'nested', 'touching'] },
  hard: { format: 'center', ask: 'both', span: 40, size: [2, 24], relations: ['overlap', 'overlap', 'overlap', 'apart', 'nested'] },
};

/** Start of an interval of length `len` placed against [lo0, lo0 + len0) as asked. */
function placeInterval(rng: Rng, lo0: number, len0: number, len: number, relation: Relation): number {
  switch (relation) {
    case 'overlap':
      return rng.int(lo0 - len + 1, lo0 + len0 - 1);
    case 'nested':
      return rng.int(lo0, lo0 + len0 - len);
    case 'touching':
      return rng.chance(0.5) ? lo0 + len0 : lo0 - len;
    case 'apart':
      return rng.chance(0.5) ? lo0 + len0 + rng.int(1, 4) : lo0 - len - rng.int(1, 4);
  }
}

/** Centre of an interval of length `len` placed against one of length len0 centred at c0 (whole-number centres). */
function placeCentre(rng: Rng, c0: number, len0: number, len: number, relation: Relation): number {
  const sign = rng.chance(0.5) ? 1 : -1;
  switch (relation) {
    case 'overlap': // 2|c − c0| < len0 + len
      return c0 + sign * rng.int(0, Math.ceil((len0 + len) / 2) - 1);
    case 'nested': // 2|c − c0| ≤ len0 − len
      return c0 + sign * rng.int(0, Math.floor((len0 - len) / 2));
    case 'touching':
      if ((len0 + len) % 2 === 0) return c0 + (sign * (len0 + len)) / 2;
      return c0 + sign * (Math.floor((len0 + len) / 2) + 1);
    case 'apart':
      return c0 + sign * (Math.floor((len0 + len) / 2) + rng.int(1, 4));
  }
}

/** Relations along x and y that together give the boxes' relation. */
function axisRelations(rng: Rng, relation: Relation): [Relation, Relation] {
  if (relation === 'nested' || relation === 'overlap') return [relation, relation];
  const other: Relation = relation === 'apart' && rng.chance(0.3) ? 'apart' : 'overlap';
  return rng.chance(0.5) ? [relation, other] : [other, relation];
}

function generate(rng: Rng, level: Level): Params {
  const cfg = LEVEL[level];
  const relation = rng.pick(cfg.relations);
  const [lo, hi] = cfg.size;
  const [xRel, yRel] = axisRelations(rng, relation);
  for (;;) {
    const wa = rng.int(lo, hi);
    const ha = rng.int(lo, hi);
    // Nested: B fits inside A.
    const wb = relation === 'nested' ? rng.int(Math.min(lo, wa), wa) : rng.int(lo, hi);
    const hb = relation === 'nested' ? rng.int(Math.min(lo, ha), ha) : rng.int(lo, hi);
    let a: Box4;
    let b: Box4;
    if (cfg.format === 'corners') {
      const xa = rng.int(0, cfg.span - wa);
      const ya = rng.int(0, cfg.span - ha);
      const xb = placeInterval(rng, xa, wa, wb, xRel);
      const yb = placeInterval(rng, ya, ha, hb, yRel);
      a = [xa, ya, xa + wa, ya + ha];
      b = [xb, yb, xb + wb, yb + hb];
    } else {
      const cx = rng.int(hi, cfg.span + hi);
      const cy = rng.int(hi, cfg.span + hi);
      a = [cx, cy, wa, ha];
      b = [placeCentre(rng, cx, wa, wb, xRel), placeCentre(rng, cy, ha, hb, yRel), wb, hb];
    }
    if (a.every((v, i) => v === b[i])) continue;
    return rng.chance(0.5) ? { format: cfg.format, a, b, ask: cfg.ask } : { format: cfg.format, a: b, b: a, ask: cfg.ask };
  }
}

// ---------- text ----------

const tuple = (box: Box4) => `(${box.join(', ')})`;

const PROMPT = template('{{format}}\n{{boxes}}\n{{ask}}\n\n{{form}}', '{{format}}\n{{boxes}}\n{{ask}}\n\n{{form}}');
const FORMAT_TEXT = {
  corners: bi(
    'Two axis-aligned boxes are given as $(x_1, y_1, x_2, y_2)$, the top-left and bottom-right corners ($x$ to the right, $y$ downwards, in pixels):',
    '两个与坐标轴平行的框以 $(x_1, y_1, x_2, y_2)$ 给出，即左上角与右下角的坐标（$x$ 向右、$y$ 向下，单位为像素）：',
  ),
  center: bi(
    'As DETR predicts them, two axis-aligned boxes are given as $(c_x, c_y, w, h)$: centre, width and height ($x$ to the right, $y$ downwards, in pixels; the box is $[c_x - w/2,\\ c_x + w/2] \\times [c_y - h/2,\\ c_y + h/2]$):',
    '与 DETR 的预测格式一样，两个与坐标轴平行的框以 $(c_x, c_y, w, h)$ 给出，即中心坐标与宽、高（$x$ 向右、$y$ 向下，单位为像素；框为 $[c_x - w/2,\\ c_x + w/2] \\times [c_y - h/2,\\ c_y + h/2]$）：',
  ),
};
const ASK_TEXT = {
  iou: template('Compute the intersection over union {{iouDef}} ($|\\cdot|$ is area).', '求交并比 {{iouDef}}（$|\\cdot|$ 表示面积）。'),
  both: template(
    'Compute the intersection over union {{iouDef}} and the generalised IoU {{giouDef}}, where $C$ is the smallest axis-aligned box containing both $A$ and $B$ ($|\\cdot|$ is area).',
    '求交并比 {{iouDef}} 和广义交并比 {{giouDef}}，其中 $C$ 是同时包含 $A$ 与 $B$ 的最小轴对齐框（$|\\cdot|$ 表示面积）。',
  ),
};
const FORM = bi('Give exact fractions (such as `7/25`) or decimals with at least 4 significant digits.', '请给出精确分数（如 `7/25`），或至少 4 位有效数字的小数。');

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const values = {
    format: FORMAT_TEXT[params.format],
    boxes: `$$A = ${tuple(params.a)},\\qquad B = ${tuple(params.b)}.$$`,
    ask: ASK_TEXT[params.ask],
    iouDef: '$\\mathrm{IoU} = \\dfrac{|A \\cap B|}{|A \\cup B|}$',
    giouDef: '$\\mathrm{GIoU} = \\mathrm{IoU} - \\dfrac{|C \\setminus (A \\cup B)|}{|C|}$',
    form: FORM,
  };
  return fill(PROMPT, values, lang);
}

const texR = (q: Rational) => q.toTex();

/** `= 0.45` when the fraction is a short decimal, `\approx 0.09489` otherwise. */
function decimalTex(q: Rational): string {
  const x = q.toNumber();
  const text = texNumber(x, 4);
  return Rational.parseDecimal(text)?.equals(q) ? `= ${text}` : `\\approx ${text}`;
}

/** a/b = (a/b in lowest terms), without repeating an already reduced fraction. */
function ratioTex(a: Rational, b: Rational, value: Rational): string {
  const raw = `\\frac{${texR(a)}}{${texR(b)}}`;
  const reduced = texR(value);
  return raw === reduced ? raw : `${raw} = ${reduced}`;
}
const texCorners = (c: Corners) => `[${texR(c.x1)}, ${texR(c.x2)}] \\times [${texR(c.y1)}, ${texR(c.y2)}]`;

const STEPS = {
  corners: template(
    'Convert to corners: $x_1 = c_x - w/2$, $x_2 = c_x + w/2$ (and the same for $y$): $A = {{A}}$, $B = {{B}}$.',
    '换成角点坐标：$x_1 = c_x - w/2$，$x_2 = c_x + w/2$（$y$ 同理），得 $A = {{A}}$，$B = {{B}}$。',
  ),
  areas: template(
    'Areas: $|A| = {{wA}} \\times {{hA}} = {{areaA}}$, $|B| = {{wB}} \\times {{hB}} = {{areaB}}$.',
    '面积：$|A| = {{wA}} \\times {{hA}} = {{areaA}}$，$|B| = {{wB}} \\times {{hB}} = {{areaB}}$。',
  ),
  intersection: template(
    'Intersection width $= {{clampW}} = {{iw}}$, height $= {{clampH}} = {{ih}}$, so $|A \\cap B| = {{inter}}${{apart}}.',
    '交集的宽 $= {{clampW}} = {{iw}}$，高 $= {{clampH}} = {{ih}}$，所以 $|A \\cap B| = {{inter}}${{apart}}。',
  ),
  union: template(
    'Union $|A \\cup B| = |A| + |B| - |A \\cap B| = {{areaA}} + {{areaB}} - {{inter}} = {{union}}$ (the overlap is counted once).',
    '并集 $|A \\cup B| = |A| + |B| - |A \\cap B| = {{areaA}} + {{areaB}} - {{inter}} = {{union}}$（交集只能算一次）。',
  ),
  iou: '$$\\mathrm{IoU} = {{iouRatio}} {{iouDecimal}}.$$',
  enclosing: template(
    'The enclosing box is $C = {{C}}$ with $|C| = {{wC}} \\times {{hC}} = {{areaC}}$; the part of $C$ outside $A \\cup B$ has area ${{areaC}} - {{union}} = {{outside}}$.',
    '最小包围框 $C = {{C}}$，$|C| = {{wC}} \\times {{hC}} = {{areaC}}$；$C$ 中不属于 $A \\cup B$ 的面积为 ${{areaC}} - {{union}} = {{outside}}$。',
  ),
  giou: template('$$\\mathrm{GIoU} = {{iou}} - \\frac{{{outside}}}{{{areaC}}} = {{giou}} {{giouDecimal}}.$${{negative}}', '$$\\mathrm{GIoU} = {{iou}} - \\frac{{{outside}}}{{{areaC}}} = {{giou}} {{giouDecimal}}.$${{negative}}'),
};
const APART = bi(' (the boxes do not overlap: a negative width or height is clamped to 0)', '（两框不重叠，宽或高要截断为 0）');
const NEGATIVE_GIOU = bi('\n   For boxes apart GIoU is negative, approaching $-1$ as they move further apart.', '\n   两框相离时 GIoU 为负，框越远越接近 $-1$。');

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const g = geometry(params);
  const E = g.enclosing;
  const values = {
    A: texCorners(g.A),
    B: texCorners(g.B),
    wA: texR(g.A.x2.sub(g.A.x1)),
    hA: texR(g.A.y2.sub(g.A.y1)),
    wB: texR(g.B.x2.sub(g.B.x1)),
    hB: texR(g.B.y2.sub(g.B.y1)),
    areaA: texR(g.areaA),
    areaB: texR(g.areaB),
    clampW: `\\max(0,\\ \\min(${texR(g.A.x2)}, ${texR(g.B.x2)}) - \\max(${texR(g.A.x1)}, ${texR(g.B.x1)})) = \\max(0, ${texR(g.rawW)})`,
    clampH: `\\max(0,\\ \\min(${texR(g.A.y2)}, ${texR(g.B.y2)}) - \\max(${texR(g.A.y1)}, ${texR(g.B.y1)})) = \\max(0, ${texR(g.rawH)})`,
    iw: texR(max(g.rawW, Rational.zero)),
    ih: texR(max(g.rawH, Rational.zero)),
    inter: texR(g.inter),
    apart: g.inter.isZero() ? APART : '',
    union: texR(g.union),
    iouRatio: ratioTex(g.inter, g.union, g.iou),
    iouDecimal: decimalTex(g.iou),
    C: texCorners(E),
    wC: texR(E.x2.sub(E.x1)),
    hC: texR(E.y2.sub(E.y1)),
    areaC: texR(g.areaC),
    outside: texR(g.areaC.sub(g.union)),
    iou: texR(g.iou),
    giou: texR(g.giou),
    giouDecimal: decimalTex(g.giou),
    negative: g.inter.isZero() && g.giou.sign() < 0 ? NEGATIVE_GIOU : '',
  };
  const both = params.ask === 'both';
  return fillSteps([params.format === 'center' && STEPS.corners, STEPS.areas, STEPS.intersection, STEPS.union, STEPS.iou, both && STEPS.enclosing, both && STEPS.giou], values, lang);
}

// ---------- diagnosis ----------

const note = defineNotes({
  'union-not-subtracted': bi(
    'The union is |A| + |B| − |A∩B|: the overlap was counted twice.',
    '并集是 |A| + |B| − |A∩B|：交集部分被算了两次。',
  ),
  'intersection-not-clamped': bi(
    'The boxes do not overlap, so the intersection is 0: clamp a negative overlap width or height to 0 before multiplying.',
    '两框不相交，交集面积为 0：重叠的宽或高为负时要先截断为 0，再相乘。',
  ),
  'center-read-as-corners': bi(
    'The boxes are given as (cx, cy, w, h), not as corners: convert with x₁ = cx − w/2, x₂ = cx + w/2 first.',
    '框的格式是 (cx, cy, w, h)，不是角点：先用 x₁ = cx − w/2、x₂ = cx + w/2 换算。',
  ),
  'giou-sign': bi('GIoU subtracts the penalty |C \\ (A∪B)|/|C| from the IoU; it was added.', 'GIoU 是从 IoU 中减去 |C \\ (A∪B)|/|C|，这里加上了。'),
  'giou-area-sum': bi(
    'The penalty uses the union |A ∪ B|, not |A| + |B|: it is (|C| − |A∪B|)/|C|.',
    '惩罚项用的是并集 |A ∪ B|，不是 |A| + |B|：应为 (|C| − |A∪B|)/|C|。',
  ),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const g = geometry(params);
  const is = (x: number | undefined, target: number, truth: number) =>
    x !== undefined && Number.isFinite(target) && near(x, target, 2e-3) && !near(target, truth, 1e-9);
  const iouPart = given.parts.iou ?? given.parts.value;
  const gi = iouPart?.kind === 'number' ? iouPart.approx : undefined;
  const gg = given.parts.giou?.kind === 'number' ? given.parts.giou.approx : undefined;
  const iou = g.iou.toNumber();
  const inter = g.inter.toNumber();
  const sum = g.areaA.add(g.areaB).toNumber();
  const C = g.areaC.toNumber();
  const U = g.union.toNumber();
  if (gi !== undefined && !near(gi, iou, 1e-9)) {
    if (inter > 0 && is(gi, inter / sum, iou)) return note('union-not-subtracted');
    const raw = g.rawW.mul(g.rawH).toNumber();
    if (g.inter.isZero() && raw !== 0 && is(gi, raw / (sum - raw), iou)) return note('intersection-not-clamped');
    if (params.format === 'center') {
      const [p, q, r, s] = params.a;
      const [t, u, v, w] = params.b;
      if (p < r && q < s && t < v && u < w) {
        const asCorners = geometry({ format: 'corners', a: params.a, b: params.b, ask: 'iou' }).iou.toNumber();
        if (is(gi, asCorners, iou)) return note('center-read-as-corners');
      }
    }
    return undefined;
  }
  const giou = solution.answer.giou;
  if (gg !== undefined && giou !== undefined) {
    if (is(gg, iou + (C - U) / C, giou)) return note('giou-sign');
    if (is(gg, iou - (C - sum) / C, giou)) return note('giou-area-sum');
  }
  return undefined;
}

// ---------- params ----------

function readBox(o: Readonly<Record<string, unknown>>, key: string, format: Format): Box4 {
  const v = read.readVector(o, key, 4, 4, MAX_COORD);
  if (!v.every((x) => x.isInteger())) throw new InvalidParamsError(`${key} must have integer coordinates`);
  const box = v.map((x) => Number(x.num)) as unknown as Box4;
  if (format === 'corners' && !(box[0] < box[2] && box[1] < box[3])) throw new InvalidParamsError(`${key} must satisfy x1 < x2 and y1 < y2`);
  if (format === 'center' && !(box[2] > 0 && box[3] > 0)) throw new InvalidParamsError(`${key} must have positive width and height`);
  return box;
}

export const boxIou = defineFamily<Params, Answer>({
  id: 'box-iou',
  version: 1,
  article: 'detr',
  title: bi('IoU and GIoU of two boxes', '两个框的 IoU 与 GIoU'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const o = read.readObject(raw, ['format', 'a', 'b', 'ask']);
    const format = read.readEnum(o, 'format', FORMATS);
    return { format, a: readBox(o, 'a', format), b: readBox(o, 'b', format), ask: read.readEnum(o, 'ask', ASKS) };
  },
  generate,
  prompt,
  answerSpec: (params) => ({
    parts:
      params.ask === 'both'
        ? [
            { name: 'iou', kind: 'number', label: bi('IoU', 'IoU（交并比）') },
            { name: 'giou', kind: 'number', label: bi('GIoU', 'GIoU（广义交并比）') },
          ]
        : [{ name: 'value', kind: 'number', label: bi('IoU', 'IoU（交并比）') }],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'iou' }, answer: '1/7', correct: true },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'iou' }, answer: '0.1429', correct: true },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'iou' }, answer: '4/(16+16-4)', correct: true },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'iou' }, answer: '1/8', correct: false, note: 'union-not-subtracted' },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'iou' }, answer: '0.142', correct: false, note: 'imprecise' },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'both' }, answer: { iou: '1/7', giou: '1/7 - 8/36' }, correct: true },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'both' }, answer: { iou: '1/7', giou: '-5/63' }, correct: true },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'both' }, answer: { iou: '1/7', giou: '1/7 + 2/9' }, correct: false, note: 'giou-sign' },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'both' }, answer: { iou: '1/7', giou: '1/7 - 4/36' }, correct: false, note: 'giou-area-sum' },
    { params: { format: 'corners', a: [0, 0, 2, 2], b: [4, 4, 6, 6], ask: 'both' }, answer: { iou: '0', giou: '-7/9' }, correct: true, comment: 'apart: GIoU < 0' },
    { params: { format: 'corners', a: [0, 0, 2, 2], b: [4, 4, 6, 6], ask: 'both' }, answer: { iou: '4/4', giou: '-7/9' }, correct: false, note: 'intersection-not-clamped', comment: '(−2)·(−2) = 4 without clamping' },
    { params: { format: 'center', a: [3, 3, 4, 4], b: [5, 5, 4, 4], ask: 'both' }, answer: { iou: '1/7', giou: '-5/63' }, correct: true, comment: 'the same boxes as (cx, cy, w, h)' },
    { params: { format: 'center', a: [3, 3, 4, 4], b: [4, 4, 4, 4], ask: 'iou' }, answer: '9/23', correct: true, comment: 'half-integer corners' },
    { params: { format: 'center', a: [3, 3, 7, 7], b: [2, 2, 6, 6], ask: 'iou' }, answer: '9/23', correct: false, note: 'center-read-as-corners', comment: 'the right value is 121/219' },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'both' }, answer: '1/7', correct: false, note: 'missing-part' },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'iou' }, answer: 'x/7', correct: false, note: 'unknown-symbol' },
    { params: { format: 'corners', a: [0, 0, 4, 4], b: [2, 2, 6, 6], ask: 'iou' }, answer: '1/7; drop table', correct: false, note: 'bad-character' },
  ],
});
