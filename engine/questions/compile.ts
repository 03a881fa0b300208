/**
 * Compiles a question file into the engine's family protocol (`defineFamily` → `ProblemFamily`),
 * so it is generated, checked, verified and explained exactly like a built-in family. A pure
 * function of the file text: a worker can rebuild the same family from the same YAML.
 *
 * Params of a question family are its drawn variables (JSON); every derived variable is
 * recomputed from them, so an instance is `id + version + seed + level` as for built-ins.
 */
import { numberedSteps } from '../format';
import { Rng } from '../rng';
import { Rational } from '../rational';
import { num, type Expr, variable, add as addExpr, mul as mulExpr, pow as powExpr } from '../ast';
import { parseExpr } from '../parse';
import { Expression } from '../expression';
import { InvalidParamsError } from '../errors';
import { defineFamily, type FamilyExample, type JsonObject, type Level, type ProblemFamily, type Solution, type Verification, type Diagnosis } from '../family';
import { DEFAULT_TOLERANCE, EXACT_ONLY, type AnswerPart, type AnswerSpec, type ExpectedPart, type GivenAnswer, type GivenPart } from '../answers';
import { exprOf } from '../expression';
import type { Lang } from '../i18n';
import { BudgetError, QuestionError, QuestionParamsError } from './errors';
import { englishOf, msg, type MessageArg, type QuestionMessage } from './messages';
import { Budget, evaluate, arith, asBool, asInt, partOf, symbolValue, symbolsOf, valuesEqual, EVAL_LIMITS, type Env } from './interpret';
import { problemAt, readQuestionFile, type Draw, type PartDef, type QuestionProblem, type QuestionSpec, type Template, type VarDef } from './schema';
import type { Node } from './syntax';
import { type Scalar, type Val, exact, rat, isScalar, rationalOf, valueJson, valueTex, valueText, approxJson, enclose, typeName } from './values';

/** Redraws allowed before `where`/`verify` is declared unsatisfiable. */
export const MAX_REDRAWS = 200;

type Params = JsonObject;
type Answer = JsonObject;

interface InstanceState {
  readonly env: Env;
  readonly params: Params;
}

/** A verify condition that did not hold: its source, or its source and why it could not be evaluated. */
interface VerifyFailure {
  readonly condition: MessageArg;
  readonly path: string;
  readonly attempt: number;
}

interface Drawn extends InstanceState {
  /** verify conditions that failed on earlier draws of this seed (redrawn, never shown). */
  readonly verifyFailures: readonly VerifyFailure[];
}

function baseEnv(spec: QuestionSpec): Map<string, Val> {
  return new Map(spec.symbols.map((s) => [s, symbolValue(s)]));
}

const defFor = (spec: QuestionSpec, v: VarDef, level: Level): VarDef => spec.overrides.get(level)?.get(v.name) ?? v;

// ---------- drawing ----------

function intIn(rng: Rng, lo: bigint, hi: bigint, step: bigint, not: readonly Rational[], what: MessageArg): bigint {
  if (hi < lo) throw new QuestionError(msg('empty-range', { what, low: lo.toString(), high: hi.toString() }));
  if (step < 1n) throw new QuestionError(msg('step-min', { what }));
  const count = (hi - lo) / step + 1n;
  if (count > 2n ** 52n) throw new BudgetError(msg('range-too-large', { what }));
  for (let i = 0; i < 64; i++) {
    const k = lo + step * BigInt(rng.int(0, Number(count) - 1));
    if (!not.some((q) => q.isInteger() && q.num === k)) return k;
  }
  throw new QuestionError(msg('all-excluded', { what }));
}

function drawScalar(draw: Draw, env: Env, rng: Rng, budget: Budget, what: string): Val {
  const part = (p: QuestionMessage['code']) => partOf(what, p);
  const ev = (n: Node) => evaluate(n, env, budget);
  switch (draw.kind) {
    case 'int': {
      const not = draw.not.map((n) => rationalOf(ev(n))).filter((q): q is Rational => !!q);
      return rat(intIn(rng, asInt(ev(draw.lo), part('part-low')), asInt(ev(draw.hi), part('part-high')), draw.step ? asInt(ev(draw.step), part('part-step')) : 1n, not, what));
    }
    case 'rational': {
      const not = draw.not.map((n) => rationalOf(ev(n))).filter((q): q is Rational => !!q);
      for (let i = 0; i < 64; i++) {
        const p = intIn(rng, asInt(ev(draw.num[0]), part('part-num-low')), asInt(ev(draw.num[1]), part('part-num-high')), 1n, [], what);
        const q = intIn(rng, asInt(ev(draw.den[0]), part('part-den-low')), asInt(ev(draw.den[1]), part('part-den-high')), 1n, [0n].map((z) => Rational.from(z)), what);
        const r = Rational.of(p, q);
        if (!not.some((x) => x.equals(r))) return rat(r);
      }
      throw new QuestionError(msg('all-excluded', { what }));
    }
    case 'choice': {
      const item = rng.pick(draw.items);
      if ('expr' in item) return ev(item.expr);
      return literal(item.literal, budget);
    }
    default:
      throw new QuestionError(msg('not-scalar-draw', { what }));
  }
}

