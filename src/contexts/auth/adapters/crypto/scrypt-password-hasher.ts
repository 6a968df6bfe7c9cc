import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../application/ports.js';

/**
 * scrypt at OWASP's recommended parameters (N=2^17, r=8, p=1), a 16-byte salt
 * per password. The parameters are stored with each hash so they can be raised
 * later without invalidating older hashes.
 */
export const OWASP_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  // Node refuses more than 32 MiB by default; N=2^17, r=8 needs 128 MiB.
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `params` lower than OWASP's are for tests only; hashes record the parameters they were made with. */
export function scryptPasswordHasher(params: { N: number; r: number; p: number } = OWASP_SCRYPT): PasswordHasher {
  const { N, r: R, p: P } = params;
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, N, R, P);
      return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(password, stored) {
      const [scheme, n, r, p, salt, key] = stored.split('$');
      if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
      const expected = Buffer.from(key, 'base64');
      const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    async waste(password) {
      await derive(password, randomBytes(16), N, R, P);
    },
  };
}
