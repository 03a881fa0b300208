/**
 * Number formatting and comparison helpers for prompts, steps and mistake diagnosis.
 */

/**
 * Are two doubles equal up to a relative tolerance (absolute near zero)?
 *
 * @example
 * near(0.1 + 0.2, 0.3)  // true
 */
export function near(a: number, b: number, relative = 1e-9): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/**
 * A double with up to `digits` significant digits, no trailing zeros, exponent form only when
 * very large or small.
 *
 * @example
 * fmt(2 / 3)       // '0.666667'
 * fmt(1234567890)  // '1234567890'
 */
export function fmt(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return x.toString();
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e15) return String(Number(x.toPrecision(digits)));
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e') as [string, string];
  return `${String(Number(mantissa))}e${exponent.replace('+', '')}`;
}

/**
 * TeX for a double: like `fmt`, with `\times 10^{k}` instead of `e`.
 *
 * @example
 * texNumber(0.0000123)  // '1.23 \times 10^{-5}'
 */
export function texNumber(x: number, digits = 6): string {
  const s = fmt(x, digits);
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${m[2]}}` : s;
}

/** An integer with thin-space digit groups in TeX: `134\,217\,728`. */
export function texInteger(n: bigint | number): string {
  const s = BigInt(n).toString();
  const sign = s.startsWith('-') ? '-' : '';
  const digits = sign ? s.slice(1) : s;
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\\,');
}

/**
 * Worked-solution lines as a numbered Markdown list.
 *
 * @example
 * numberedSteps(['$a = 1$.', '$b = 2$.'])  // '1. $a = 1$.\n2. $b = 2$.'
 */
export function numberedSteps(lines: readonly string[]): string {
  return lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
}
