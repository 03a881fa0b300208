/**
 * lora-params — LoRA: a frozen weight W (d×k) plus a trainable low-rank update ΔW = s·BA,
 * B ∈ ℝ^{d×r}, A ∈ ℝ^{r×k}, s = α/r. Three tasks, tagged by `task` in the params and drawn by level:
 *
 *   merge   W' = W + s·BA for tiny integer matrices, and the r(d + k) trainable entries (easy, merge.ts);
 *   count   LoRA parameters of L layers and their fraction of full fine-tuning (medium, count.ts);
 *   memory  training memory in GB under mixed-precision Adam, full vs LoRA (hard, memory.ts).
 *
 * The count and memory tasks share the model and its closed forms (model.ts).
 */
import { bi, defineTaskFamily, type Level, type Rng } from '../../../engine';
import { count, type CountParams } from './count';
import { merge, type MergeParams } from './merge';
import { memory, type MemoryParams } from './memory';
import type { Target } from './model';

/** Decoder shapes people meet (layers, d_model, d_ff, total parameters for the memory task). */
const MODELS: readonly (readonly [number, number, number, number])[] = [
  [12, 768, 3072, 124_439_808],
  [24, 1024, 4096, 354_823_168],
  [24, 2048, 8192, 1_315_758_080],
  [32, 2560, 10_240, 2_651_596_800],
  [32, 4096, 11_008, 6_738_415_616],
  [40, 5120, 13_824, 13_015_864_320],
  [80, 8192, 28_672, 68_976_648_192],
];
const TARGET_SETS: readonly (readonly Target[])[] = [['q', 'v'], ['q', 'v'], ['q', 'k', 'v', 'o'], ['q', 'k', 'v', 'o', 'up', 'down'], ['q', 'v', 'up', 'down']];
const RANKS = [1, 2, 4, 8, 16, 32, 64];

function smallMatrix(rng: Rng, rows: number, cols: number, bound: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(-bound, bound)));
}

function generate(rng: Rng, level: Level): MergeParams | CountParams | MemoryParams {
  if (level === 'easy') {
    const d = rng.int(2, 3);
    const k = rng.int(2, 3);
    const r = d === 3 && k === 3 && rng.chance(0.4) ? 2 : 1;
    let B = smallMatrix(rng, d, r, 2);
    let A = smallMatrix(rng, r, k, 2);
    // A zero B or A would make the update vanish (as at LoRA's initialisation): not a useful exercise.
    while (B.flat().every((x) => x === 0)) B = smallMatrix(rng, d, r, 2);
    while (A.flat().every((x) => x === 0)) A = smallMatrix(rng, r, k, 2);
    const scale = rng.pick<number | string>([1, 1, 1, 2, '1/2']);
    return { task: 'merge', W: smallMatrix(rng, d, k, 3), B, A, scale };
  }
  const [layers, dModel, dFf, totalParams] = rng.pick(MODELS);
  const model = { layers, dModel, dFf, rank: rng.pick(RANKS), targets: rng.pick(TARGET_SETS) };
  return level === 'medium' ? { task: 'count', ...model } : { task: 'memory', totalParams, ...model };
}

export const loraParams = defineTaskFamily({
  id: 'lora-params',
  version: 1,
  article: 'lora',
  title: bi('LoRA parameters, memory and merging', 'LoRA 的参数量、显存与权重合并'),
  levels: ['easy', 'medium', 'hard'],
  tag: 'task',
  tasks: { merge, count, memory },
  generate,
});
