import { parseExpr } from './engine/parse';
import { BallOps, decimalArith, isBall } from './engine/ball';
import { compileBall } from './engine/evaluate';
const ea = parseExpr('(3*(exp(-1) + 3) - exp(-1))/sqrt(10)', {}); if (!ea.ok) throw 1;
for (const P of [30, 40, 75]) {
  const ops = new BallOps(decimalArith(P));
  for (let i = 0; i < 30; i++) compileBall(ea.expr, ops, new Map())([]);
  const t = performance.now();
  let v: any;
  for (let i = 0; i < 100; i++) v = compileBall(ea.expr, ops, new Map())([]);
  console.log(P, ((performance.now() - t) / 100).toFixed(3), 'ms', isBall(v) ? v.m.toString().slice(0, 20) + ' r=' + v.r.toExponential(3) : v);
}
