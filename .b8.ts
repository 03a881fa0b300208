import { Rng, LEVELS } from './engine';
const mod = await import('./problems/families/directional-derivative');
const f = mod.directionalDerivative;
for (let r = 0; r < 3; r++) for (const level of LEVELS) f.use((def) => { for (let s = 0; s < 300; s++) def.generate(Rng.fromSeed(s), level); });
