/**
 * latent-compression — what Stable Diffusion's autoencoder does to the size of an image.
 *
 * An RGB image H×W×3 goes through a VAE encoder with spatial downsampling factor f and c latent
 * channels: the latent is (H/f)×(W/f)×c, and the compression ratio (values in / values out) is
 *   (H·W·3) / ((H/f)(W/f)·c) = 3f²/c        (512×512×3 → 64×64×4: 48).
 * Tasks: the latent shape and ratio (easy); f and the ratio from the two shapes (medium); the bytes
 * of a batch of pixel tensors in float32 and of its latents in float16 (hard).
 *
 * Solve: the closed forms (3f²/c, f = H/h, bytes = B·values·bytes-per-value), in bigint.
 * Verify (independent): build both tensor shapes dimension by dimension (B×3×H×W and
 * B×c×(H/f)×(W/f), each division checked to be exact), count elements as products of the
 * dimensions, recover f by scanning candidates against both spatial sides, and add up the bytes
 * one batch item and one tensor at a time.
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
  template,
  texInteger,
  type AnswerPart,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type TextValue,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Task = 'shape' | 'factor' | 'memory';
type Params = {
  readonly task: Task;
  readonly H: number;
  readonly W: number;
  readonly f: number;
  readonly c: number;
  /** Images per batch (task `memory` only). */
  readonly batch?: number;
};
type Answer = {
  readonly latentShape: readonly number[];
  readonly ratio: number;
  readonly exactRatio: string;
  readonly f?: number;
  readonly latentBytes?: number;
  readonly pixelBytes?: number;
};

const TASKS: readonly Task[] = ['shape', 'factor', 'memory'];
const IMAGE_CHANNELS = 3;
/** float32 pixels, float16 latents. */
const PIXEL_BYTES = 4;
const LATENT_BYTES = 2;
const MAX_SIDE = 16_384;
const MAX_F = 64;
const MAX_C = 64;
const MAX_BATCH = 1024;

interface Sizes {
  readonly h: number;
  readonly w: number;
  readonly imageValues: bigint;
  readonly latentValues: bigint;
  readonly ratio: Rational;
}

function sizes(p: Params): Sizes {
  const h = p.H / p.f;
  const w = p.W / p.f;
  return {
    h,
    w,
    imageValues: BigInt(p.H) * BigInt(p.W) * BigInt(IMAGE_CHANNELS),
    latentValues: BigInt(h) * BigInt(w) * BigInt(p.c),
    // (H·W·3)/((H/f)(W/f)c) = 3f²/c
    ratio: Rational.of(BigInt(IMAGE_CHANNELS * p.f * p.f), BigInt(p.c)),
  };
}

function memory(p: Params): { latentBytes: bigint; pixelBytes: bigint } {
  const s = sizes(p);
  const batch = BigInt(p.batch ?? 1);
  return { latentBytes: batch * s.latentValues * BigInt(LATENT_BYTES), pixelBytes: batch * s.imageValues * BigInt(PIXEL_BYTES) };
}

function solve(p: Params): Solution<Answer> {
  const s = sizes(p);
  const base = { latentShape: [s.h, s.w, p.c], ratio: s.ratio.toNumber(), exactRatio: s.ratio.toString() };
  const ratioPart = { kind: 'number' as const, value: Expression.from(s.ratio) };
  switch (p.task) {
    case 'shape':
      return {
        answer: base,
        expected: { kind: 'parts', parts: { shape: { kind: 'vector', value: [s.h, s.w, p.c].map((x) => Expression.from(x)) }, ratio: ratioPart } },
      };
    case 'factor':
      return { answer: { ...base, f: p.f }, expected: { kind: 'parts', parts: { f: { kind: 'number', value: Expression.from(p.f) }, ratio: ratioPart } } };
    case 'memory': {
      const m = memory(p);
      return {
        answer: { ...base, latentBytes: Number(m.latentBytes), pixelBytes: Number(m.pixelBytes) },
        expected: {
          kind: 'parts',
          parts: {
            latentBytes: { kind: 'number', value: Expression.from(m.latentBytes) },
            pixelBytes: { kind: 'number', value: Expression.from(m.pixelBytes) },
          },
        },
      };
    }
  }
}

