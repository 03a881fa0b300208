import { familyById } from './problems';
import { generateInstance, LEVELS, solveParams } from './engine';
const f = familyById('directional-derivative')!;
const insts = []; for (let seed = 0; seed < 100; seed++) for (const l of LEVELS) insts.push(generateInstance(f, seed, l));
const t0 = performance.now();
for (let r = 0; r < 5; r++) for (const i of insts) solveParams(f, i.params);
console.log((performance.now() - t0) / 1500 * 1000, 'us per solve');
