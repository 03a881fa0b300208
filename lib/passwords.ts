import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// NOTE: scrypt N=2^15, r=8, p=1 takes 32 MiB and ~50-100 ms per hash here: memory-hard, yet cheap
// enough for a login. The parameters are stored with each hash so they can be raised later.
const defaults = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;

export const passwordRules = { minLength: 8, maxLength: 256 } as const;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, defaults);
  return ['scrypt', defaults.N, defaults.r, defaults.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password, compared against when a username is unknown, so timing does not tell. */
export const decoyHash = hashPassword(randomBytes(16).toString('hex'));
