import { Rng, LEVELS } from './engine';
import { parseExpr } from './engine/parse';
const mod = await import('./problems/families/directional-derivative');
const f = mod.directionalDerivative;
for (const level of LEVELS) {
  let t0 = performance.now();
  f.use((def) => { for (let s = 0; s < 300; s++) def.generate(Rng.fromSeed(s), level); });
  console.log(level, ((performance.now() - t0) / 300 * 1000).toFixed(0), 'us per generate');
}
let t0 = performance.now();
for (let i = 0; i < 3000; i++) parseExpr('x^2*y + 3*y - 2*x*y^2 + ' + (i % 7), { variables: ['x', 'y', 'z'] });
console.log(((performance.now() - t0) / 3000 * 1000).toFixed(0), 'us per parse');
console.log((globalThis as any).attempts, (globalThis as any).tSet, (globalThis as any).tComp);
