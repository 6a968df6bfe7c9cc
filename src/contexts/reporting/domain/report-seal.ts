/**
 * A PDF report's seal: a statement of what the report is (organisation,
 * assessment, data hash, the SHA-256 of the file as it was before the seal
 * went in) signed with the organisation's key, which is kept outside the
 * database. `report verify` checks the seal first, so a database row forged
 * to match an edited or re-signed file does not make it ours.
 *
 * The seal sits in the PDF's metadata (`RenfeSeal`) as `renfe-seal:` and the
 * base64 of `{ statement, signature }`, padded with `*` to a fixed length:
 * the PDF is drawn with a placeholder of that length, hashed, signed, and
 * the placeholder replaced byte for byte, so nothing else in the file moves.
 */
export const SEAL_SCHEMA = 'renfe.report-seal/v1';
export const SEAL_PREFIX = 'renfe-seal:';
export const SEAL_LENGTH = 2048;
export const SEAL_PLACEHOLDER = SEAL_PREFIX + '*'.repeat(SEAL_LENGTH - SEAL_PREFIX.length);

export interface SealStatement {
  readonly schema: typeof SEAL_SCHEMA;
  readonly report: string;
  readonly organization: string;
  readonly assessment: string;
  readonly dataHash: string;
  /** SHA-256 of the file with the placeholder where the seal is. */
  readonly unsealedHash: string;
  readonly generatedAt: string;
  readonly keyId: string;
  readonly publicKey: string;
}

/** The exact text that is signed: the statement's fields in a fixed order. */
export function statementText(s: SealStatement): string {
  return JSON.stringify([
    s.schema,
    s.report,
    s.organization,
    s.assessment,
    s.dataHash,
    s.unsealedHash,
    s.generatedAt,
    s.keyId,
    s.publicKey,
  ]);
}

export function sealText(statement: SealStatement, signature: string): string {
  const body = SEAL_PREFIX + Buffer.from(JSON.stringify({ statement, signature }), 'utf8').toString('base64');
  if (body.length > SEAL_LENGTH) throw new Error('report seal longer than its placeholder');
  return body.padEnd(SEAL_LENGTH, '*');
}

/** The statement and signature of a seal's text, or null when it is not one. */
export function parseSeal(text: string): { statement: SealStatement; signature: string } | null {
  if (!text.startsWith(SEAL_PREFIX) || text.length !== SEAL_LENGTH) return null;
  try {
    const parsed = JSON.parse(
      Buffer.from(text.slice(SEAL_PREFIX.length).replace(/\*+$/, ''), 'base64').toString('utf8'),
    ) as { statement?: Partial<SealStatement>; signature?: unknown };
    const s = parsed.statement;
    const fields = [
      'report',
      'organization',
      'assessment',
      'dataHash',
      'unsealedHash',
      'generatedAt',
      'keyId',
      'publicKey',
    ];
    if (!s || s.schema !== SEAL_SCHEMA || typeof parsed.signature !== 'string') return null;
    if (!fields.every((f) => typeof (s as Record<string, unknown>)[f] === 'string')) return null;
    return { statement: s as SealStatement, signature: parsed.signature };
  } catch {
    return null;
  }
}
