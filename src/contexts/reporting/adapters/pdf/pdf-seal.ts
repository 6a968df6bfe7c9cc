import { SEAL_LENGTH, SEAL_PLACEHOLDER, SEAL_PREFIX } from '../../domain/report-seal.js';
import type { ReportSealer } from '../../application/ports.js';

/**
 * Finds and replaces the seal in a PDF's bytes. pdfkit writes the metadata
 * string as a literal `(...)` in an uncompressed object; the seal's
 * characters (base64 and `*`) need no escaping there, so the placeholder
 * appears verbatim and is replaced without moving any other byte.
 */
export const pdfSealer: ReportSealer = {
  placeholder: SEAL_PLACEHOLDER,
  embed(content, seal) {
    const at = content.indexOf(SEAL_PLACEHOLDER, 0, 'latin1');
    if (at < 0 || seal.length !== SEAL_LENGTH) throw new Error('the PDF has no place for its seal');
    const sealed = Buffer.from(content);
    sealed.write(seal, at, 'latin1');
    return sealed;
  },
  extract(content) {
    const at = content.lastIndexOf(`(${SEAL_PREFIX}`, undefined, 'latin1');
    if (at < 0 || at + 1 + SEAL_LENGTH > content.length) return null;
    const seal = content.toString('latin1', at + 1, at + 1 + SEAL_LENGTH);
    if (content[at + 1 + SEAL_LENGTH] !== 0x29) return null; // ")"
    const unsealed = Buffer.from(content);
    unsealed.write(SEAL_PLACEHOLDER, at + 1, 'latin1');
    return { seal, unsealed };
  },
};