// ---------- verification ----------

/** Elements of a tensor shape, as a product of its dimensions. */
const elements = (shape: readonly number[]) => shape.reduce((n, d) => n * BigInt(d), 1n);

/** Exact integer division, or null. */
const divide = (a: number, b: number): number | null => (Number.isInteger(a / b) && (a / b) * b === a ? a / b : null);

function verify(p: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const o = answerOf(solution);
  const graded = gradedMismatch(solution, p.task === 'shape' ? { shape: o.latentShape, ratio: o.exactRatio } : p.task === 'factor' ? { f: o.f, ratio: o.exactRatio } : { latentBytes: o.latentBytes, pixelBytes: o.pixelBytes });
  if (graded) return gradedFailure(graded);
  const method = 'tensor shapes built dimension by dimension, elements counted, f recovered by scanning, bytes summed per item';
  const h = divide(p.H, p.f);
  const w = divide(p.W, p.f);
  if (h === null || w === null) return { ok: false, method, detail: `${p.H}×${p.W} is not divisible by f = ${p.f}` };
  const batch = p.batch ?? 1;
  const pixelShape = [batch, IMAGE_CHANNELS, p.H, p.W]; // NCHW, as PyTorch feeds the encoder
  const latentShape = [batch, p.c, h, w];
  const ratio = Rational.of(elements(pixelShape), elements(latentShape));
  const a = solution.answer;
  if (a.exactRatio !== ratio.toString()) return { ok: false, method, detail: `counted ratio ${ratio.toString()}` };
  if (a.latentShape.join() !== [h, w, p.c].join()) return { ok: false, method, detail: `latent ${h}×${w}×${p.c}` };
  if (p.task === 'factor') {
    let found = 0;
    for (let f = 1; f <= MAX_F && found === 0; f++) if (f * h === p.H && f * w === p.W) found = f;
    if (found !== a.f) return { ok: false, method, detail: `scanned f = ${found}` };
  }
  if (p.task === 'memory') {
    let latentBytes = 0n;
    let pixelBytes = 0n;
    for (let i = 0; i < batch; i++) {
      latentBytes += elements(latentShape.slice(1)) * BigInt(LATENT_BYTES);
      pixelBytes += elements(pixelShape.slice(1)) * BigInt(PIXEL_BYTES);
    }
    if (BigInt(a.latentBytes ?? -1) !== latentBytes || BigInt(a.pixelBytes ?? -1) !== pixelBytes) {
      return { ok: false, method, detail: `summed ${latentBytes} / ${pixelBytes} bytes` };
    }
  }
  return { ok: true, method };
}

// ---------- generation ----------

/** Autoencoders people meet: SD 1.x/2.x/XL (f8, c4), SD3/FLUX (f8, c16), LDM's f4 and f16 models, DC-AE's f32. */
const VAES: Readonly<Record<Level, readonly (readonly [number, number])[]>> = {
  easy: [[8, 4], [8, 4], [8, 4], [8, 16], [4, 3]],
  medium: [[4, 3], [4, 4], [8, 4], [8, 16], [16, 8], [16, 16], [32, 32]],
  hard: [[8, 4], [8, 4], [8, 16], [4, 3]],
};

function side(rng: Rng, f: number, lo: number, hi: number): number {
  // A multiple of 64 (and of f), as SD pipelines require.
  const step = Math.max(64, f);
  return step * rng.int(Math.ceil(lo / step), Math.floor(hi / step));
}

function generate(rng: Rng, level: Level): Params {
  const [f, c] = rng.pick(VAES[level]);
  const H = side(rng, f, 256, level === 'easy' ? 1024 : 1536);
  const W = rng.chance(level === 'easy' ? 0.6 : 0.3) ? H : side(rng, f, 256, level === 'easy' ? 1024 : 1536);
  switch (level) {
    case 'easy':
      return { task: 'shape', H, W, f, c };
    case 'medium':
      return { task: 'factor', H, W, f, c };
    case 'hard':
      return { task: 'memory', H, W, f, c, batch: rng.pick([1, 2, 4, 6, 8, 12, 16, 32]) };
  }
}