function literal(v: number | string | boolean, budget: Budget): Val {
  if (typeof v === 'boolean') return { t: 'bool', b: v };
  if (typeof v === 'string') return { t: 'str', s: v };
  const q = Number.isInteger(v) ? Rational.from(v) : Rational.fromNumber(v);
  budget.charge(1);
  return rat(q);
}

function sizeOf(n: Node, env: Env, budget: Budget, what: MessageArg, max: number): number {
  const k = Number(asInt(evaluate(n, env, budget), what, BigInt(max)));
  if (k < 1) throw new QuestionError(msg('size-min', { what }));
  return k;
}

const drawSize = (sizes: readonly Node[], env: Env, rng: Rng, budget: Budget, what: MessageArg, max: number): number =>
  sizeOf(sizes.length === 1 ? (sizes[0] as Node) : rng.pick(sizes), env, budget, what, max);

const allowedSizes = (sizes: readonly Node[], env: Env, budget: Budget, what: MessageArg, max: number): number[] => sizes.map((n) => sizeOf(n, env, budget, what, max));

function drawValue(draw: Draw, env: Env, rng: Rng, budget: Budget, symbols: readonly string[], what: string): Val {
  switch (draw.kind) {
    case 'vector': {
      const n = drawSize(draw.sizes, env, rng, budget, partOf(what, 'part-size'), EVAL_LIMITS.vectorLength);
      for (let attempt = 0; attempt < 64; attempt++) {
        const items = Array.from({ length: n }, () => drawScalar(draw.entry, env, rng, budget, what));
        if (!items.every(isScalar)) throw new QuestionError(msg('vector-entries-numbers', { what }));
        if (draw.nonzero && items.every((x) => rationalOf(x)?.isZero())) continue;
        return { t: 'vec', items: items as Scalar[] };
      }
      throw new QuestionError(msg('nonzero-vector', { what }));
    }
    case 'matrix': {
      const rows = drawSize(draw.rows, env, rng, budget, partOf(what, 'part-rows'), EVAL_LIMITS.matrixSize);
      const cols = draw.cols === 'square' ? rows : drawSize(draw.cols, env, rng, budget, partOf(what, 'part-cols'), EVAL_LIMITS.matrixSize);
      if (draw.symmetric && rows !== cols) throw new QuestionError(msg('symmetric-square', { what }));
      const m: Scalar[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rat(0)));
      for (let i = 0; i < rows; i++) {
        for (let j = draw.symmetric ? i : 0; j < cols; j++) {
          const x = drawScalar(draw.entry, env, rng, budget, what);
          if (!isScalar(x)) throw new QuestionError(msg('matrix-entries-numbers', { what }));
          (m[i] as Scalar[])[j] = x;
          if (draw.symmetric) (m[j] as Scalar[])[i] = x;
        }
      }
      return { t: 'mat', rows: m };
    }
    case 'polynomial': {
      const degree = Number(asInt(evaluate(draw.degree, env, budget), partOf(what, 'part-degree'), 8n));
      const [t0, t1] = draw.terms.map((n) => Number(asInt(evaluate(n, env, budget), partOf(what, 'part-terms'), 20n))) as [number, number];
      const [c0, c1] = draw.coefficients.map((n) => asInt(evaluate(n, env, budget), partOf(what, 'part-coefficients'), 10n ** 6n)) as [bigint, bigint];
      if (draw.monomials) {
        const listed = draw.monomials.map((m) => evaluate(m, env, budget));
        const count = Math.min(rng.int(Math.min(t0, t1), Math.max(t0, t1)), listed.length);
        const chosen = rng.shuffle(listed).slice(0, count);
        let acc: Val = rat(0);
        for (const m of chosen) {
          const c = intIn(rng, c0, c1, 1n, [Rational.zero], what);
          acc = arith('+', acc, arith('*', rat(c), m, budget), budget);
        }
        return acc;
      }
      const monomials = monomialsUpTo(draw.symbols, degree, draw.constant);
      if (monomials.length > 400) throw new BudgetError(msg('too-many-monomials', { what }));
      budget.charge(monomials.length * 4);
      const count = Math.min(rng.int(Math.min(t0, t1), Math.max(t0, t1)), monomials.length);
      const chosen = rng.shuffle(monomials).slice(0, count);
      const terms: Expr[] = chosen.map((m) => {
        const c = intIn(rng, c0, c1, 1n, [Rational.zero], what);
        const factors: Expr[] = m.map((e, i) => (e === 0 ? null : e === 1 ? variable(draw.symbols[i] as string) : powExpr(variable(draw.symbols[i] as string), num(e)))).filter((f): f is Expr => f !== null);
        return factors.length === 0 ? num(c) : c === 1n ? mulExpr(...factors) : mulExpr(num(c), ...factors);
      });
      if (terms.length === 0) return rat(0);
      return exact(addExpr(...terms));
    }
    case 'compute':
      return evaluate(draw.expr, env, budget);
    default:
      return drawScalar(draw, env, rng, budget, what);
  }
}

