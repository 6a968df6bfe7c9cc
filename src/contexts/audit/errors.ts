import { defineErrors } from '../../kernel/errors.js';

/** Every error the audit context raises (see src/kernel/errors.ts). */
export const AUDIT_ERRORS = defineErrors({
  brokenChain: {
    code: 'AUDIT.TAMPERED',
    kind: 'conflict',
    message: 'audit trail of {organization} is broken at entry {seq}: {problem}',
    meaning:
      'An audit entry was edited or removed, or the chain no longer matches a checkpoint kept outside the database.',
  },
  badCheckpoint: {
    code: 'AUDIT.BAD_CHECKPOINT',
    kind: 'invalid-input',
    message: '{file}: not an audit checkpoint ({problem})',
    hint: 'give a file written by `renfe audit checkpoint --out <file>`',
    meaning: 'The file given to `audit verify --against` is not a checkpoint renfe wrote.',
  },
  checkpointOfOtherOrg: {
    code: 'AUDIT.CHECKPOINT_OTHER_ORG',
    kind: 'invalid-input',
    message: '{file}: a checkpoint of organisation {checkpointOrg}, not of {organization}',
    hint: 'pass --org with the organisation the checkpoint was made for',
    meaning: "A checkpoint is checked only against its own organisation's chain.",
  },
  forgedCheckpoint: {
    code: 'AUDIT.CHECKPOINT_FORGED',
    kind: 'bad-signature',
    message: '{file}: {problem}',
    meaning: "A checkpoint whose signature does not verify, or that was signed by a key other than the organisation's.",
  },
  noSigningKey: {
    code: 'AUDIT.NO_SIGNING_KEY',
    kind: 'unavailable',
    message: 'no place to keep signing keys was configured',
    meaning: 'Checkpoints and report signatures need a key folder outside the database (RENFE_KEY_DIR).',
  },
});
