import { parseExpr } from './engine/parse';
import { Expression } from './engine';
const fs = ['x^2*y + 3*y - 2*x', '2*x*y^2 - x*y + 2*y^2', 'x*exp(2*y) + 3*x^2', 'x*y*z + 2*y*z - 3*x^2'];
let t0 = performance.now();
for (let i = 0; i < 2000; i++) parseExpr(fs[i % 4], { variables: ['x', 'y', 'z'] });
console.log('parse', ((performance.now() - t0) / 2000 * 1000).toFixed(1), 'us');
const parsed = fs.map((f) => Expression.parse(f, ['x', 'y', 'z']));
t0 = performance.now();
for (let i = 0; i < 2000; i++) { const f = parsed[i % 4]!; for (const v of ['x', 'y']) f.derivative(v); }
console.log('derivative x2', ((performance.now() - t0) / 2000 * 1000).toFixed(1), 'us');
const ds = parsed.map((f) => f.derivative('x'));
t0 = performance.now();
for (let i = 0; i < 2000; i++) ds[i % 4]!.simplify();
console.log('simplify', ((performance.now() - t0) / 2000 * 1000).toFixed(1), 'us');
const ss = ds.map((d) => d.simplify());
t0 = performance.now();
for (let i = 0; i < 2000; i++) ss[i % 4]!.at({ x: 1, y: 2, z: 3 });
console.log('at', ((performance.now() - t0) / 2000 * 1000).toFixed(1), 'us');
const vals = ss.map((d) => d.at({ x: 1, y: 2, z: 3 }));
t0 = performance.now();
for (let i = 0; i < 2000; i++) { vals[i % 4]!.toNumber(); vals[i % 4]!.isUndefined(); vals[i%4]!.rational(); }
console.log('toNumber+isUndefined+rational', ((performance.now() - t0) / 2000 * 1000).toFixed(1), 'us');
t0 = performance.now();
for (let i = 0; i < 2000; i++) { parsed[i % 4]!.at({ x: 1, y: 2, z: 3 }).isUndefined(); }
console.log('f.at.isUndefined', ((performance.now() - t0) / 2000 * 1000).toFixed(1), 'us');
