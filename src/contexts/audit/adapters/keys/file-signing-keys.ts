import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SigningKey, SigningKeys } from '../../application/ports.js';

/**
 * Each organisation's Ed25519 signing key, kept as a PEM file (0600, in a
 * 0700 folder) outside the database: `<dir>/<organisation id>.pem`, where
 * dir is RENFE_KEY_DIR or `keys/` beside the configuration file. Someone who
 * can write to the database but not read this file cannot sign a checkpoint
 * or a report.
 */
export function fileSigningKeys(dir: string): SigningKeys {
  const file = (orgId: string) => join(dir, `${orgId.replace(/[^A-Za-z0-9_-]/g, '_')}.pem`);
  return {
    async forOrg(orgId, create) {
      const path = file(orgId);
      if (!existsSync(path)) {
        if (!create) return null;
        if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
        const { privateKey } = generateKeyPairSync('ed25519');
        writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
        chmodSync(path, 0o600);
      }
      const privateKey = createPrivateKey(readFileSync(path, 'utf8'));
      const publicKey = publicKeyText(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
      return {
        keyId: keyIdOf(publicKey),
        publicKey,
        sign: (data) => sign(null, Buffer.from(data, 'utf8'), privateKey).toString('base64'),
      } satisfies SigningKey;
    },
    verify(publicKey, data, signature) {
      try {
        const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
        return verify(null, Buffer.from(data, 'utf8'), key, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
    keyIdOf,
  };
}

function publicKeyText(der: Buffer): string {
  return der.toString('base64');
}

/** A short, stable name for a public key: the first 16 hex digits of its SHA-256. */
function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);
}
