import { solveParams, renderSteps } from './engine';
import { familyById } from './problems';
const f = familyById('directional-derivative')!;
for (const p of [{ f: 'x*exp(3*y) + x^2', point: [1, -1], direction: [1, 3] }, { f: 'sin(2*x + y) - x*y', point: [0, 0], direction: [2, -1] }, { f: 'cos(x*y)', point: [2, 0], direction: [1, 1] }, { f: 'exp(x*y)', point: [1, -1], direction: [3, 1] }, {f: 'sin(x + y)', point: [1, 1], direction: [1, 1]}]) {
  console.log(JSON.stringify(solveParams(f, p)));
}
console.log(renderSteps(f, { f: 'exp(x*y)', point: [1, -1], direction: [3, 1] }, 'en'));
