/**
 * Rate limits: fixed windows of counted events per key. Every limit in the app goes through this one
 * interface. The windows live in the database (table RateLimit), so that several app processes serving
 * one database count the same events: a password guesser gains nothing by spreading tries over them.
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

/** One window of counted events. */
export interface Window {
  readonly count: number;
  readonly resetAtMs: number;
}

/** Where windows are kept, by `limiter name:key`. */
export interface WindowStore {
  /** The key's window, if it has one (it may have ended). */
  get(key: string): Promise<Window | undefined>;
  /** Counts one event: in the key's window, or in a new one of `windowMs` when it has none or it ended. */
  increment(key: string, nowMs: number, windowMs: number): Promise<void>;
}

/** Windows whose end lies this far behind are deleted now and then, by whichever process counts an event. */
const pruneEvery = 500;
let hitsSincePrune = 0;

/** The windows in the database (shared by every app process). */
export const databaseStore: WindowStore = {
  async get(key) {
    const { db } = await import('./db');
    const row = await db.rateLimit.findUnique({ where: { key } });
    return row ? { count: row.count, resetAtMs: row.resetAt.getTime() } : undefined;
  },
  async increment(key, nowMs, windowMs) {
    const { db } = await import('./db');
    const now = new Date(nowMs);
    await db.rateLimit.deleteMany({ where: { key, resetAt: { lte: now } } });
    const write = () =>
      db.rateLimit.upsert({ where: { key }, create: { key, count: 1, resetAt: new Date(nowMs + windowMs) }, update: { count: { increment: 1 } } });
    try {
      await write();
    } catch (error) {
      // NOTE: two first events of one key at once: the loser's insert meets the winner's row; count into it.
      const { Prisma } = await import('@prisma/client');
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      await write();
    }
    if (++hitsSincePrune >= pruneEvery) {
      hitsSincePrune = 0;
      await db.rateLimit.deleteMany({ where: { resetAt: { lte: now } } });
    }
  },
};

/**
 * A limiter of `limit` events per `windowMs` per key. `name` keeps limiters apart in the shared store
 * (two limiters with one name share their counts); it must not contain ':'.
 */
export function rateLimiter(name: string, limit: number, windowMs: number, store: WindowStore = databaseStore): RateLimiter {
  // NOTE: PostgreSQL text holds no NUL character; a key with one shares its window with its look-alike.
  const id = (key: string) => `${name}:${key.replaceAll('\u0000', '\uFFFD')}`;
  return {
    async blocked(key, nowMs) {
      const window = await store.get(id(key));
      if (!window || window.resetAtMs <= nowMs || window.count < limit) return 0;
      return Math.ceil((window.resetAtMs - nowMs) / 1000);
    },
    async hit(key, nowMs) {
      await store.increment(id(key), nowMs, windowMs);
    },
  };
}
