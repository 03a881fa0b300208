/**
 * A fixed-window counter per key, in memory (one app process serves the group).
 * `blocked` says whether a key has used up its window; `hit` records one more event.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAtMs: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it is not blocked. */
  blocked(key: string, nowMs: number): number {
    const window = this.windows.get(key);
    if (!window || window.resetAtMs <= nowMs || window.count < this.limit) return 0;
    return Math.ceil((window.resetAtMs - nowMs) / 1000);
  }

  hit(key: string, nowMs: number): void {
    let window = this.windows.get(key);
    if (!window || window.resetAtMs <= nowMs) {
      window = { count: 0, resetAtMs: nowMs + this.windowMs };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.prune(nowMs);
    }
    window.count++;
  }

  private prune(nowMs: number): void {
    for (const [key, window] of this.windows) if (window.resetAtMs <= nowMs) this.windows.delete(key);
  }
}