function monomialsUpTo(symbols: readonly string[], degree: number, constant: boolean): number[][] {
  const out: number[][] = [];
  const walk = (i: number, left: number, acc: number[]) => {
    if (i === symbols.length) {
      const total = acc.reduce((a, b) => a + b, 0);
      if (total > 0 || constant) out.push([...acc]);
      return;
    }
    for (let e = 0; e <= left; e++) walk(i + 1, left - e, [...acc, e]);
  };
  walk(0, degree, []);
  // Highest degree first, then lexicographic: a stable order independent of the rng.
  return out.sort((a, b) => b.reduce((s, x) => s + x, 0) - a.reduce((s, x) => s + x, 0) || b.join().localeCompare(a.join()));
}

// ---------- params ----------

function jsonScalar(v: unknown, what: string, budget: Budget): Scalar {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Math.abs(v) > 1e15) throw new InvalidParamsError(`${what}: number out of range`);
    return rat(Number.isInteger(v) ? Rational.from(v) : Rational.fromNumber(v));
  }
  if (typeof v === 'string' && v.length <= 80) {
    const q = Rational.parse(v);
    if (q && q.bitSize() <= 400) return rat(q);
    const r = parseExpr(v, { maxLength: 400 });
    if (r.ok && r.expr.t !== 'vec') {
      budget.charge(100);
      return exact(r.expr);
    }
  }
  throw new InvalidParamsError(`${what}: expected a number or "p/q"`);
}

function jsonValue(v: unknown, what: string, budget: Budget, symbols: readonly string[]): Val {
  if (typeof v === 'boolean') return { t: 'bool', b: v };
  if (Array.isArray(v)) {
    if (v.length === 0 || v.length > EVAL_LIMITS.vectorLength) throw new InvalidParamsError(`${what}: 1 to ${EVAL_LIMITS.vectorLength} entries`);
    if (v.every((r) => Array.isArray(r))) {
      const rows = v.map((r: unknown[]) => {
        if (r.length !== (v[0] as unknown[]).length || r.length > EVAL_LIMITS.matrixSize || v.length > EVAL_LIMITS.matrixSize) throw new InvalidParamsError(`${what}: a matrix of at most ${EVAL_LIMITS.matrixSize}×${EVAL_LIMITS.matrixSize} with rows of one length`);
        return r.map((x, j) => jsonScalar(x, `${what}[${j}]`, budget));
      });
      return { t: 'mat', rows };
    }
    return { t: 'vec', items: v.map((x, i) => jsonScalar(x, `${what}[${i}]`, budget)) };
  }
  if (typeof v === 'string' && v.length <= 400) {
    const q = Rational.parse(v);
    if (q && q.bitSize() <= 400) return rat(q);
    const r = parseExpr(v, { variables: symbols, maxLength: 400 });
    if (r.ok && r.expr.t !== 'vec') return exact(r.expr);
    if (/^[A-Za-z0-9_ .-]{1,40}$/.test(v)) return { t: 'str', s: v };
    throw new InvalidParamsError(`${what}: ${r.ok ? 'not a scalar' : r.message.en}`);
  }
  return jsonScalar(v, what, budget);
}