// ---------- text ----------

const RATIO_DEFINITION = bi(
  'the compression ratio is the number of values in the image divided by the number in the latent',
  '压缩比定义为图像的数值个数除以潜变量的数值个数',
);
const PROMPTS = {
  shape: template(
    'Stable Diffusion first compresses an image into a latent space with a VAE encoder and runs diffusion there. A {{image}} image (height × width × RGB channels) goes through an encoder with downsampling factor $f = {{f}}$ and $c = {{c}}$ latent channels.\n\nGive the latent shape as the vector `[height, width, channels]` and the compression ratio ({{ratioDefinition}}).',
    'Stable Diffusion 先用 VAE 编码器把图像压到潜空间，再在潜空间里做扩散。一张 {{image}}（高 × 宽 × RGB 通道）的图像经过下采样因子 $f = {{f}}$、潜变量通道数 $c = {{c}}$ 的编码器。\n\n求潜变量的形状（按 `[高, 宽, 通道]` 写成向量）和压缩比（{{ratioDefinition}}）。',
  ),
  factor: template(
    'The VAE encoder of a latent diffusion model turns a {{image}} RGB image into a ${{h}}\\times {{w}}\\times {{c}}$ latent (height × width × channels), shrinking height and width by the same factor $f$.\n\nFind the downsampling factor $f$ and the compression ratio ({{ratioDefinition}}).',
    '某个潜扩散模型的 VAE 编码器把 {{image}} 的 RGB 图像编码成 ${{h}}\\times {{w}}\\times {{c}}$（高 × 宽 × 通道）的潜变量，高和宽按同一个因子 $f$ 缩小。\n\n求下采样因子 $f$ 和压缩比（{{ratioDefinition}}）。',
  ),
  memory: template(
    'A batch of $B = {{b}}$ RGB images of size {{image}} is fed to a VAE encoder as a float32 tensor (4 bytes per value) of shape ${{b}}\\times 3\\times {{H}}\\times {{W}}$. The encoder downsamples by $f = {{f}}$ and has $c = {{c}}$ latent channels; the latents are stored in float16 (2 bytes per value).\n\nHow many bytes do the latent tensor and the pixel tensor take? Count the tensor values only (no metadata) and give exact integers (forms like `2^20` or `3*2^18` are fine).',
    '一批 $B = {{b}}$ 张 {{image}} 的 RGB 图像以 float32 张量（每个数 4 字节，形状 ${{b}}\\times 3\\times {{H}}\\times {{W}}$）送入 VAE 编码器；编码器的下采样因子 $f = {{f}}$，潜变量有 $c = {{c}}$ 个通道，以 float16（每个数 2 字节）保存。\n\n分别求潜变量张量和像素张量占多少字节（只计张量中的数值，不计元数据；给出精确整数，可写成 `2^20` 或 `3*2^18` 这样的形式）。',
  ),
};

function prompt(p: Params, lang: 'en' | 'zh'): string {
  const s = sizes(p);
  const values = { image: `$${p.H}\\times ${p.W}\\times 3$`, H: p.H, W: p.W, f: p.f, c: p.c, h: s.h, w: s.w, b: p.batch ?? 1, ratioDefinition: RATIO_DEFINITION };
  return fill(PROMPTS[p.task], values, lang);
}

