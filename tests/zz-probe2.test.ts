import { it } from 'vitest';
import { families } from '../problems';
import { generateInstance, Rational } from '../engine';

type J = unknown;
function leaves(v: J, path: (string|number)[] = []): (string|number)[][] {
  if (typeof v === 'number' || (typeof v === 'string' && Rational.parse(v))) return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [];
}
function setAt(v: any, path: (string|number)[], f: (x: any) => any): any {
  if (path.length === 0) return f(v);
  const [h, ...t] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === h ? setAt(x, t, f) : x));
  return { ...v, [h as string]: setAt(v[h as string], t, f) };
}
const bump = (x: any) => typeof x === 'number' ? (x === 0 ? 1 : x * 1.5) : (() => { const r = Rational.parse(x) as Rational; return (r.isZero() ? Rational.one : r.mul(Rational.of(3n, 2n))).toString(); })();
it('probe', async () => {
  for (const f of families) {
    const bad = new Map<string, number>(); let total = 0; let swapOk = 0; let swaps = 0;
    for (const level of f.levels) for (let seed = 0; seed < 6; seed++) {
      const { params } = generateInstance(f, seed, level);
      const other = generateInstance(f, seed + 100, level).params;
      await f.use(async (def) => {
        const p = def.parseParams(params);
        const sol = def.solve(p);
        for (const path of leaves(sol.answer)) {
          total++;
          let r: any; try { r = await def.verify(p, { ...sol, answer: setAt(sol.answer, path, bump) }); } catch { r = { ok: false }; }
          if (r.ok) { const k = path.filter((x) => typeof x === 'string').join('.'); bad.set(k, (bad.get(k) ?? 0) + 1); }
        }
        const o = def.solve(def.parseParams(other));
        if (JSON.stringify(o.answer) !== JSON.stringify(sol.answer)) { swaps++; let ok = false; try { ok = (await def.verify(p, o)).ok; } catch {} if (ok) swapOk++; }
      });
    }
    console.log(f.id, `answer leaves accepted: ${[...bad].map(([k, n]) => k + '×' + n).join(' ')} of ${total}; swap accepted ${swapOk}/${swaps}`);
  }
}, 600000);
