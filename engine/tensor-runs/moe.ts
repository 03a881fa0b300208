/**
 * Top-k routing of `tokens` tokens over `experts` experts with i.i.d. N(0,1) router logits (no ties
 * within a token): each expert's load, the slots over capacity ⌈c·T·k/E⌉, and the mean softmax gate
 * probability per expert. Each load is Binomial(T, k/E): mean T·k/E, variance T·(k/E)(1 − k/E).
 *
 * Tolerances: sizes, loads, capacity and dropped slots exactly (top-k only compares); mean gate
 * probabilities within 1e-5 absolute.
 */
import type { Seed } from '../rng';
import type { TensorFlow } from '../tensor';
import { dataRng, distinctRowsData } from './data';
import { defineTensorProgram, figureComparison, figureReader } from './protocol';

type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;

export type MoeSetup = { readonly tokens: number; readonly experts: number; readonly k: number; readonly capacityFactor: number };

export interface MoeFigures {
  readonly kind: 'moe';
  readonly tokens: number;
  readonly experts: number;
  readonly k: number;
  /** ⌈capacityFactor · tokens · k / experts⌉ token slots per expert. */
  readonly capacity: number;
  /** Tokens routed to each expert by top-k of the router logits. */
  readonly loads: readonly number[];
  /** Σ max(0, load − capacity): routed slots an expert at capacity would drop. */
  readonly dropped: number;
  /** Mean softmax gate probability of each expert over the tokens. */
  readonly gateShare: readonly number[];
}

/**
 * Slots per expert: ⌈c·T·k/E⌉.
 *
 * @example
 * moeCapacity({ tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 })  // 320
 */
export function moeCapacity(setup: MoeSetup): number {
  return Math.ceil((setup.capacityFactor * setup.tokens * setup.k) / setup.experts - 1e-9);
}

/**
 * Routes the tokens.
 *
 * @example
 * runMoe(tf, { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, 7).loads  // 8 loads summing to 2048
 */
export function runMoe(tf: TensorFlow, setup: MoeSetup, seed: Seed): MoeFigures {
  const { tokens, experts, k } = setup;
  const logitsData = distinctRowsData(dataRng(seed, 'moe'), tokens, experts);
  const capacity = moeCapacity(setup);
  let loads: number[] = [];
  let gateShare: number[] = [];
  tf.tidy(() => {
    const logits = tf.tensor2d(logitsData, [tokens, experts]);
    const chosen = tf.topk(logits, k).indices.reshape([tokens * k]) as Tensor1D;
    loads = Array.from(tf.sum(tf.oneHot(chosen, experts), 0).dataSync());
    gateShare = Array.from(tf.mean(tf.softmax(logits as Tensor2D), 0).dataSync());
  });
  const dropped = loads.reduce((s, load) => s + Math.max(0, load - capacity), 0);
  return { kind: 'moe', tokens, experts, k, capacity, loads, dropped, gateShare };
}

/** The program. Cost: 4·tokens·experts. */
export const moeProgram = defineTensorProgram<MoeSetup, MoeFigures>({
  kind: 'moe',
  run: (tf, setup, seed) => runMoe(tf, setup, seed),
  cost: ({ tokens, experts }) => tokens * experts * 4,
  parseFigures(raw) {
    const r = figureReader(raw, 'moe', ['tokens', 'experts', 'k', 'capacity', 'loads', 'dropped', 'gateShare']);
    return {
      kind: 'moe',
      tokens: r.count('tokens'),
      experts: r.count('experts'),
      k: r.count('k'),
      capacity: r.count('capacity'),
      loads: r.list('loads', 256, r.countValue),
      dropped: r.count('dropped'),
      gateShare: r.list('gateShare', 256, (x, name) => r.finiteValue(x, name, 0, 1)),
    };
  },
  compare(server, reported) {
    const c = figureComparison();
    for (const key of ['tokens', 'experts', 'k', 'capacity', 'dropped'] as const) c.exact(key, reported[key], server[key]);
    c.list('loads', reported.loads, server.loads, c.exact);
    c.list('gateShare', reported.gateShare, server.gateShare, (name, a, b) => c.within(name, a, b, 1e-5, 'within 1e-5'));
    return c.mismatches;
  },
});