/** A param value read against one draw; throws InvalidParamsError when it does not fit. */
function paramValue(draw: Draw, json: unknown, env: Env, budget: Budget, symbols: readonly string[], what: string): Val {
  switch (draw.kind) {
    case 'int': {
      const v = jsonScalar(json, what, budget);
      const q = rationalOf(v);
      if (!q || !q.isInteger()) throw new InvalidParamsError(`${what}: expected a whole number`);
      return v;
    }
    case 'rational': {
      const v = jsonScalar(json, what, budget);
      if (!rationalOf(v)) throw new InvalidParamsError(`${what}: expected a rational number`);
      return v;
    }
    case 'choice': {
      let asNumber: Rational | undefined;
      if (typeof json === 'number' || typeof json === 'string') {
        try {
          asNumber = rationalOf(jsonScalar(json, what, budget));
        } catch {
          asNumber = undefined;
        }
      }
      for (const item of draw.items) {
        if (!('literal' in item)) continue;
        if (item.literal === json) return literal(item.literal, budget);
        if (typeof item.literal === 'number' && asNumber) {
          const value = literal(item.literal, budget);
          if (rationalOf(value)?.equals(asNumber)) return value;
        }
      }
      if (draw.items.some((i) => 'expr' in i)) return jsonValue(json, what, budget, symbols);
      throw new InvalidParamsError(`${what}: not one of the choices`);
    }
    case 'vector': {
      const ns = allowedSizes(draw.sizes, env, budget, partOf(what, 'part-size'), EVAL_LIMITS.vectorLength);
      if (!Array.isArray(json) || !ns.includes(json.length)) throw new InvalidParamsError(`${what}: expected a list of ${ns.join(' or ')} numbers`);
      const items = json.map((x, i) => paramValue(draw.entry, x, env, budget, symbols, `${what}[${i}]`));
      if (!items.every(isScalar)) throw new InvalidParamsError(`${what}: entries must be numbers`);
      if (draw.nonzero && items.every((x) => rationalOf(x)?.isZero())) throw new InvalidParamsError(`${what}: must not be the zero vector`);
      return { t: 'vec', items: items as Scalar[] };
    }
    case 'matrix': {
      const rows = allowedSizes(draw.rows, env, budget, partOf(what, 'part-rows'), EVAL_LIMITS.matrixSize);
      const cols = draw.cols === 'square' ? 'square' : allowedSizes(draw.cols, env, budget, partOf(what, 'part-cols'), EVAL_LIMITS.matrixSize);
      const n = Array.isArray(json) ? json.length : -1;
      const c = Array.isArray(json) && Array.isArray(json[0]) ? (json[0] as unknown[]).length : -1;
      if (!Array.isArray(json) || !rows.includes(n) || !json.every((r) => Array.isArray(r) && r.length === c) || (cols === 'square' ? c !== n : !cols.includes(c))) {
        throw new InvalidParamsError(`${what}: expected a ${rows.join('/')}×${cols === 'square' ? 'same' : cols.join('/')} matrix`);
      }
      const m = (json as unknown[][]).map((r, i) => r.map((x, j) => paramValue(draw.entry, x, env, budget, symbols, `${what}[${i}][${j}]`) as Scalar));
      if (draw.symmetric && !m.every((r, i) => r.every((x, j) => valuesEqual(x, (m[j] as Scalar[])[i] as Scalar, budget)))) throw new InvalidParamsError(`${what}: must be symmetric`);
      return { t: 'mat', rows: m };
    }
    case 'polynomial': {
      if (typeof json !== 'string') throw new InvalidParamsError(`${what}: expected an expression in ${draw.symbols.join(', ')}`);
      const r = parseExpr(json, { variables: draw.symbols, maxLength: 400 });
      if (!r.ok) throw new InvalidParamsError(`${what}: ${r.message.en}`);
      if (r.expr.t === 'vec') throw new InvalidParamsError(`${what}: expected an expression`);
      return exact(r.expr);
    }
    case 'compute':
      return jsonValue(json, what, budget, symbols);
  }
}

// ---------- instances ----------

function checkWhere(spec: QuestionSpec, env: Env, budget: Budget, after?: number): string | null {
  for (const w of spec.where) {
    if (after !== undefined && w.after !== after) continue;
    try {
      if (!asBool(evaluate(w.node, env, budget), `where: ${w.source}`)) return w.source;
    } catch (error) {
      if (error instanceof QuestionError) throw error.at([w.path]);
      throw error;
    }
  }
  return null;
}

function failingVerify(spec: QuestionSpec, env: Env, budget: Budget): Omit<VerifyFailure, 'attempt'> | null {
  for (const v of spec.verify) {
    let ok: boolean;
    try {
      ok = asBool(evaluate(v.node, env, budget), `verify: ${v.source}`);
    } catch (error) {
      if (error instanceof BudgetError) throw error.at([v.path]);
      if (error instanceof QuestionError) return { condition: msg('condition-error', { condition: v.source, detail: error.detail }), path: v.path };
      throw error;
    }
    if (!ok) return { condition: v.source, path: v.path };
  }
  return null;
}

