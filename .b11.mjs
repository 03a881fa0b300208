const m = (await import('mathjs/lib/browser/math.js')).default;
const big = m.create({ number: 'BigNumber', precision: 64 });
const num = m.create({ number: 'number' });
const texts = ['2*x^2 - 3*x*y + y^2 + 2*x', 'x*exp(2*y) + 3*x^2 - y', 'x*y*z + 2*y*z - 3*x^2', '(x - y)/(x + y) - 2*x*y'];
for (const [name, inst] of [['big', big], ['num', num], ['big', big], ['num', num]]) {
  const t = performance.now();
  for (let i = 0; i < 20000; i++) inst.parse(texts[i % 4]);
  console.log(name, ((performance.now() - t) / 20000 * 1000).toFixed(1), 'us');
}
