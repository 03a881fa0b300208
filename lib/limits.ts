/**
 * Limits on guessing: sign-in, sign-up, setup and password change. Every limit is a fixed window
 * (lib/rate-limit.ts); a blocked attempt is refused before any password is checked and counts nothing,
 * so a lock runs out at the end of its window however often someone knocks.
 *
 * Sign-in counts failures three ways:
 * - per account and address (10 per 15 min): guessing one account from one address stops quickly, while
 *   the same account signs in from any other address — nobody can lock anyone out from afar;
 * - per account (100 per hour), a slower brake on a guess spread over many addresses; it costs an
 *   attacker 100 failures to hold an account for an hour;
 * - per address (30 per 15 min), against one address trying many accounts.
 * Successful sign-ins are never counted.
 */
import { usernameKey } from './accounts';
import { HttpError } from './http';
import { rateLimiter, type RateLimiter } from './rate-limit';

const minute = 60 * 1000;
const loginPerAccountAndAddress = rateLimiter('login-account-address', 10, 15 * minute);
const loginPerAccount = rateLimiter('login-account', 100, 60 * minute);
const loginPerAddress = rateLimiter('login-address', 30, 15 * minute);
const signupPerAddress = rateLimiter('signup-address', 20, 60 * minute);
const setupPerAddress = rateLimiter('setup-address', 20, 60 * minute);
const passwordFailuresPerUser = rateLimiter('password-change-failures', 5, 15 * minute);
const passwordChangesPerUser = rateLimiter('password-change', 20, 60 * minute);

type Limit = readonly [RateLimiter, string];

async function refuseIfBlocked(limits: readonly Limit[], nowMs: number, what: string): Promise<void> {
  const waits = await Promise.all(limits.map(([limiter, key]) => limiter.blocked(key, nowMs)));
  const wait = Math.max(0, ...waits);
  if (wait > 0) throw new HttpError(429, `${what}; try again in ${wait} s`, { 'Retry-After': String(wait) });
}

/** Runs `attempt` unless a limit is used up (429); a 4xx from it counts as a failure against every limit. */
async function guarded<T>(limits: readonly Limit[], nowMs: number, attempt: () => Promise<T>): Promise<T> {
  await refuseIfBlocked(limits, nowMs, 'too many failed attempts');
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) await Promise.all(limits.map(([limiter, key]) => limiter.hit(key, nowMs)));
    throw error;
  }
}

export function limitLogin<T>(address: string, username: string, attempt: () => Promise<T>): Promise<T> {
  const account = usernameKey(username);
  return guarded(
    [
      [loginPerAccountAndAddress, `${account}\u0000${address}`],
      [loginPerAccount, account],
      [loginPerAddress, address],
    ],
    Date.now(),
    attempt,
  );
}

export function limitSignup<T>(address: string, attempt: () => Promise<T>): Promise<T> {
  return guarded([[signupPerAddress, address]], Date.now(), attempt);
}

export function limitSetup<T>(address: string, attempt: () => Promise<T>): Promise<T> {
  return guarded([[setupPerAddress, address]], Date.now(), attempt);
}

/** Password change: 5 wrong current passwords per 15 min and 20 changes per hour, per user. */
export async function limitPasswordChange<T>(userId: string, attempt: () => Promise<T>): Promise<T> {
  const nowMs = Date.now();
  await refuseIfBlocked([[passwordChangesPerUser, userId]], nowMs, 'too many password changes');
  await passwordChangesPerUser.hit(userId, nowMs);
  return guarded([[passwordFailuresPerUser, userId]], nowMs, attempt);
}