function located<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof QuestionError) throw error.at([path]);
    if (error instanceof RangeError) throw new BudgetError(msg('too-large-to-evaluate', { detail: error.message.slice(0, 80) }), [path]);
    throw error;
  }
}

/** Draws one instance for a level: variables in order, redrawing until `where` and `verify` hold. */
export function drawInstance(spec: QuestionSpec, rng: Rng, level: Level, budget = new Budget()): Drawn {
  const verifyFailures: VerifyFailure[] = [];
  for (let attempt = 1; attempt <= MAX_REDRAWS; attempt++) {
    const env = baseEnv(spec);
    const params: Record<string, Params[string]> = {};
    let rejected = checkWhere(spec, env, budget, -1) !== null;
    for (let i = 0; i < spec.variables.length && !rejected; i++) {
      const v = defFor(spec, spec.variables[i] as VarDef, level);
      const value = located(v.path, () => ('draw' in v ? drawValue(v.draw, env, rng, budget, spec.symbols, v.name) : evaluate(v.expr, env, budget)));
      if ('draw' in v) params[v.name] = valueJson(value) as Params[string];
      env.set(v.name, value);
      // Each constraint is checked as soon as its variables exist, so later formulas can rely on it.
      rejected = checkWhere(spec, env, budget, i) !== null;
    }
    if (rejected) continue;
    const failed = failingVerify(spec, env, budget);
    if (failed) {
      verifyFailures.push({ ...failed, attempt });
      continue;
    }
    return { env, params, verifyFailures };
  }
  const last = verifyFailures.at(-1);
  throw new QuestionError(
    last && verifyFailures.length === MAX_REDRAWS
      ? msg('verify-every-draw', { max: MAX_REDRAWS, level, condition: last.condition })
      : msg('where-unsatisfiable', { max: MAX_REDRAWS, level }),
    [last && verifyFailures.length === MAX_REDRAWS ? last.path : 'where'],
  );
}

/** Rebuilds an instance from params (client JSON): drawn variables read and checked, the rest computed. */
export function instanceFromParams(spec: QuestionSpec, raw: unknown, budget = new Budget()): InstanceState {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('params must be an object');
  const given = raw as Record<string, unknown>;
  const drawn = spec.variables.filter((v) => 'draw' in v).map((v) => v.name);
  for (const key of Object.keys(given)) if (!drawn.includes(key)) throw new InvalidParamsError(`unknown param ${key.slice(0, 40)}`);
  const env = baseEnv(spec);
  const params: Record<string, Params[string]> = {};
  try {
    const broken = (i: number) => {
      const w = checkWhere(spec, env, budget, i);
      if (w !== null) throw new InvalidParamsError(`params violate where: ${w}`);
    };
    broken(-1);
    for (const [index, v] of spec.variables.entries()) {
      if ('draw' in v) {
        if (!Object.hasOwn(given, v.name)) throw new InvalidParamsError(`missing param ${v.name}`);
        const candidates = [v, ...spec.levels.map((l) => defFor(spec, v, l))].filter((d): d is VarDef & { draw: Draw } => 'draw' in d);
        let value: Val | undefined;
        let firstError: unknown;
        for (const c of candidates) {
          try {
            value = paramValue(c.draw, given[v.name], env, budget, spec.symbols, v.name);
            break;
          } catch (error) {
            firstError ??= error;
          }
        }
        if (!value) throw firstError;
        env.set(v.name, value);
        params[v.name] = given[v.name] as Params[string];
      } else env.set(v.name, located(v.path, () => evaluate(v.expr, env, budget)));
      broken(index);
    }
  } catch (error) {
    if (error instanceof QuestionError) throw new QuestionParamsError(msg('params-unevaluable', { detail: error.detail }));
    throw error;
  }
  return { env, params };
}

// ---------- text ----------

function render(template: Template, env: Env, budget: Budget): string {
  return template
    .map((piece) => {
      if ('text' in piece) return piece.text;
      return valueTex(evaluate(piece.expr, env, budget), piece.digits);
    })
    .join('');
}

function pickConditional<T>(items: readonly { when?: Node; value: T }[], env: Env, budget: Budget, path: string): T[] {
  return items.filter((item, i) => item.when === undefined || located(`${path}[${i}].when`, () => asBool(evaluate(item.when as Node, env, budget), 'when'))).map((item) => item.value);
}

// ---------- answers ----------

interface Computed {
  readonly parts: readonly PartDef[];
  readonly none: boolean;
  readonly values: ReadonlyMap<string, Val>;
}

