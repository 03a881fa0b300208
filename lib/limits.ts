import { HttpError } from './http';
import { RateLimiter } from './rate-limit';

// NOTE: per address and per account, so neither one client nor a spread-out guess at one account gets far.
const loginPerAddress = new RateLimiter(20, 15 * 60 * 1000);
const loginPerAccount = new RateLimiter(10, 15 * 60 * 1000);
const signupPerAddress = new RateLimiter(10, 60 * 60 * 1000);

function enforce(limiter: RateLimiter, key: string, nowMs: number): void {
  const { allowed, retryAfterSeconds } = limiter.hit(key, nowMs);
  if (!allowed) {
    throw new HttpError(429, `too many attempts; try again in ${retryAfterSeconds} s`, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export function limitLogin(address: string, username: string, nowMs: number): void {
  enforce(loginPerAddress, address, nowMs);
  enforce(loginPerAccount, username.toLowerCase(), nowMs);
}

export function limitSignup(address: string, nowMs: number): void {
  enforce(signupPerAddress, address, nowMs);
}
