import { describe, expect, it } from 'vitest';
import { rateLimiter, type Window, type WindowStore } from './rate-limit';

// NOTE: the limiter's arithmetic over a store in a map; the database store is exercised by the API tests
// (tests/api-robustness.test.ts) and across app processes (tests/multi-process.test.ts).
function store(): WindowStore {
  const windows = new Map<string, Window>();
  return {
    get: async (key) => windows.get(key),
    increment: async (key, nowMs, windowMs) => {
      const window = windows.get(key);
      windows.set(key, window && window.resetAtMs > nowMs ? { ...window, count: window.count + 1 } : { count: 1, resetAtMs: nowMs + windowMs });
    },
  };
}

describe('rateLimiter', () => {
  it('blocks a key after `limit` events until its window ends, and keys are independent', async () => {
    const limiter = rateLimiter('t', 3, 60_000, store());
    for (let i = 0; i < 3; i++) {
      expect(await limiter.blocked('a', 1_000)).toBe(0);
      await limiter.hit('a', 1_000 + i);
    }
    expect(await limiter.blocked('a', 2_000)).toBe(59);
    expect(await limiter.blocked('b', 2_000)).toBe(0);
    expect(await limiter.blocked('a', 61_000)).toBe(0);
  });

  it('keeps limiters with different names apart in one store', async () => {
    const shared = store();
    const one = rateLimiter('one', 1, 60_000, shared);
    const two = rateLimiter('two', 1, 60_000, shared);
    await one.hit('k', 0);
    expect(await one.blocked('k', 1)).toBeGreaterThan(0);
    expect(await two.blocked('k', 1)).toBe(0);
  });
});
