import { Rng, LEVELS } from './engine';
const { directionalDerivative: f } = await import('./problems/families/directional-derivative');
for (const level of LEVELS) { (globalThis as any).att = 0; f.use((def) => { for (let s = 0; s < 1000; s++) def.generate(Rng.fromSeed(s), level); }); console.log(level, (globalThis as any).att / 1000); }
