/**
 * A bounded least-recently-used cache for the results of pure functions (rendering a text, checking a
 * stored value whose key is its hash): what it holds never goes stale, so one process may keep it while
 * other processes change the database. Bounded by entries and by a total weight (e.g. characters).
 *
 * @example
 * const squares = boundedCache<number>({ maxEntries: 2 });
 * squares.get('3', () => 9); // computes: 9
 * squares.get('3', () => 0); // cached: 9
 */
export function boundedCache<V>(limits: { readonly maxEntries: number; readonly maxWeight?: number; readonly weigh?: (value: V) => number }) {
  const entries = new Map<string, { value: V; weight: number }>();
  let total = 0;
  return {
    get(key: string, make: () => V): V {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit.value;
      }
      const value = make();
      const weight = limits.weigh?.(value) ?? 0;
      if (limits.maxWeight !== undefined && weight > limits.maxWeight) return value;
      entries.set(key, { value, weight });
      total += weight;
      for (const [oldest, entry] of entries) {
        if (entries.size <= limits.maxEntries && (limits.maxWeight === undefined || total <= limits.maxWeight)) break;
        entries.delete(oldest);
        total -= entry.weight;
      }
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * One value per process under `name`, whichever copy of a module asks first: Next may evaluate a module once
 * per route bundle, and `npm start`'s fast path (scripts/fast-routes.ts, bundled apart from Next) has its own
 * copy of lib/. A cache made here is made once, so both paths share its entries and its bound.
 *
 * @example
 * perProcess('squares', () => new Map()) === perProcess('squares', () => new Map()); // true
 */
export function perProcess<T>(name: string, make: () => T): T {
  const holder = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(`ml-study.${name}`);
  return (holder[key] ??= make()) as T;
}
