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
  unknownPeer: {
    code: 'SYNC.UNKNOWN_PEER',
    kind: 'invalid-input',
    message: '{peer} is neither a profile nor a database URL or file',
    hint: 'name a profile (renfe profile list) or give a database URL',
    meaning:
      '`sync push --to`, `pull --from` or `status --with` named something that is not a profile, a URL or a file path',
  },
  sameDatabase: {
    code: 'SYNC.SAME_DATABASE',
    kind: 'invalid-input',
    message: 'cannot sync {location} with itself',
    meaning: 'the peer of a sync resolves to the database the command already works on',
  },
  peerSignIn: {
    code: 'SYNC.PEER_SIGN_IN',
    kind: 'unauthenticated',
    message: 'not signed in at {location}: {reason}',
    hint: 'sign in there first: {how}',
    meaning: 'the central side of a sync needs its own login (or an API token in RENFE_SYNC_TOKEN); nothing moved',
  },
  peerBound: {
    code: 'SYNC.PEER_BOUND',
    kind: 'forbidden',
    message:
      'organisation {org} here syncs with organisation {bound} at {location}, and you are signed in to {other} there',
    hint: 'sign in to {bound} there (renfe --profile <central> org use {bound})',
    meaning: "a sync into another organisation than the one this workspace's organisation synced with before",
  },
  notInOrganisation: {
    code: 'SYNC.NOT_IN_ORGANISATION',
    kind: 'not-found',
    message: "assessment {id} is not one of {org}'s at {location}",
    meaning:
      "a sync of an assessment that the other side's organisation does not hold (another organisation's ids get the same answer)",
  },
  assessmentFinal: {
    code: 'SYNC.ASSESSMENT_FINAL',
    kind: 'conflict',
    message: 'assessment {id} is final at {location}: it takes no more changes',
    hint: 'reopen it there, or leave these changes out',
    meaning:
      'a push or pull of changes into an assessment that is final on the receiving side; nothing of that batch was written',
  },
  badChange: {
    code: 'SYNC.BAD_CHANGE',
    kind: 'invalid-input',
    message: 'change to {record} of assessment {id}: {problem}',
    meaning:
      'a pushed change that does not fit the receiving assessment (unknown framework, question or requirement, malformed value)',
  },
  conflictNotFound: {
    code: 'SYNC.CONFLICT_NOT_FOUND',
    kind: 'not-found',
    message: 'no sync conflict {id} in this workspace',
    hint: 'renfe sync conflicts lists them',
    meaning: "`sync resolve` was given an id that is not one of this organisation's conflicts",
  },
  conflictResolved: {
    code: 'SYNC.CONFLICT_RESOLVED',
    kind: 'conflict',
    message: 'conflict {id} was resolved at {at} ({resolution})',
    meaning: '`sync resolve` of a conflict already resolved',
  },
  badResolution: {
    code: 'SYNC.BAD_RESOLUTION',
    kind: 'invalid-input',
    message: '{problem}',
    meaning:
      '`sync resolve` with a --take or --value that does not fit (no --value with value, a value for a record that is not an answer)',
  },
  unknownScope: {
    code: 'SYNC.UNKNOWN_SCOPE',
    kind: 'not-found',
    message: '{what} {ref} is neither here nor at {location}',
    hint: 'name a version as key@version (renfe survey list, renfe training course list)',
    meaning: '`sync push`, `pull` or `status` was given a `--survey` or `--course` that neither database holds',
  },
});
