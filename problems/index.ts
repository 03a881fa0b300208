/**
 * The problem-family registry. Adding a family = one module in problems/families/ + one line here.
 */
import { createRegistry, type ProblemFamily } from '../engine';
import { attentionFlops } from './families/attention-flops';
import { directionalDerivative } from './families/directional-derivative';
import { quadraticMinimum } from './families/quadratic-minimum';
import { randomWalk } from './families/random-walk';

const registry = createRegistry([
  randomWalk,
  quadraticMinimum,
  directionalDerivative,
  attentionFlops,
]);

/** Every family, in article order of the seed where it matters to no one. */
export const families: readonly ProblemFamily[] = registry.families;

/** The family with this id, or undefined. */
export const familyById = (id: string): ProblemFamily | undefined => registry.byId(id);

export { registry };
