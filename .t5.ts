import { parseExpr } from './engine/parse';
for (const s of ['x*exp(2*y) + 3*x', 'x*exp(-2*y)', 'sin(-3*x + y)', '2*x', 'x^2 - 3*y', '(x - y)/(x + y) - 2*x*y']) {
  const r = parseExpr(s, { variables: ['x', 'y'] }); console.log(s, r.ok ? 'ok' : r.message.en);
}
import { parseMath, isDecimal } from './engine/mathjs-adapter';
const n: any = parseMath('2*x'); console.log(n.args[0].value, isDecimal(n.args[0].value), n.args[0].value?.constructor?.name, n.args[0].value?.isBigNumber);
for (let i = 0; i < 3; i++) { const m: any = parseMath('3*y'); console.log(isDecimal(m.args[0].value)); }
