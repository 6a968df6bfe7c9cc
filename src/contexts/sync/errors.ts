import { defineErrors } from '../../kernel/errors.js';

/** Every error the sync context raises (bundles and sync; see src/kernel/errors.ts). */
export const SYNC_ERRORS = defineErrors({
  notABundle: {
    code: 'BUNDLE.NOT_A_BUNDLE',
    kind: 'invalid-input',
    message: '{file} is not a renfe bundle: {problem}',
    meaning: '`bundle verify` or `assessment import --bundle` was given a file that is not a zip with a renfe manifest',
  },
  modified: {
    code: 'BUNDLE.MODIFIED',
    kind: 'conflict',
    message: '{file} was modified after it was written: {problem}',
    hint: 'ask for a fresh export; nothing was imported',
    meaning: 'a bundle whose manifest or an entry no longer matches the hashes written with it (exit 5)',
  },
  unsafeEntry: {
    code: 'BUNDLE.UNSAFE_ENTRY',
    kind: 'invalid-input',
    message: '{file}: entry {entry}: {problem}',
    hint: 'nothing was imported',
    meaning: 'a bundle with an entry whose name leaves the archive (`../`, absolute) or is not one renfe writes',
  },
  tooLarge: {
    code: 'BUNDLE.TOO_LARGE',
    kind: 'invalid-input',
    message: '{file}: {problem}',
    hint: 'nothing was imported',
    meaning: 'a bundle over the size limits (entries, bytes of one entry, bytes in all)',
  },
  unreadable: {
    code: 'BUNDLE.UNREADABLE',
    kind: 'invalid-input',
    message: 'cannot {action} {file}: {reason}',
    meaning: 'a bundle file that cannot be read or written (missing, a folder, no permission)',
  },
  newerFormat: {
    code: 'BUNDLE.NEWER_FORMAT',
    kind: 'unsupported',
    message: '{file} is a bundle of format {format}; this renfe reads format {supported}',
    hint: 'upgrade renfe',
    meaning: 'a bundle written by a newer renfe in a format this one does not read',
  },
  assessmentExists: {
    code: 'BUNDLE.ASSESSMENT_EXISTS',
    kind: 'conflict',
    message: 'assessment {id} is already in this database',
    hint: 'import it as a new assessment with --as-copy',
    meaning: 'an import of an assessment (or its evidence) that this database already holds, without --as-copy',
  },
  frameworkDiffers: {
    code: 'BUNDLE.FRAMEWORK_DIFFERS',
    kind: 'conflict',
    message: 'framework {framework} here differs from the one in the bundle (another content hash)',
    hint: 'import the framework the bundle was made with under another version, or export again from an up-to-date workspace',
    meaning: 'an import whose framework version exists in this organisation with other content',
  },
  inconsistent: {
    code: 'BUNDLE.INCONSISTENT',
    kind: 'invalid-input',
    message: '{file}: {problem}',
    hint: 'nothing was imported',
    meaning: 'a bundle whose data does not hold together (an answer to a question its framework lacks, a missing file)',
  },
});
