import { randomBytes, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A short id people can type (8 characters, no look-alikes): ~40 bits. */
export function newShortId(): string {
  return [...randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7: time-ordered, so rows inserted in bulk land at the end of their
 * index instead of all over it (imports of many rows). Ids made in the same
 * millisecond keep their order through a counter.
 */
export function newOrderedId(): string {
  const now = Date.now();
  if (now === lastMs) sequence++;
  else {
    lastMs = now;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