function computeAnswer(spec: QuestionSpec, env: Env, budget: Budget): Computed {
  const parts = spec.parts.filter((p) => p.when === undefined || located(`${p.path}.when`, () => asBool(evaluate(p.when as Node, env, budget), 'when')));
  if (parts.length === 0) throw new QuestionError(msg('no-part-applies'), ['answer']);
  const none = parts.some((p) => p.noneWhen !== undefined && located(`${p.path}.none_when`, () => asBool(evaluate(p.noneWhen as Node, env, budget), 'none_when')));
  const values = new Map<string, Val>();
  for (const p of parts) {
    try {
      const v = located(`${p.path}.expected`, () => evaluate(p.expected, env, budget));
      located(`${p.path}.expected`, () => checkKind(p, v));
      values.set(p.name, v);
    } catch (error) {
      // With no answer expected, the expected value only gives the answer's shape, if it can.
      if (!none || error instanceof BudgetError || !(error instanceof QuestionError)) throw error;
    }
  }
  return { parts, none, values };
}

function checkKind(p: PartDef, v: Val): void {
  const bad = (kind: QuestionMessage) => {
    throw new QuestionError(msg('expected-kind', { name: p.name, kind, got: typeName(v) }));
  };
  const constant = (s: Scalar) => {
    if (symbolsOf(s).length > 0) bad(msg('kind-number-symbols'));
    enclose(s, msg('what-expected', { name: p.name }));
  };
  switch (p.kind) {
    case 'number':
      if (!isScalar(v)) bad(msg('kind-number'));
      constant(v as Scalar);
      return;
    case 'vector':
      if (v.t !== 'vec') bad(msg('kind-vector'));
      (v as Val & { t: 'vec' }).items.forEach(constant);
      return;
    case 'matrix':
      if (v.t !== 'mat') bad(msg('kind-matrix'));
      (v as Val & { t: 'mat' }).rows.flat().forEach(constant);
      return;
    case 'expression':
      if (v.t !== 'x') bad(msg('kind-expression'));
      return;
    case 'choice':
      if (v.t !== 'str' || !p.choices?.some((c) => c.id === v.s)) bad(msg('kind-choice', { ids: p.choices?.map((c) => c.id).join(', ') ?? '' }));
      return;
  }
}

const expressionOf = (s: Scalar): Expression => (s.t === 'x' ? Expression.of(s.e) : Expression.from(s.v));

function expectedPart(p: PartDef, v: Val): ExpectedPart {
  switch (p.kind) {
    case 'number':
      return { kind: 'number', value: expressionOf(v as Scalar) };
    case 'vector':
      return { kind: 'vector', value: (v as Val & { t: 'vec' }).items.map(expressionOf) };
    case 'matrix':
      return { kind: 'matrix', value: (v as Val & { t: 'mat' }).rows.map((r) => r.map(expressionOf)) };
    case 'expression':
      return { kind: 'expression', value: expressionOf(v as Scalar) };
    case 'choice':
      return { kind: 'choice', value: (v as Val & { t: 'str' }).s };
  }
}

function partSpec(p: PartDef, v: Val | undefined, env: Env, budget: Budget): AnswerPart {
  const label = p.label ?? { en: p.name, zh: p.name };
  const exactOnly = p.exact || (p.exactWhen !== undefined && located(`${p.path}.exact`, () => asBool(evaluate(p.exactWhen as Node, env, budget), 'exact')));
  const tolerance = exactOnly ? EXACT_ONLY : p.tolerance !== undefined ? { ...DEFAULT_TOLERANCE, relative: p.tolerance } : undefined;
  const base = { name: p.name, label, ...(tolerance ? { tolerance } : {}) };
  switch (p.kind) {
    case 'number':
      return { ...base, kind: 'number' };
    case 'vector':
      return { ...base, kind: 'vector', length: v?.t === 'vec' ? v.items.length : 1 };
    case 'matrix':
      return { ...base, kind: 'matrix', rows: v?.t === 'mat' ? v.rows.length : 1, cols: v?.t === 'mat' ? (v.rows[0]?.length ?? 1) : 1 };
    case 'expression':
      return { name: p.name, label, kind: 'expression', variables: p.variables ?? [] };
    case 'choice':
      return { name: p.name, label, kind: 'choice', choices: p.choices ?? [] };
  }
}

