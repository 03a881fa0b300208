/**
 * Rate limits: fixed windows of counted events per key. Every limit in the app goes through this one
 * interface; today the windows live in this process's memory (one app process serves the group), and a
 * store in the database can replace `memoryStore` when several processes serve one database.
 *
 * A window starts at a key's first event and lasts `windowMs`; once `limit` events are in it, the key is
 * blocked until the window ends. Callers check `blocked` first and do not `hit` while blocked, so a
 * blocked key's wait is never extended by more attempts (a lock cannot be renewed for free).
 */
export interface RateLimiter {
  /** Seconds until `key` may act again, or 0 when it is not blocked. */
  blocked(key: string, nowMs: number): Promise<number>;
  /** Records one event for `key`. */
  hit(key: string, nowMs: number): Promise<void>;
}

/** Where windows are kept: one map of `limiter name + key` → window. */
export interface WindowStore {
  get(key: string): { count: number; resetAtMs: number } | undefined;
  set(key: string, window: { count: number; resetAtMs: number }): void;
  prune(nowMs: number): void;
  readonly size: number;
}

class MemoryStore implements WindowStore {
  private readonly windows = new Map<string, { count: number; resetAtMs: number }>();
  get(key: string) {
    return this.windows.get(key);
  }
  set(key: string, window: { count: number; resetAtMs: number }) {
    this.windows.set(key, window);
  }
  prune(nowMs: number) {
    for (const [key, window] of this.windows) if (window.resetAtMs <= nowMs) this.windows.delete(key);
  }
  get size() {
    return this.windows.size;
  }
}

// NOTE: on globalThis, because Next may load this module once per route bundle; one store per process.
const shared = Symbol.for('ml-study.rate-limit-store');
function memoryStore(): WindowStore {
  const holder = globalThis as typeof globalThis & { [shared]?: WindowStore };
  holder[shared] ??= new MemoryStore();
  return holder[shared];
}

/**
 * A limiter of `limit` events per `windowMs` per key. `name` keeps limiters apart in the shared store
 * (two limiters with one name share their counts).
 */
export function rateLimiter(name: string, limit: number, windowMs: number, store: WindowStore = memoryStore()): RateLimiter {
  const id = (key: string) => `${name}\u0000${key}`;
  return {
    async blocked(key, nowMs) {
      const window = store.get(id(key));
      if (!window || window.resetAtMs <= nowMs || window.count < limit) return 0;
      return Math.ceil((window.resetAtMs - nowMs) / 1000);
    },
    async hit(key, nowMs) {
      let window = store.get(id(key));
      if (!window || window.resetAtMs <= nowMs) {
        window = { count: 0, resetAtMs: nowMs + windowMs };
        store.set(id(key), window);
        if (store.size > 100_000) store.prune(nowMs);
      }
      window.count++;
    },
  };
}
