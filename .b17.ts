import { parseExpr } from './engine/parse';
import { equivalentExprs } from './engine/equivalence';
const ea = parseExpr('(3*(exp(-1) + 3) - exp(-1))/sqrt(10)', {}); const ec = parseExpr('(2*exp(-1) + 9)/sqrt(10)', {});
if (!ea.ok || !ec.ok) throw 1;
for (let i = 0; i < 400; i++) equivalentExprs(ea.expr, ec.expr);
