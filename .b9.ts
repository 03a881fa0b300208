import { families } from './problems';
import { answerTexts, checkAnswer, generateInstance, LEVELS, equivalent } from './engine';
for (const family of families) {
  const calls: Array<[string, () => unknown]> = family.use((def) => def.examples.map((e) => [JSON.stringify(e.answer), () => checkAnswer(family, e.params, e.answer)] as [string, () => unknown]));
  for (let seed = 0; seed < 60; seed++) {
    const { params } = generateInstance(family, seed, LEVELS[seed % 3]!);
    const texts = answerTexts(family, params);
    calls.push([JSON.stringify(texts), () => checkAnswer(family, params, texts)]);
  }
  for (const [, c] of calls) c();
  const times: Array<[number, string]> = [];
  for (let r = 0; r < 5; r++) for (const [name, c] of calls) { const t = performance.now(); c(); times.push([performance.now() - t, name]); }
  times.sort((a, b) => b[0] - a[0]);
  console.log(family.id, times.slice(0, 6).map(([t, n]) => `${t.toFixed(2)}ms ${n.slice(0, 60)}`).join('\n   '));
}
for (const [a, b] of [['(x+y)^6', 'x^6+6*x^5*y+15*x^4*y^2+20*x^3*y^3+15*x^2*y^4+6*x*y^5+y^6'], ['log(x^2)', '2*log(x)'], ['tan(x)^2+1', 'sec(x)^2'], ['abs(x+1000)', 'x+1000'], ['exp(x+y)', 'exp(x)*exp(y)'], ['sin(2*x)', '2*sin(x)*cos(x)']]) {
  equivalent(a!, b!); const t = performance.now(); for (let i = 0; i < 10; i++) equivalent(a!, b!); console.log(a, ((performance.now() - t) / 10).toFixed(2), 'ms');
}
