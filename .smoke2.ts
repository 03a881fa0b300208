import { families } from './problems';
import { checkExamples, generateInstance, verifyInstance, answerTexts, checkAnswer, renderSteps, LEVELS } from './engine';
for (const f of families) {
  const bad = checkExamples(f).filter((o) => !o.ok);
  console.log(f.id, 'examples failing:', bad.length);
  for (const b of bad) console.log('   ', b.index, JSON.stringify(b.expected), JSON.stringify(b.got));
  let fails = 0;
  const t0 = performance.now();
  for (let seed = 0; seed < 100; seed++) {
    for (const level of LEVELS) {
      const inst = generateInstance(f, seed, level);
      const v = await verifyInstance(f, inst.params);
      const texts = answerTexts(f, inst.params);
      const r = checkAnswer(f, inst.params, texts);
      if (!v.ok || r.kind !== 'graded' || !r.correct) { fails++; if (fails < 4) console.log('   FAIL', level, seed, JSON.stringify(inst.params), JSON.stringify(v), JSON.stringify(texts), JSON.stringify(r)); }
    }
  }
  console.log('   fails', fails, 'ms', (performance.now() - t0).toFixed(0));
  const inst = generateInstance(f, 7, 'medium');
  console.log(inst.prompt('en')); console.log(JSON.stringify(inst.answer)); console.log(renderSteps(f, inst.params, 'en'));
}