const STEPS = {
  factor: template('Height and width shrink by the same factor: $f = {{ratios}} = {{f}}$.', '高和宽按同一因子缩小：$f = {{ratios}} = {{f}}$。'),
  shape: template(
    'Divide height and width by $f = {{f}}$: ${{H}}/{{f}} = {{h}}$, ${{W}}/{{f}} = {{w}}$; the channels become $c = {{c}}$, so the latent is ${{h}}\\times {{w}}\\times {{c}}$.',
    '高和宽各除以 $f = {{f}}$：${{H}}/{{f}} = {{h}}$，${{W}}/{{f}} = {{w}}$；通道数变成 $c = {{c}}$，所以潜变量是 ${{h}}\\times {{w}}\\times {{c}}$。',
  ),
  ratio: template('{{counts}}, so the compression ratio is {{ratio}}', '{{counts}}，所以压缩比为 {{ratio}}'),
  block: template(
    'Spatially, each ${{f}}\\times {{f}}$ block of pixels (${{blockValues}}$ values) becomes one latent position (${{c}}$ values).',
    '空间上每 ${{f}}\\times {{f}}$ 个像素（共 ${{blockValues}}$ 个数）变成潜变量的一个位置（${{c}}$ 个数）。',
  ),
  perImage: template('{{counts}} (per image).', '{{counts}}（每张图）。'),
  latentBytes: template('Latents (float16, 2 bytes): ${{b}}\\cdot {{latentValues}}\\cdot 2 = {{latentBytes}}$ bytes.', '潜变量（float16，2 字节）：${{b}}\\cdot {{latentValues}}\\cdot 2 = {{latentBytes}}$ 字节。'),
  pixelBytes: template('Pixels (float32, 4 bytes): ${{b}}\\cdot {{imageValues}}\\cdot 4 = {{pixelBytes}}$ bytes.', '像素（float32，4 字节）：${{b}}\\cdot {{imageValues}}\\cdot 4 = {{pixelBytes}}$ 字节。'),
  bytesRatio: template(
    'Their ratio ${{bytesRatio}}$ is the value ratio ${{valueRatio}}$ times the bytes-per-value ratio $4/2$.',
    '两者之比 ${{bytesRatio}}$ = 数值个数之比 ${{valueRatio}}$ × 每个数的字节比 $4/2$。',
  ),
};
const COUNTS = template(
  'The image holds ${{H}}\\cdot {{W}}\\cdot 3 = {{imageValues}}$ values and the latent ${{h}}\\cdot {{w}}\\cdot {{c}} = {{latentValues}}$',
  '图像有 ${{H}}\\cdot {{W}}\\cdot 3 = {{imageValues}}$ 个数，潜变量有 ${{h}}\\cdot {{w}}\\cdot {{c}} = {{latentValues}}$ 个数',
);

function steps(p: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const s = sizes(p);
  const values: Record<string, TextValue> = {
    H: p.H,
    W: p.W,
    f: p.f,
    c: p.c,
    h: s.h,
    w: s.w,
    ratios: p.H === p.W ? `${p.H}/${s.h}` : `${p.H}/${s.h} = ${p.W}/${s.w}`,
    counts: COUNTS,
    imageValues: texInteger(s.imageValues),
    latentValues: texInteger(s.latentValues),
    ratio: `$$\\frac{${texInteger(s.imageValues)}}{${texInteger(s.latentValues)}} = \\frac{3f^{2}}{c} = \\frac{3\\cdot ${p.f}^{2}}{${p.c}} = ${s.ratio.toTex()}.$$`,
    blockValues: 3 * p.f * p.f,
  };
  const first = p.task === 'factor' ? STEPS.factor : STEPS.shape;
  if (p.task !== 'memory') return fillSteps([first, STEPS.ratio, STEPS.block], values, lang);
  const m = memory(p);
  Object.assign(values, {
    b: p.batch ?? 1,
    latentBytes: texInteger(m.latentBytes),
    pixelBytes: texInteger(m.pixelBytes),
    bytesRatio: Rational.of(m.pixelBytes, m.latentBytes).toTex(),
    valueRatio: s.ratio.toTex(),
  });
  return fillSteps([first, STEPS.perImage, STEPS.latentBytes, STEPS.pixelBytes, STEPS.bytesRatio], values, lang);
}

// ---------- diagnosis ----------

