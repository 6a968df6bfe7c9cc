import { randomBytes, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A short id people can type (8 characters, no look-alikes): ~40 bits. */
export function newShortId(): string {
  return [...randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}
