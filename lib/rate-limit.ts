/**
 * A fixed-window counter per key, in memory (one app process serves the group).
 * `hit` records an attempt and says whether it is still allowed and when the window resets.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAtMs: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(key: string, nowMs: number): { allowed: boolean; retryAfterSeconds: number } {
    let window = this.windows.get(key);
    if (!window || window.resetAtMs <= nowMs) {
      window = { count: 0, resetAtMs: nowMs + this.windowMs };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.prune(nowMs);
    }
    window.count++;
    return { allowed: window.count <= this.limit, retryAfterSeconds: Math.ceil((window.resetAtMs - nowMs) / 1000) };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(nowMs: number): void {
    for (const [key, window] of this.windows) if (window.resetAtMs <= nowMs) this.windows.delete(key);
  }
}