const note = defineNotes({
  'ratio-inverted': bi('That is latent ÷ image; the ratio asked is image values ÷ latent values (greater than 1).', '这是潜变量 ÷ 图像；题目要的是图像数值个数 ÷ 潜变量数值个数（大于 1）。'),
  'channels-ignored': bi('Count the channels too: 3 in the image, c in the latent. Only the spatial positions were compared.', '通道也要算上：图像 3 个，潜变量 c 个。这里只比较了空间位置数。'),
  'linear-factor': bi('f shrinks both height and width, so the number of positions drops by f², not f.', 'f 同时缩小高和宽，所以位置数减少 f² 倍，而不是 f 倍。'),
  'channels-kept': bi('The encoder replaces the 3 RGB channels by c latent channels.', '编码器把 3 个 RGB 通道换成 c 个潜变量通道。'),
  'f-squared': bi('f is the factor per side (height or width), not per area: f = H/h.', 'f 是每条边（高或宽）的缩小倍数，不是面积的倍数：f = H/h。'),
  'values-not-bytes': bi('That counts values; multiply by the bytes per value (2 for float16, 4 for float32).', '这是数值个数；还要乘以每个数的字节数（float16 为 2，float32 为 4）。'),
  'bits-not-bytes': bi('That is in bits; the question asks for bytes (8 bits each).', '这是比特数；题目要的是字节（1 字节 = 8 比特）。'),
  'batch-ignored': bi('That is for one image; the batch has B images.', '这是一张图的大小；这一批有 B 张图。'),
  'precision-swapped': bi('The pixels are float32 (4 bytes per value) and the latents float16 (2 bytes).', '像素是 float32（每个数 4 字节），潜变量是 float16（2 字节）。'),
});

function diagnose(p: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const s = sizes(p);
  const number = (name: string) => {
    const part = given.parts[name];
    return part?.kind === 'number' ? part.approx : undefined;
  };
  const is = (x: number | undefined, target: number, truth: number) => x !== undefined && near(x, target, 1e-6) && !near(target, truth, 1e-12);
  const shape = given.parts.shape;
  if (shape?.kind === 'vector') {
    const [gh, gw, gc] = shape.approx as [number, number, number];
    const right = gh === s.h && gw === s.w && gc === p.c;
    if (!right && gh === s.h && gw === s.w && gc === IMAGE_CHANNELS) return note('channels-kept');
  }
  const f = number('f');
  if (f !== undefined && f !== p.f) return is(f, p.f * p.f, p.f) ? note('f-squared') : undefined;
  const ratio = number('ratio');
  const r = s.ratio.toNumber();
  if (ratio !== undefined && !near(ratio, r, 1e-12)) {
    if (is(ratio, 1 / r, r)) return note('ratio-inverted');
    if (is(ratio, p.f * p.f, r)) return note('channels-ignored');
    if (is(ratio, (3 * p.f) / p.c, r)) return note('linear-factor');
    return undefined;
  }
  const lb = number('latentBytes');
  const pb = number('pixelBytes');
  const want = { latent: solution.answer.latentBytes ?? 0, pixel: solution.answer.pixelBytes ?? 0 };
  const b = p.batch ?? 1;
  const checks: Array<[number | undefined, number, number, number]> = [
    [lb, want.latent, LATENT_BYTES, PIXEL_BYTES],
    [pb, want.pixel, PIXEL_BYTES, LATENT_BYTES],
  ];
  for (const [g, truth, bytes, other] of checks) {
    if (g === undefined || near(g, truth, 1e-12)) continue;
    if (is(g, truth / bytes, truth)) return note('values-not-bytes');
    if (is(g, truth * 8, truth)) return note('bits-not-bytes');
    if (is(g, truth / b, truth)) return note('batch-ignored');
    if (is(g, (truth / bytes) * other, truth)) return note('precision-swapped');
  }
  return undefined;
}

// ---------- params ----------

function parseParams(raw: unknown): Params {
  const o = read.readObject(raw, ['task', 'H', 'W', 'f', 'c'], ['batch']);
  const task = read.readEnum(o, 'task', TASKS);
  const H = read.readInt(o, 'H', 1, MAX_SIDE);
  const W = read.readInt(o, 'W', 1, MAX_SIDE);
  const f = read.readInt(o, 'f', 1, MAX_F);
  const c = read.readInt(o, 'c', 1, MAX_C);
  if (H % f !== 0 || W % f !== 0) throw new InvalidParamsError(`H and W must be multiples of f = ${f}`);
  if (task === 'memory') return { task, H, W, f, c, batch: read.readInt(o, 'batch', 1, MAX_BATCH) };
  if (Object.hasOwn(o, 'batch')) throw new InvalidParamsError(`batch is not used by task ${task}`);
  return { task, H, W, f, c };
}