function answerObject(c: Computed): Answer {
  const anyNoneAllowed = c.parts.some((p) => p.noneAllowed);
  if (c.none) return { exists: false };
  const approx: Record<string, Answer[string]> = {};
  const exactTexts: Record<string, Answer[string]> = {};
  for (const p of c.parts) {
    const v = c.values.get(p.name) as Val;
    approx[p.name] = approxJson(v) as Answer[string];
    exactTexts[p.name] = (v.t === 'vec' ? v.items.map(valueText) : v.t === 'mat' ? v.rows.map((r) => r.map(valueText)) : valueText(v)) as Answer[string];
  }
  const single = c.parts.length === 1 && c.parts[0]?.name === 'value';
  return { ...(anyNoneAllowed ? { exists: true } : {}), ...approx, exact: single ? (exactTexts.value as Answer[string]) : exactTexts };
}

function givenValue(g: GivenPart): Val {
  switch (g.kind) {
    case 'number':
    case 'expression':
      return exact(exprOf(g.value));
    case 'vector':
      return { t: 'vec', items: g.value.map((e) => exact(exprOf(e))) };
    case 'matrix':
      return { t: 'mat', rows: g.value.map((r) => r.map((e) => exact(exprOf(e)))) };
    case 'choice':
      return { t: 'str', s: g.value };
  }
}

// ---------- the family ----------

export interface CompiledQuestion {
  readonly family: ProblemFamily;
  readonly spec: QuestionSpec;
  readonly version: number;
  readonly generationKey: string;
  /** How `verify` checks an instance ("question-file verify (2 conditions)"), as a message. */
  readonly verifyMethod: QuestionMessage;
  /** Why an instance fails its verify conditions (as a message), or undefined when it passes. */
  checkVerify(params: JsonObject): QuestionMessage | undefined;
}

export type CompileResult = ({ readonly ok: true } & CompiledQuestion) | { readonly ok: false; readonly problems: readonly QuestionProblem[] };

/** The version of a file: stated, or derived from what decides generation (a 31-bit hash). */
export function versionOf(spec: QuestionSpec): number {
  return spec.explicitVersion ?? (parseInt(spec.generationKey.slice(-8), 16) % 2_000_000_000) + 1;
}

function asProblem(spec: QuestionSpec, error: QuestionError): QuestionProblem {
  const path = error.path.map(String).join('.');
  return problemAt(path, spec.lineOf(path), msg('at-seed-one', { detail: error.detail }));
}

/**
 * Builds the family of a question file. Pure: the same text gives the same family everywhere.
 * Runs seed 1 of the first level once (for the family's example answers); run the question tests
 * with `runQuestionTests` before accepting a file.
 *
 * @example
 * const r = compileQuestionFile(yamlText);
 * if (r.ok) generateInstance(r.family, 7, 'easy').prompt('en');
 */
