/**
 * Helpers for `parseParams`: read untrusted JSON-ish params strictly, with caps, and throw
 * `InvalidParamsError` with a message that names the field. Own properties only (no prototype
 * lookups, so `__proto__` and `constructor` keys are just unknown keys).
 */
import { InvalidParamsError } from './errors';
import { Rational } from './rational';
import { parseExpr } from './parse';
import { Expression } from './expression';

type Plain = Readonly<Record<string, unknown>>;

/** The params object with exactly the allowed keys (optional ones may be missing). */
export function readObject(raw: unknown, required: readonly string[], optional: readonly string[] = []): Plain {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('params must be an object');
  for (const key of Object.keys(raw)) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new InvalidParamsError(`unknown param ${JSON.stringify(key.slice(0, 40))}`);
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(raw, key)) throw new InvalidParamsError(`missing param ${key}`);
  }
  return raw as Plain;
}

function field(obj: Plain, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** A safe integer in [min, max]. */
export function readInt(obj: Plain, key: string, min: number, max: number): number {
  const v = field(obj, key);
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InvalidParamsError(`${key} must be an integer`);
  if (v < min || v > max) throw new InvalidParamsError(`${key} must be between ${min} and ${max}`);
  return v;
}

/** One of the given strings. */
export function readEnum<T extends string>(obj: Plain, key: string, values: readonly T[]): T {
  const v = field(obj, key);
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new InvalidParamsError(`${key} must be one of ${values.join(', ')}`);
  }
  return v as T;
}

/**
 * An exact rational from a JSON number (its shortest decimal: 0.1 → 1/10) or text like `"2/3"`,
 * `"0.25"`; |value| ≤ maxAbs and numerator/denominator at most `maxDigits` digits.
 */
export function toRational(v: unknown, what: string, maxAbs = 1e12, maxDigits = 30): Rational {
  let q: Rational | undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InvalidParamsError(`${what} must be a finite number`);
    if (Math.abs(v) > maxAbs) throw new InvalidParamsError(`${what} is too large (|value| ≤ ${maxAbs})`);
    q = Rational.fromNumber(v);
  } else if (typeof v === 'string' && v.length <= 2 * maxDigits + 8) {
    q = Rational.parse(v);
    if (!q) throw new InvalidParamsError(`${what} must be a number or a fraction like "2/3"`);
  } else {
    throw new InvalidParamsError(`${what} must be a number or a fraction like "2/3"`);
  }
  if (q.num.toString().length > maxDigits + 1 || q.den.toString().length > maxDigits) {
    throw new InvalidParamsError(`${what} has too many digits`);
  }
  if (q.abs().cmp(Rational.fromNumber(maxAbs)) > 0) throw new InvalidParamsError(`${what} is too large (|value| ≤ ${maxAbs})`);
  return q;
}

export function readRational(obj: Plain, key: string, maxAbs = 1e12): Rational {
  return toRational(field(obj, key), key, maxAbs);
}

/** An array of `length` (or between min and max) exact numbers. */
export function readVector(obj: Plain, key: string, minLength: number, maxLength: number, maxAbs = 1e12): Rational[] {
  const v = field(obj, key);
  if (!Array.isArray(v)) throw new InvalidParamsError(`${key} must be an array of numbers`);
  if (v.length < minLength || v.length > maxLength) {
    throw new InvalidParamsError(minLength === maxLength ? `${key} must have ${minLength} entries` : `${key} must have ${minLength} to ${maxLength} entries`);
  }
  return v.map((x, i) => toRational(x, `${key}[${i}]`, maxAbs));
}

/** A rows×cols array of arrays of exact numbers. */
export function readMatrix(obj: Plain, key: string, minSize: number, maxSize: number, maxAbs = 1e12): Rational[][] {
  const v = field(obj, key);
  if (!Array.isArray(v) || v.length < minSize || v.length > maxSize) {
    throw new InvalidParamsError(`${key} must be a square matrix of size ${minSize} to ${maxSize}`);
  }
  const n = v.length;
  return v.map((row, i) => {
    if (!Array.isArray(row) || row.length !== n) throw new InvalidParamsError(`${key} must be square (${n}×${n})`);
    return row.map((x, j) => toRational(x, `${key}[${i}][${j}]`, maxAbs));
  });
}

/** An expression in the allowed variables, parsed by the sandbox (at most 300 nodes). */
export function readExpression(obj: Plain, key: string, variables: readonly string[], maxLength = 400): Expression {
  const v = field(obj, key);
  if (typeof v !== 'string') throw new InvalidParamsError(`${key} must be an expression (text)`);
  const r = parseExpr(v, { variables, maxLength, maxNodes: 300 });
  if (!r.ok) throw new InvalidParamsError(`${key}: ${r.message.en}`);
  if (r.expr.t === 'vec') throw new InvalidParamsError(`${key} must be a scalar expression`);
  return Expression.of(r.expr);
}
