import { compareExpressions } from './engine';
for (const [a, b] of [['2^(2^(2^(2^(2^(2^(2^(2^(x))))))))', 'x'], ['x', '9^9^9^9'], ['(10^400)!', 'x'], ['exp(exp(exp(exp(x))))', 'x'], ['(19601-13860*sqrt(2))^(7/4)', '(5*sqrt(2)-7)^7'], ['sqrt(10^40+1)', '10^20']]) {
  const t = performance.now(); const r = compareExpressions(a, b); console.log(a, b, JSON.stringify(r), (performance.now() - t).toFixed(0), 'ms');
}