function answerSpec(p: Params) {
  const ratio: AnswerPart = { name: 'ratio', kind: 'number', label: bi('compression ratio', '压缩比') };
  const parts: AnswerPart[] =
    p.task === 'shape'
      ? [{ name: 'shape', kind: 'vector', length: 3, label: bi('latent shape [h, w, c]', '潜变量形状 [高, 宽, 通道]'), tolerance: EXACT_ONLY }, ratio]
      : p.task === 'factor'
        ? [{ name: 'f', kind: 'number', label: bi('downsampling factor f', '下采样因子 f'), tolerance: EXACT_ONLY }, ratio]
        : [
            { name: 'latentBytes', kind: 'number', label: bi('latent tensor (bytes)', '潜变量张量（字节）'), tolerance: EXACT_ONLY },
            { name: 'pixelBytes', kind: 'number', label: bi('pixel tensor (bytes)', '像素张量（字节）'), tolerance: EXACT_ONLY },
          ];
  return { parts, noneAllowed: false };
}

export const latentCompression = defineFamily<Params, Answer>({
  id: 'latent-compression',
  version: 1,
  article: 'stable-diffusion',
  title: bi('Latent shapes and compression', '潜变量的形状与压缩比'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec,
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { task: 'shape', H: 512, W: 512, f: 8, c: 4 }, answer: { shape: '[64, 64, 4]', ratio: '48' }, correct: true },
    { params: { task: 'shape', H: 512, W: 512, f: 8, c: 4 }, answer: { shape: '[64, 64, 4]', ratio: '1/48' }, correct: false, note: 'ratio-inverted' },
    { params: { task: 'shape', H: 512, W: 512, f: 8, c: 4 }, answer: { shape: '[64, 64, 4]', ratio: '64' }, correct: false, note: 'channels-ignored' },
    { params: { task: 'shape', H: 512, W: 512, f: 8, c: 4 }, answer: { shape: '[64, 64, 3]', ratio: '64' }, correct: false, note: 'channels-kept' },
    { params: { task: 'shape', H: 512, W: 512, f: 8, c: 4 }, answer: { shape: '[64, 64]', ratio: '48' }, correct: false, note: 'wrong-shape' },
    { params: { task: 'shape', H: 768, W: 512, f: 8, c: 16 }, answer: { shape: '[96, 64, 16]', ratio: '12' }, correct: true, comment: 'SD3-style 16-channel latent' },
    { params: { task: 'factor', H: 1024, W: 768, f: 4, c: 3 }, answer: { f: '4', ratio: '16' }, correct: true },
    { params: { task: 'factor', H: 1024, W: 768, f: 4, c: 3 }, answer: { f: '16', ratio: '16' }, correct: false, note: 'f-squared' },
    { params: { task: 'factor', H: 1024, W: 768, f: 4, c: 3 }, answer: { f: '4', ratio: '4' }, correct: false, note: 'linear-factor' },
    { params: { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 3 }, answer: { latentBytes: '98304', pixelBytes: '9437184' }, correct: true },
    { params: { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 3 }, answer: { latentBytes: '3*2^15', pixelBytes: '3*3*512^2*4' }, correct: true },
    { params: { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 3 }, answer: { latentBytes: '49152', pixelBytes: '9437184' }, correct: false, note: 'values-not-bytes' },
    { params: { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 3 }, answer: { latentBytes: '98304', pixelBytes: '3145728' }, correct: false, note: 'batch-ignored' },
    { params: { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 3 }, answer: { latentBytes: '98304', pixelBytes: '4718592' }, correct: false, note: 'precision-swapped' },
    { params: { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 3 }, answer: { latentBytes: '98304', pixelBytes: '9.437e6' }, correct: false, note: 'imprecise', comment: 'byte counts are exact' },
    { params: { task: 'shape', H: 512, W: 512, f: 8, c: 4 }, answer: { shape: '[64, 64, 4]', ratio: '48 GB' }, correct: false, note: 'unknown-symbol' },
    { params: { task: 'shape', H: 512, W: 512, f: 8, c: 4 }, answer: { shape: '[64; 64; 4]', ratio: '48' }, correct: false, note: 'bad-character' },
  ],
});
