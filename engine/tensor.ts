/**
 * Tensor routines shared by browser and server: FLOP counting from the shapes of actual matrix
 * products, a shape-only tracer for sizes too large to run, and a lazily loaded TensorFlow.js on
 * the pure-JS `cpu` backend (no native add-ons, same numbers in Node and the browser).
 *
 * A program is written once against `MatOps<T>` and run either on real tensors (`tfOps`) or on
 * shapes (`shapeOps`); `countFlops` wraps either and counts 2·m·k·n FLOPs per product (one
 * multiply-add = 2 FLOPs) from the shapes the backend actually produced.
 */
export type Shape2 = readonly [number, number];

/** The matrix operations a traced program may use. */
export interface MatOps<T> {
  /** op(a)·op(b), where op transposes when asked. */
  matMul(a: T, b: T, transposeA?: boolean, transposeB?: boolean): T;
  shape(t: T): Shape2;
}

export interface MatMulRecord {
  readonly a: Shape2;
  readonly b: Shape2;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly out: Shape2;
  /** 2·m·k·n for an (m×k)·(k×n) product. */
  readonly flops: bigint;
}

/**
 * FLOPs of an (m×k)·(k×n) product: m·n·k multiply-adds, 2 FLOPs each.
 *
 * @example
 * matMulFlops(4, 8, 4)  // 256n
 */
export function matMulFlops(m: number, k: number, n: number): bigint {
  return 2n * BigInt(m) * BigInt(k) * BigInt(n);
}

/** Shapes only: (m×k)·(k×n) → (m×n); throws on mismatched inner dimensions. */
export const shapeOps: MatOps<Shape2> = {
  matMul(a, b, transposeA = false, transposeB = false) {
    const [m, k] = transposeA ? [a[1], a[0]] : a;
    const [k2, n] = transposeB ? [b[1], b[0]] : b;
    if (k !== k2) throw new RangeError(`matMul shapes ${a.join('×')} and ${b.join('×')} do not match`);
    return [m, n];
  },
  shape: (t) => t,
};

/** Wraps a backend and records every product with its FLOPs, read from the actual shapes. */
export function countFlops<T>(inner: MatOps<T>): { readonly ops: MatOps<T>; readonly records: MatMulRecord[]; total(): bigint } {
  const records: MatMulRecord[] = [];
  const ops: MatOps<T> = {
    matMul(a, b, transposeA = false, transposeB = false) {
      const out = inner.matMul(a, b, transposeA, transposeB);
      const sa = inner.shape(a);
      const sb = inner.shape(b);
      const so = inner.shape(out);
      const k = transposeA ? sa[0] : sa[1];
      const kb = transposeB ? sb[1] : sb[0];
      if (k !== kb) throw new RangeError('inner dimensions differ');
      records.push({ a: sa, b: sb, transposeA, transposeB, out: so, flops: matMulFlops(so[0], k, so[1]) });
      return out;
    },
    shape: (t) => inner.shape(t),
  };
  return { ops, records, total: () => records.reduce((s, r) => s + r.flops, 0n) };
}

export type TensorFlow = typeof import('@tensorflow/tfjs');
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;

let loading: Promise<TensorFlow> | undefined;

/** TensorFlow.js on the `cpu` backend, imported on first use (it is large; the CLI never loads it). */
export function loadTensorFlow(): Promise<TensorFlow> {
  loading ??= import('@tensorflow/tfjs').then(async (tf) => {
    // NOTE: production mode skips debug checks and the "install tfjs-node" banner on stderr.
    tf.enableProdMode();
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  });
  return loading;
}

/** MatOps over real 2-D tensors. */
export function tfOps(tf: TensorFlow): MatOps<Tensor2D> {
  return {
    matMul: (a, b, transposeA = false, transposeB = false) => tf.matMul(a, b, transposeA, transposeB),
    shape: (t) => [t.shape[0], t.shape[1]],
  };
}
