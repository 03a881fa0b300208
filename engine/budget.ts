/**
 * A deterministic work budget for everything the engine does with learner input (parsing is
 * already capped by size; evaluation, exact folding, polynomial normal forms and equivalence
 * sampling are charged here). Work is counted in abstract *units*, calibrated so that one unit is
 * roughly one microsecond of CPU on a slow core (see docs/BENCHMARKS.md, "Hostile answers"):
 *
 *   double ball op ≈ 0.05, double-double op ≈ 0.2 (functions 4–20),
 *   decimal.js op at p digits ≈ 3 + (p/60)², exp/ln ≈ 300 + p²/10, sin/cos/tanh 1.5×, atan/asin/acos 5×,
 *   bigint gcd on b-bit numbers ≈ 1 + 75·(b/1000)².
 *
 * The count, not the clock, decides — so a verdict is the same on every machine (engine/ has no
 * clock). When a budget runs out, `charge` throws `WorkLimitExceeded`; the entry points
 * (`checkAnswer`, `compareExpressions`, `previewAnswer`) turn that into the honest verdict
 * "undecided", never a guess. Outside `withBudget` nothing is limited (family code computing its
 * own solutions runs unmetered; its parameters are capped by the family).
 *
 * @example
 * withBudget(1000, () => { charge(10); return 1; })          // 1
 * tryWithBudget(5, () => charge(10))                         // { ok: false }
 */

/** Budgets of the public entry points, in units (≈ µs of CPU on a slow core). */
export const WORK_LIMITS = {
  /** One `checkAnswer` call (all parts together), or one `previewAnswer`. */
  check: 300_000,
  /** One `compareExpressions` call. */
  equivalence: 300_000,
} as const;

/** Thrown by `charge` when the active budget is spent. Never escapes the public API. */
export class WorkLimitExceeded extends Error {
  constructor() {
    super('work budget exceeded');
    this.name = 'WorkLimitExceeded';
  }
}

let remaining = Infinity;

/**
 * Spends `units` of the active budget: remaining ← remaining − units; throws WorkLimitExceeded
 * once remaining < 0. A no-op (Infinity − n = Infinity) when no budget is active.
 *
 * @example
 * charge(3)   // outside withBudget: nothing happens
 */
export function charge(units: number): void {
  remaining -= units;
  if (remaining < 0) throw new WorkLimitExceeded();
}

/** Units left in the active budget (Infinity when none is active). */
export function remainingWork(): number {
  return remaining;
}

/**
 * Runs `fn` with at most `units` of work: budget ← min(units, what an enclosing budget has left);
 * the work done is also charged to the enclosing budget. Throws WorkLimitExceeded when spent.
 *
 * @example
 * withBudget(100, () => 2 + 2)   // 4
 */
export function withBudget<T>(units: number, fn: () => T): T {
  const outer = remaining;
  const start = Math.min(units, outer);
  remaining = start;
  try {
    return fn();
  } finally {
    const used = start - remaining;
    remaining = outer - used;
  }
}

/**
 * `withBudget`, with running out as a value instead of an exception.
 *
 * @example
 * tryWithBudget(1e6, () => 42)   // { ok: true, value: 42 }
 */
export function tryWithBudget<T>(units: number, fn: () => T): { readonly ok: true; readonly value: T } | { readonly ok: false } {
  try {
    return { ok: true, value: withBudget(units, fn) };
  } catch (error) {
    if (error instanceof WorkLimitExceeded) {
      // An enclosing budget that is itself spent must still stop its caller.
      if (remaining < 0) throw error;
      return { ok: false };
    }
    throw error;
  }
}
