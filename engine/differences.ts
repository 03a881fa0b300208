/**
 * Numerical slopes by finite differences, for families' independent checks of symbolic derivatives.
 * A function of several variables is given as it compiles (`Expression.compile`): undefined where it
 * is not defined.
 */

/** A compiled function of several variables; undefined outside its domain. */
export type NumericFunction = (values: readonly number[]) => number | undefined;

/**
 * (f(p + hu) − f(p − hu)) / 2h: the slope of f at p along u, to O(h²); undefined when either side is.
 *
 * @example
 * centralDifference(([x]) => x! ** 2, [3], [1], 1e-3)  // ≈ 6
 */
export function centralDifference(f: NumericFunction, p: readonly number[], u: readonly number[], h: number): number | undefined {
  const plus = f(p.map((x, i) => x + h * (u[i] as number)));
  const minus = f(p.map((x, i) => x - h * (u[i] as number)));
  return plus === undefined || minus === undefined ? undefined : (plus - minus) / (2 * h);
}

/**
 * Central differences at h and h/2 combined by Richardson extrapolation, (4·D(h/2) − D(h)) / 3: the
 * slope of f at p along u, to O(h⁴).
 *
 * @example
 * richardsonDifference(([x, y]) => x! * y!, [2, 3], [1, 0], 1e-2)  // 3 (to rounding)
 */
export function richardsonDifference(f: NumericFunction, p: readonly number[], u: readonly number[], h: number): number | undefined {
  const d1 = centralDifference(f, p, u, h);
  const d2 = centralDifference(f, p, u, h / 2);
  return d1 === undefined || d2 === undefined ? undefined : (4 * d2 - d1) / 3;
}
