// Passwords are kept as salted scrypt hashes even in memory, so the demo's
// store never holds a password a memory dump or a debug endpoint could show.
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LEN = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('base64url')}:${scryptSync(password, salt, KEY_LEN).toString('base64url')}`;
}

/**
 * Hashed once at load, so an unknown email costs the same scrypt run as a
 * known one and response time does not reveal which emails exist.
 */
const DECOY_HASH = hashPassword(randomBytes(18).toString('base64url'));

export function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const [saltText, hashText] = (stored ?? DECOY_HASH).split(':');
  const salt = Buffer.from(saltText ?? '', 'base64url');
  const expected = Buffer.from(hashText ?? '', 'base64url');
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LEN, (err, derived) => {
      if (err) reject(err);
      else resolve(stored !== undefined && derived.length === expected.length && timingSafeEqual(derived, expected));
    });
  });
}
