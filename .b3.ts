import { familyById } from './problems';
import { generateInstance, verifyInstance, LEVELS, Rng, solveParams } from './engine';
const f = familyById('directional-derivative')!;
for (const level of LEVELS) {
  const insts = []; let t0 = performance.now();
  for (let seed = 0; seed < 200; seed++) insts.push(generateInstance(f, seed, level));
  const tg = performance.now() - t0; t0 = performance.now();
  for (const i of insts) solveParams(f, i.params);
  const ts = performance.now() - t0; t0 = performance.now();
  for (const i of insts) await verifyInstance(f, i.params);
  const tv = performance.now() - t0;
  console.log(level, 'gen+solve', (tg/200*1000).toFixed(0), 'us; solve', (ts/200*1000).toFixed(0), 'us; verify(incl solve)', (tv/200*1000).toFixed(0), 'us');
}
