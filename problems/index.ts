/**
 * The problem-family registry. Adding a family = one module in problems/families/ + one line here.
 */
import { createRegistry, type ProblemFamily } from '../engine';
import { attentionFlops } from './families/attention-flops';
import { directionalDerivative } from './families/directional-derivative';
import { quadraticMinimum } from './families/quadratic-minimum';
import { randomWalk } from './families/random-walk';
import { walkReturn } from './families/walk-return';
import { latentCompression } from './families/latent-compression';
import { diffusionSchedule } from './families/diffusion-schedule';
import { hungarianMatching } from './families/hungarian-matching';
import { boxIou } from './families/box-iou';
import { loraParams } from './families/lora-params';
import { linearAttentionRun } from './families/linear-attention-run';
import { qkVariance } from './families/qk-variance';
import { walkMonteCarlo } from './families/walk-monte-carlo';
import { moeRouting } from './families/moe-routing';
import { attentionCrossover } from './families/attention-crossover';
import { gauParams } from './families/gau-params';
import { gradientSteepest } from './families/gradient-steepest';
import { initVariance } from './families/init-variance';
import { moeParams } from './families/moe-params';
import { harmonicNumber } from './families/harmonic-number';
import { sparseAttentionCost } from './families/sparse-attention-cost';
import { matrixDefiniteness } from './families/matrix-definiteness';

const registry = createRegistry([
  randomWalk,
  quadraticMinimum,
  directionalDerivative,
  attentionFlops,
  walkReturn,
  latentCompression,
  diffusionSchedule,
  hungarianMatching,
  boxIou,
  loraParams,
  linearAttentionRun,
  qkVariance,
  walkMonteCarlo,
  moeRouting,
  attentionCrossover,
  gauParams,
  gradientSteepest,
  initVariance,
  moeParams,
  harmonicNumber,
  sparseAttentionCost,
  matrixDefiniteness,
]);

/** Every family, in article order of the seed where it matters to no one. */
export const families: readonly ProblemFamily[] = registry.families;

/** The family with this id, or undefined. */
export const familyById = (id: string): ProblemFamily | undefined => registry.byId(id);

export { registry };
