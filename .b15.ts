import { families } from './problems';
import { answerTexts, checkAnswer, generateInstance, LEVELS } from './engine';
for (const family of families) {
  const calls: Array<[string, () => unknown]> = family.use((def) => def.examples.map((e) => [JSON.stringify(e.answer).slice(0, 50), () => checkAnswer(family, e.params, e.answer)] as [string, () => unknown]));
  for (let seed = 0; seed < 60; seed++) {
    const { params } = generateInstance(family, seed, LEVELS[seed % 3]!);
    const copy = JSON.parse(JSON.stringify(params));
    const texts = answerTexts(family, copy);
    calls.push([JSON.stringify(texts).slice(0, 50), () => checkAnswer(family, copy, texts)]);
  }
  for (const [, c] of calls) c();
  const per = new Map<string, number[]>();
  for (let r = 0; r < 20; r++) for (const [name, c] of calls) { const t = performance.now(); c(); const arr = per.get(name) ?? []; arr.push(performance.now() - t); per.set(name, arr); }
  const med = [...per.entries()].map(([n, a]) => [n, a.sort((x, y) => x - y)[10]!, a[19]!] as const).sort((a, b) => b[1] - a[1]);
  console.log(family.id, med.slice(0, 4).map(([n, m, mx]) => `median ${m.toFixed(3)} max ${mx.toFixed(2)} ${n}`).join('\n   '));
}
