/**
 * moe-params — total and active parameters, FLOPs per token and weight memory of a
 * mixture-of-experts model with top-k routing. Six tasks, tagged by `ask` in the params:
 *
 *   total, active   one count (easy)                       counts.ts
 *   both            both counts (medium)                   counts.ts
 *   ratio           total / active (hard)                  counts.ts
 *   flops           expert FLOPs per token (hard)          costs.ts
 *   memory          GB of weights at `bytes` each (hard)   costs.ts
 *
 * The model, its closed forms and the itemised inventory that verifies them are shared (model.ts).
 */
import { bi, defineTaskFamily, type Level, type Rng } from '../../../engine';
import { active, both, ratio, total } from './counts';
import { flops, memory } from './costs';
import type { Model } from './model';

/** Non-expert parameters of a decoder: attention (grouped K/V), two embeddings, norms. */
function sharedParams(d: number, kvWidth: number, layers: number, vocab: number): number {
  return layers * (2 * d * d + 2 * d * kvWidth) + 2 * vocab * d + (2 * layers + 1) * d;
}

interface Preset {
  readonly d: number;
  readonly dff: number;
  readonly experts: number;
  readonly topK: number;
  readonly layers: number;
  readonly kv: number;
  readonly vocab: number;
  readonly gated: boolean;
}

const HARD_PRESETS: readonly Preset[] = [
  { d: 4096, dff: 14336, experts: 8, topK: 2, layers: 32, kv: 1024, vocab: 32000, gated: true }, // Mixtral-8x7B-like
  { d: 6144, dff: 16384, experts: 8, topK: 2, layers: 56, kv: 1024, vocab: 32768, gated: true }, // Mixtral-8x22B-like
  { d: 2048, dff: 1408, experts: 64, topK: 6, layers: 28, kv: 2048, vocab: 102400, gated: true }, // fine-grained experts
  { d: 768, dff: 3072, experts: 128, topK: 1, layers: 6, kv: 768, vocab: 32128, gated: false }, // Switch-like
  { d: 2048, dff: 8192, experts: 16, topK: 2, layers: 24, kv: 512, vocab: 50257, gated: true },
  { d: 1024, dff: 4096, experts: 32, topK: 2, layers: 12, kv: 1024, vocab: 50257, gated: false },
];

type Params =
  | ({ readonly ask: 'total' | 'active' | 'both' | 'flops' | 'ratio' } & Model)
  | ({ readonly ask: 'memory'; readonly bytes: number | string } & Model);

function generate(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    const d = rng.pick([256, 512, 768, 1024]);
    return {
      ask: rng.pick(['total', 'active'] as const),
      d,
      dff: rng.pick([2, 4]) * d,
      experts: rng.pick([4, 8, 16]),
      topK: rng.pick([1, 2]),
      layers: 1,
      shared: 0,
      biases: false,
      gated: false,
    };
  }
  if (level === 'medium') {
    const d = rng.pick([512, 768, 1024, 2048]);
    const layers = rng.pick([6, 8, 12, 24]);
    const experts = rng.pick([4, 8, 16, 32]);
    return {
      ask: 'both',
      d,
      dff: rng.pick([2, 4]) * d,
      experts,
      topK: rng.pick([1, 2, 2, 4].filter((k) => k < experts)),
      layers,
      shared: sharedParams(d, d, layers, rng.pick([32000, 50257])),
      biases: rng.chance(0.4),
      gated: rng.chance(0.4),
    };
  }
  const preset = rng.pick(HARD_PRESETS);
  const ask = rng.pick(['flops', 'memory', 'ratio'] as const);
  const experts = rng.chance(0.3) ? Math.min(256, preset.experts * 2) : preset.experts;
  const base = {
    d: preset.d,
    dff: preset.dff,
    experts,
    topK: rng.chance(0.3) ? Math.min(experts - 1, preset.topK * 2) : preset.topK,
    layers: preset.layers,
    shared: sharedParams(preset.d, preset.kv, preset.layers, preset.vocab),
    biases: false,
    gated: preset.gated,
  };
  return ask === 'memory' ? { ask, ...base, bytes: rng.pick([2, 2, 1, 4, 0.5]) } : { ask, ...base };
}

export const moeParams = defineTaskFamily({
  id: 'moe-params',
  version: 1,
  article: 'moe',
  title: bi('Mixture of experts: total vs active parameters', '混合专家：总参数与激活参数'),
  levels: ['easy', 'medium', 'hard'],
  tag: 'ask',
  tasks: { total, active, both, flops, memory, ratio },
  generate,
});
