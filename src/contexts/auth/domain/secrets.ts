import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets (session and API tokens). They carry 256 random bits, so a
 * plain SHA-256 is enough to store them; only the hash is ever kept.
 */
export function newSecret(kind: 'session' | 'token'): { secret: string; hash: string; prefix: string } {
  const secret = `${kind === 'token' ? 'rnf_tok' : 'rnf_ses'}_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: digestSecret(secret), prefix: secret.slice(0, 14) };
}

export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret.trim()).digest('hex');
}