export function compileQuestionFile(text: unknown): CompileResult {
  const read = readQuestionFile(text);
  if (!read.ok) return read;
  const spec = read.spec;
  const version = versionOf(spec);
  const memo = new Map<string, { state: InstanceState; computed: Computed }>();
  const stateOf = (params: Params) => {
    const key = JSON.stringify(params);
    const hit = memo.get(key);
    if (hit) return hit;
    const budget = new Budget();
    const state = instanceFromParams(spec, params, budget);
    let computed: Computed;
    try {
      computed = computeAnswer(spec, state.env, budget);
    } catch (error) {
      if (error instanceof QuestionError) throw new QuestionParamsError(msg('cannot-compute-answer', { detail: error.detail }));
      throw error;
    }
    // A small cache: instances are re-read several times per request (prompt, spec, check, steps).
    if (memo.size > 64) memo.delete(memo.keys().next().value as string);
    const entry = { state, computed };
    memo.set(key, entry);
    return entry;
  };

  const parseParams = (raw: unknown): Params => stateOf(raw as Params).state.params;
  const generate = (rng: Rng, level: Level): Params => {
    const drawn = drawInstance(spec, rng, level);
    return drawn.params;
  };
  const prompt = (params: Params, lang: Lang): string => {
    const { state } = stateOf(params);
    const budget = new Budget();
    return pickConditional(spec.prompt, state.env, budget, 'prompt')
      .map((t) => render(t[lang], state.env, budget))
      .join('\n\n');
  };
  const answerSpec = (params: Params): AnswerSpec => {
    const { computed, state } = stateOf(params);
    const budget = new Budget();
    return { parts: computed.parts.map((p) => partSpec(p, computed.values.get(p.name), state.env, budget)), noneAllowed: computed.parts.some((p) => p.noneAllowed) };
  };
  const solve = (params: Params): Solution<Answer> => {
    const { computed } = stateOf(params);
    return {
      answer: answerObject(computed),
      expected: computed.none ? { kind: 'none' } : { kind: 'parts', parts: Object.fromEntries(computed.parts.map((p) => [p.name, expectedPart(p, computed.values.get(p.name) as Val)])) },
    };
  };
  const verifyMethod = spec.verify.length === 1 ? msg('verify-method-one') : msg('verify-method', { count: spec.verify.length });
  const checkVerify = (params: Params): QuestionMessage | undefined => {
    const { state } = stateOf(params);
    try {
      const failed = failingVerify(spec, state.env, new Budget());
      return failed ? msg('verify-fails', { condition: failed.condition }) : undefined;
    } catch (error) {
      if (error instanceof QuestionError) return error.detail;
      throw error;
    }
  };
  const verify = (params: Params): Verification => {
    const failure = checkVerify(params);
    const method = englishOf(verifyMethod);
    return failure ? { ok: false, method, detail: englishOf(failure) } : { ok: true, method };
  };
  const steps = (params: Params, _solution: Solution<Answer>, lang: Lang): string => {
    const { state } = stateOf(params);
    const budget = new Budget();
    return numberedSteps(pickConditional(spec.steps, state.env, budget, 'steps').map((t) => render(t[lang], state.env, budget)));
  };
  const diagnose = (params: Params, _solution: Solution<Answer>, given: GivenAnswer): Diagnosis | undefined => {
    if (spec.feedback.length === 0) return undefined;
    const { state, computed } = stateOf(params);
    const env = new Map(state.env);
    if (given.kind === 'none') env.set('answer', { t: 'str', s: 'none' });
    else {
      for (const [name, part] of Object.entries(given.parts)) env.set(`answer_${name}`, givenValue(part));
      const first = computed.parts[0];
      if (first && given.parts[first.name]) env.set('answer', givenValue(given.parts[first.name] as GivenPart));
    }
    const budget = new Budget();
    for (const f of spec.feedback) {
      try {
        if (asBool(evaluate(f.when, env, budget), 'feedback when')) return { note: f.note, message: f.message };
      } catch (error) {
        // A learner's answer can make a rule inapplicable (e.g. comparing with a wrong shape).
        if (!(error instanceof QuestionError)) throw error;
      }
    }
    return undefined;
  };

  // Example answers for the protocol: the file's tests, made concrete at seed 1 of the first level.
  let examples: FamilyExample<Params>[];
  try {
    const level = spec.levels[0] as Level;
    const drawn = drawInstance(spec, Rng.fromSeed(1).fork(`${spec.id}/${level}`), level);
    const computed = computeAnswer(spec, drawn.env, new Budget());
    const applies = (t: (typeof spec.tests)[number]) => t.when === undefined || asBool(evaluate(t.when, drawn.env, new Budget()), 'when');
    examples = spec.tests
      .filter((t) => (t.level === undefined || t.level === level) && applies(t))
      .map((t) => {
        const answer = testAnswerText(t.answer, computed, drawn.env, new Budget());
        return { params: drawn.params, answer, correct: t.correct, ...(t.note ? { note: t.note } : {}) };
      });
    const canonical: FamilyExample<Params> = {
      params: drawn.params,
      answer: computed.none ? 'none' : testAnswerText(new Map(computed.parts.map((p) => [p.name, { text: valueText(computed.values.get(p.name) as Val) }])), computed, drawn.env, new Budget()),
      correct: true,
      comment: 'the computed answer',
    };
    examples.unshift(canonical);
  } catch (error) {
    if (error instanceof QuestionError) return { ok: false, problems: [asProblem(spec, error)] };
    throw error;
  }
  if (examples.length === 0) return { ok: false, problems: [problemAt('tests', spec.lineOf('tests'), msg('no-test-first-level'))] };

  const family = defineFamily<Params, Answer>({
    id: spec.id,
    version,
    article: spec.article,
    title: spec.title,
    levels: spec.levels,
    parseParams,
    generate,
    prompt,
    answerSpec,
    solve,
    verify,
    steps,
    diagnose,
    examples,
  });
  return { ok: true, family, spec, version, generationKey: spec.generationKey, verifyMethod, checkVerify };
}

/** The learner text a test answer stands for, at one instance. */
export function testAnswerText(answer: QuestionSpec['tests'][number]['answer'], computed: Computed, env: Env, budget: Budget): string | Record<string, string> {
  if (answer === 'none') return 'none';
  const out: Record<string, string> = {};
  for (const [name, a] of answer) out[name] = 'text' in a ? a.text : valueText(evaluate(a.expr, env, budget));
  const names = computed.parts.map((p) => p.name);
  if (names.length === 1 && Object.keys(out).length === 1 && out[names[0] as string] !== undefined) return out[names[0] as string] as string;
  return out;
}

export { computeAnswer, type Computed };
