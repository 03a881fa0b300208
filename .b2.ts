import { families } from './problems';
import { generateInstance, verifyInstance, LEVELS } from './engine';
for (const f of families) {
  if (f.id === 'attention-flops') continue;
  const t0 = performance.now(); let n = 0;
  for (let seed = 0; seed < 300; seed++) for (const level of LEVELS) { const inst = generateInstance(f, seed, level); await verifyInstance(f, inst.params); n++; }
  const ms = performance.now() - t0;
  console.log(f.id, (n / ms * 1000).toFixed(0), 'inst/s');
}
