import { familyById } from './problems';
import { generateInstance, verifyInstance, LEVELS } from './engine';
const f = familyById(process.argv[2] ?? 'quadratic-minimum')!;
const N = Number(process.argv[3] ?? 3000);
for (let seed = 0; seed < 300; seed++) { const i = generateInstance(f, seed, LEVELS[seed % 3]!); await verifyInstance(f, i.params); }
const t0 = performance.now(); let n = 0;
for (let seed = 1000; seed < 1000 + N; seed++) { const i = generateInstance(f, seed, LEVELS[seed % 3]!); await verifyInstance(f, i.params); n++; }
console.log(f.id, Math.round(n / (performance.now() - t0) * 1000), 'inst/s');
