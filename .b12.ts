import { familyById } from './problems';
import { checkAnswer } from './engine';
const f = familyById('directional-derivative')!;
const cases: Array<[unknown, string]> = [
  [{ f: 'x*y', point: [1, 2], direction: [1, 1] }, '3/2*sqrt(2)'],
  [{ f: 'x*y', point: [1, 2], direction: [1, 1] }, '2.1213'],
  [{ f: 'x*y', point: [1, 2], direction: [1, 1] }, '3/sqrt(2)'],
  [{ f: 'exp(x*y)', point: [1, 1], direction: [0, 1] }, 'e'],
  [{ f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] }, '28/5'],
];
for (const [p, a] of cases) {
  for (let i = 0; i < 200; i++) checkAnswer(f, p, a);
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) { const t = performance.now(); checkAnswer(f, p, a); times.push(performance.now() - t); }
  times.sort((x, y) => x - y);
  console.log(a, 'median', times[1000]!.toFixed(3), 'p99', times[1980]!.toFixed(3));
}
