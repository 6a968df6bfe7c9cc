import { defineModule, noun, verb } from '../../module.js';
import { TRAINING_PERMISSIONS } from './domain/permissions.js';

/** Awareness and skills: courses, assignments, attempts, reports and certificates. */
export const trainingModule = defineModule({
  name: 'training',
  migrations: {
    '0009-training': () => import('./adapters/persistence/migrations/0009-training.js'),
  },
  permissions: TRAINING_PERMISSIONS,
  errors: async () => (await import('./errors.js')).TRAINING_ERRORS,
  usage: async () => (await import('./adapters/persistence/training-usage.js')).TRAINING_USAGE,
  stores: async () => (await import('./stores.js')).trainingStores,
  wire: async (shared) => (await import('./wiring.js')).wireTraining(shared),
  commands: [
    noun('training', 'awareness courses: assignments, taking them, completion reports and certificates'),
    noun('training course', 'courses of Markdown modules and a quiz, imported from files'),
    verb(
      'training course import <path>',
      'import a course folder or YAML file (or a shipped course by name); a changed course becomes a new version',
      () => import('./adapters/cli/training/course/import.js'),
    ),
    verb(
      'training course list',
      "list the organisation's courses and their versions",
      () => import('./adapters/cli/training/course/list.js'),
    ),
    verb(
      'training course show <course>',
      'show a course: modules, quiz, pass mark, linked requirements (id or id@version)',
      () => import('./adapters/cli/training/course/show.js'),
    ),
    verb(
      'training course delete <course>',
      'delete a course (or one version) that nobody has taken',
      () => import('./adapters/cli/training/course/delete.js'),
    ),
    verb(
      'training assign',
      'assign a course to a member, a role or everyone, with a due date',
      () => import('./adapters/cli/training/assign.js'),
    ),
    verb(
      'training assignments',
      'who must take what, by when, and where each person stands',
      () => import('./adapters/cli/training/assignments.js'),
    ),
    verb(
      'training take <course>',
      'take an assigned course in the terminal (progress saved as you go), or its quiz from --answers',
      () => import('./adapters/cli/training/take.js'),
    ),
    verb(
      'training record',
      'record a completion done elsewhere (admins; audited)',
      () => import('./adapters/cli/training/record.js'),
    ),
    verb(
      'training attempts',
      "quiz attempts: yours, or everyone's for those who read training",
      () => import('./adapters/cli/training/attempts.js'),
    ),
    noun('training attempt', 'one quiz attempt'),
    verb(
      'training attempt annul <attempt>',
      'annul an attempt: it no longer counts and its certificates verify as revoked',
      () => import('./adapters/cli/training/attempt/annul.js'),
    ),
    verb(
      'training status',
      'per course: assigned, completed, passed, overdue, completion rate, average score',
      () => import('./adapters/cli/training/status.js'),
    ),
    verb(
      'training overdue',
      'assignments past their due date without a pass (for reminders)',
      () => import('./adapters/cli/training/overdue.js'),
    ),
    verb(
      'training remind',
      'mail everyone with overdue (or soon due) training a reminder in their language; --async queues it',
      () => import('./adapters/cli/training/remind.js'),
    ),
    verb(
      'training export',
      'every assignment and where each person stands, as CSV',
      () => import('./adapters/cli/training/export.js'),
    ),
    verb(
      'training report',
      'a PDF report: completion by course and by role, overdue, completions per month (recorded; report verify checks it)',
      () => import('./adapters/cli/training/report.js'),
    ),
    verb(
      'training certificate <attempt>',
      'a one-page PDF certificate for a passed attempt',
      () => import('./adapters/cli/training/certificate.js'),
    ),
    verb(
      'training verify <file>',
      'check a certificate PDF against the database: valid, not ours, or revoked',
      () => import('./adapters/cli/training/verify.js'),
    ),
    verb(
      'training evidence',
      'completion among the people assigned, per requirement linked by a course (for assessments)',
      () => import('./adapters/cli/training/evidence.js'),
    ),
  ],
});
