/**
 * Exact rational numbers over bigint, always in lowest terms with a positive denominator.
 *
 * @example
 * Rational.parse('3/5').add(Rational.from(1)).toString(); // '8/5'
 * Rational.fromNumber(0.1).toString();                     // '1/10' (shortest decimal of the double)
 */
import { charge } from './budget';

export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static readonly zero = new Rational(0n, 1n);
  static readonly one = new Rational(1n, 1n);

  /** num/den in lowest terms. Throws RangeError on a zero denominator. */
  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new RangeError('zero denominator');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    if (den === 1n) return new Rational(num, 1n);
    const g = gcd(num < 0n ? -num : num, den);
    return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
  }

  /**
   * num/den when the caller knows they are coprime (skips the gcd, which is slow for huge
   * numbers); the sign is still normalised. Throws RangeError on a zero denominator.
   */
  static ofCoprime(num: bigint, den: bigint): Rational {
    if (den === 0n) throw new RangeError('zero denominator');
    return den < 0n ? new Rational(-num, -den) : new Rational(num, den);
  }

  /** An integer (number or bigint) or a rational. Throws RangeError for a non-integer number. */
  static from(value: number | bigint | Rational): Rational {
    if (value instanceof Rational) return value;
    if (typeof value === 'bigint') return new Rational(value, 1n);
    if (!Number.isInteger(value)) throw new RangeError(`not an integer: ${value}`);
    return new Rational(BigInt(value), 1n);
  }

  /**
   * The exact value of the shortest decimal text of a finite double: `fromNumber(0.1)` is 1/10, the
   * number a person meant, not the binary double 0.1000000000000000055…
   */
  static fromNumber(value: number): Rational {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    if (Number.isInteger(value) && Number.isSafeInteger(value)) return new Rational(BigInt(value), 1n);
    const parsed = Rational.parseDecimal(String(value), 400);
    if (!parsed) throw new RangeError(`cannot convert ${value}`);
    return parsed;
  }

  /** The exact binary value of a finite double (`exactDouble(0.1)` is 3602879701896397/2^55). */
  static exactDouble(x: number): Rational {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const high = view.getUint32(0);
    const biased = (high >>> 20) & 0x7ff;
    let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
    let exponent = -1074;
    if (biased !== 0) {
      mantissa |= 1n << 52n;
      exponent = biased - 1075;
    }
    if (high >>> 31) mantissa = -mantissa;
    return exponent >= 0 ? Rational.of(mantissa << BigInt(exponent), 1n) : Rational.of(mantissa, 1n << BigInt(-exponent));
  }

  /**
   * Decimal text (`-12.5`, `3e-2`, `.5`) to an exact rational; undefined if malformed or if the
   * decimal exponent exceeds `maxExponent` in magnitude (guards against `1e999999999`).
   */
  static parseDecimal(text: string, maxExponent = 400): Rational | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m) return undefined;
    const [, sign = '', intPart = '', fracPart = '', expPart] = m;
    if (intPart === '' && fracPart === '') return undefined;
    if (expPart !== undefined && expPart.replace(/^[+-]?0*/, '').length > 6) return undefined;
    const exponent = (expPart === undefined ? 0 : Number(expPart)) - fracPart.length;
    const digits = (intPart + fracPart).replace(/^0+/, '');
    if (digits === '') return Rational.zero;
    const magnitude = digits.length + exponent;
    if (Math.abs(magnitude) > maxExponent || Math.abs(exponent) > maxExponent + digits.length) return undefined;
    const mantissa = BigInt(digits) * (sign === '-' ? -1n : 1n);
    return exponent >= 0 ? Rational.of(mantissa * 10n ** BigInt(exponent), 1n) : Rational.of(mantissa, 10n ** BigInt(-exponent));
  }

  /** `'3/5'`, `'-2'`, `' 7 / -14 '`, or decimal text; undefined if it is none of these or too long. */
  static parse(text: string): Rational | undefined {
    if (text.length > 2000) return undefined;
    const slash = text.indexOf('/');
    if (slash < 0) return Rational.parseDecimal(text);
    const p = Rational.parseDecimal(text.slice(0, slash));
    const q = Rational.parseDecimal(text.slice(slash + 1));
    if (!p || !q || q.isZero()) return undefined;
    return p.div(q);
  }

  isZero(): boolean {
    return this.num === 0n;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }
  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }
  add(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num + o.num, 1n);
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return this.add(o.neg());
  }
  mul(o: Rational): Rational {
    const work = this.bitSize() * o.bitSize();
    if (work > 4_000_000) charge(work / 6_000_000);
    if (this.den === 1n && o.den === 1n) return new Rational(this.num * o.num, 1n);
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  /** Throws RangeError when dividing by zero. */
  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError('division by zero');
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational {
    return new Rational(-this.num, this.den);
  }
  abs(): Rational {
    return this.num < 0n ? this.neg() : this;
  }
  /** Integer power; throws RangeError for 0 to a negative power. */
  pow(exponent: number): Rational {
    if (exponent < 0) return Rational.one.div(this).pow(-exponent);
    if (exponent > 1) charge((this.bitSize() * exponent) / 2000);
    return new Rational(this.num ** BigInt(exponent), this.den ** BigInt(exponent));
  }
  cmp(o: Rational): -1 | 0 | 1 {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  equals(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  /** Bits of numerator plus denominator: a size measure used to cap exact work. */
  bitSize(): number {
    return bitLength(this.num) + bitLength(this.den);
  }

  /** The nearest double (faithful even when numerator and denominator exceed the double range). */
  toNumber(): number {
    return ratioToNumber(this.num, this.den);
  }

  /** `'p/q'` or `'p'`. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  /** `\frac{p}{q}` (sign outside), or the integer. */
  toTex(): string {
    if (this.den === 1n) return this.num.toString();
    const sign = this.num < 0n ? '-' : '';
    return `${sign}\\frac{${(this.num < 0n ? -this.num : this.num).toString()}}{${this.den}}`;
  }
}

/**
 * Greatest common divisor by Euclid's algorithm. Charges the work budget (engine/budget.ts)
 * 1 + 75·(bits/1000)² units, the measured cost of the remainder sequence on b-bit operands.
 *
 * @example
 * gcd(12n, -18n)   // 6n
 */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  if (a > 0xffffffffn && b > 0xffffffffn) {
    const bits = Math.max(bitLength(a), bitLength(b)) / 1000;
    charge(1 + 75 * bits * bits);
  }
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Number of bits of |n| (0 for 0). */
export function bitLength(n: bigint): number {
  if (n < 0n) n = -n;
  if (n === 0n) return 0;
  if (n < 9007199254740992n) return Math.floor(Math.log2(Number(n))) + 1;
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0] ?? '0', 16)));
}

/** num/den as the nearest double, without overflow in the intermediate conversions. */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const negative = num < 0n !== den < 0n;
  if (num < 0n) num = -num;
  if (den < 0n) den = -den;
  const shift = bitLength(num) - bitLength(den) - 64;
  const q = shift >= 0 ? num / (den << BigInt(shift)) : (num << BigInt(-shift)) / den;
  let value = Number(q);
  let s = shift;
  while (s > 0 && Number.isFinite(value)) {
    const step = Math.min(s, 1000);
    value *= 2 ** step;
    s -= step;
  }
  while (s < 0 && value !== 0) {
    const step = Math.min(-s, 1000);
    value /= 2 ** step;
    s += step;
  }
  return negative ? -value : value;
}
