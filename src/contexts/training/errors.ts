import { defineErrors } from '../../kernel/errors.js';

/** Every error the training context raises (see src/kernel/errors.ts). */
export const TRAINING_ERRORS = defineErrors({
  invalidFile: {
    code: 'TRAINING.INVALID',
    kind: 'invalid-input',
    message: '{where}: {problem}',
    meaning: 'a course that is not valid YAML or does not match the course schema (file, line and path given)',
  },
  unreadable: {
    code: 'TRAINING.UNREADABLE',
    kind: 'invalid-input',
    message: 'cannot read {file}: {reason}',
    meaning: 'a course, answers or certificate file that cannot be read',
  },
  cannotWrite: {
    code: 'TRAINING.CANNOT_WRITE',
    kind: 'invalid-input',
    message: 'cannot write {file}: {reason}',
    meaning: 'the --out file of a certificate or export cannot be written',
  },
  notFound: {
    code: 'TRAINING.NOT_FOUND',
    kind: 'not-found',
    message: 'no course {course} in this organisation',
    hint: 'run `renfe training course list`',
    meaning: 'a course id or id@version that the organisation does not have',
  },
  hasAttempts: {
    code: 'TRAINING.HAS_ATTEMPTS',
    kind: 'conflict',
    message: 'course {course} has {count} attempts; deleting it would lose them',
    meaning: 'course delete asked of a course version that people have already taken',
  },
  badAssignment: {
    code: 'TRAINING.BAD_ASSIGNMENT',
    kind: 'invalid-input',
    message: '{problem}',
    meaning: 'training assign was given no audience, two audiences, an unknown role or a malformed due date',
  },
  notMember: {
    code: 'TRAINING.NOT_MEMBER',
    kind: 'not-found',
    message: '{email} is not a member of this organisation',
    hint: 'run `renfe user list`',
    meaning: 'an email given to assign, record or a report filter that is not a member of the organisation',
  },
  notAssigned: {
    code: 'TRAINING.NOT_ASSIGNED',
    kind: 'forbidden',
    message: 'course {course} is not assigned to you',
    hint: 'run `renfe training assignments` to see what is',
    meaning: 'a person tried to take a course nobody assigned to them',
  },
  attemptsUsed: {
    code: 'TRAINING.ATTEMPTS_USED',
    kind: 'conflict',
    message: 'all {allowed} attempts at {course} are used',
    hint: 'an admin can annul an attempt with `renfe training attempt annul <attempt-id>`',
    meaning: 'the quiz of a course version allows a number of attempts per person, and all were used',
  },
  badAnswer: {
    code: 'TRAINING.BAD_ANSWER',
    kind: 'invalid-input',
    message: '{where}: {problem}',
    meaning:
      'an answers file that is not JSON, misses a question drawn for the attempt or gives an answer that is not an option',
  },
  needsTerminal: {
    code: 'TRAINING.NEEDS_TERMINAL',
    kind: 'usage',
    message: 'training take needs a terminal',
    hint: 'from a script: `renfe training take {course} --answers answers.json`; for a course completed elsewhere an admin runs `renfe training record --user <email> --course {course} --score N --completed-at <date>`',
    meaning: 'training take was run without a terminal and without --answers',
  },
  needsUser: {
    code: 'TRAINING.NEEDS_USER',
    kind: 'forbidden',
    message: 'courses are taken by people: log in as the person taking it (an API token takes no course)',
    meaning: 'training take was run with an API token',
  },
  notYours: {
    code: 'TRAINING.NOT_YOURS',
    kind: 'forbidden',
    message: "your role ({role}) sees only your own training, not {email}'s",
    meaning: "a member without training.read asked for another person's assignments, attempts or certificate",
  },
  attemptNotFound: {
    code: 'TRAINING.ATTEMPT_NOT_FOUND',
    kind: 'not-found',
    message: 'no attempt {id} in this organisation',
    hint: 'run `renfe training attempts`',
    meaning: 'an attempt id that the organisation does not have',
  },
  notPassed: {
    code: 'TRAINING.NOT_PASSED',
    kind: 'conflict',
    message: 'attempt {id} is {status}: certificates are issued for passed attempts',
    meaning: 'training certificate asked for an attempt that did not pass or is not finished',
  },
  annulled: {
    code: 'TRAINING.ANNULLED',
    kind: 'conflict',
    message: 'attempt {id} was annulled on {at}',
    meaning: 'a certificate or a second annulment asked of an annulled attempt',
  },
  badRecord: {
    code: 'TRAINING.BAD_RECORD',
    kind: 'invalid-input',
    message: '{problem}',
    meaning: 'training record was given a score outside 0 to 100 or a malformed or future completion date',
  },
  certificateUnknown: {
    code: 'TRAINING.CERTIFICATE_UNKNOWN',
    kind: 'not-found',
    message: '{file} is not a certificate of this organisation: {problem}',
    meaning:
      '`training verify`: the file is no renfe certificate, was issued elsewhere, or was altered after it was issued',
  },
  certificateRevoked: {
    code: 'TRAINING.CERTIFICATE_REVOKED',
    kind: 'conflict',
    message: '{file} is certificate {id}, revoked: its attempt was annulled on {at}',
    meaning: '`training verify`: the certificate is ours and unaltered, but its attempt has been annulled',
  },
  syncVersion: {
    code: 'TRAINING.SYNC_VERSION',
    kind: 'conflict',
    message: 'course {course}: {problem}',
    meaning:
      'sync brought attempts of a course version that is not here, or whose content differs here (courses do not travel: import the same course file on both sides)',
  },
  syncAttempt: {
    code: 'TRAINING.SYNC_ATTEMPT',
    kind: 'invalid-input',
    message: 'attempt {id} of {course}: {problem}',
    meaning:
      'sync brought an attempt that does not fit here (malformed, a score that does not match its status, an annulled attempt made valid again); nothing of that batch was written',
  },
});
