import { HttpError } from './http';
import { RateLimiter } from './rate-limit';

// NOTE: failed attempts are counted per address and per account, so neither one client nor a guess
// spread over many addresses gets far; successful sign-ins from a shared address are never blocked.
const loginPerAddress = new RateLimiter(20, 15 * 60 * 1000);
const loginPerAccount = new RateLimiter(10, 15 * 60 * 1000);
const signupPerAddress = new RateLimiter(20, 60 * 60 * 1000);
const setupPerAddress = new RateLimiter(20, 60 * 60 * 1000);

type Limit = readonly [RateLimiter, string];

/** Runs `attempt` unless a limit is used up (429); a 4xx from it counts as a failure against every limit. */
async function guarded<T>(limits: readonly Limit[], nowMs: number, attempt: () => Promise<T>): Promise<T> {
  const wait = Math.max(...limits.map(([limiter, key]) => limiter.blocked(key, nowMs)));
  if (wait > 0) throw new HttpError(429, `too many failed attempts; try again in ${wait} s`, { 'Retry-After': String(wait) });
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) for (const [limiter, key] of limits) limiter.hit(key, nowMs);
    throw error;
  }
}

export function limitLogin<T>(address: string, username: string, attempt: () => Promise<T>): Promise<T> {
  return guarded([[loginPerAddress, address], [loginPerAccount, username.trim().toLowerCase()]], Date.now(), attempt);
}

export function limitSignup<T>(address: string, attempt: () => Promise<T>): Promise<T> {
  return guarded([[signupPerAddress, address]], Date.now(), attempt);
}

export function limitSetup<T>(address: string, attempt: () => Promise<T>): Promise<T> {
  return guarded([[setupPerAddress, address]], Date.now(), attempt);
}
