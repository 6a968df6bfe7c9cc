/**
 * The training context: courses of Markdown modules and quizzes (files,
 * versioned), assignments to people, roles or everyone with due dates
 * (role and `all` assignments resolved against current memberships when
 * read, so people who join later have them), courses taken in the terminal
 * or from answer files, completion reports aggregated in the database, and
 * certificates that `training verify` checks.
 *
 * For assessments: `app.training.evidence(principal, ['iso27001-2022:A.6.3'])`
 * gives, per requirement linked by a course, the completion and pass rates
 * among the people assigned and the day of the latest completion.
 *
 * For reports: `app.training.report(principal, { course })` gives the data of
 * the training report (by course, by role, overdue, completions per month).
 *
 * For sync: `syncVersions`, `syncAttempts` (finished attempts, the person by
 * email) and `receiveAttempts` (attempts from another database, of people
 * who are members here).
 */
export type { TrainingEvidence, CourseStatusDto } from './application/training.queries.js';
export type {
  TrainingFigures,
  TrainingReportCourse,
  TrainingReportMonth,
  TrainingReportOverdue,
  TrainingReportRole,
  TrainingReportSnapshot,
} from './application/training-report.query.js';
export type { SyncedAttempt, SyncedCourseVersion } from './application/synced-attempts.query.js';
export type { ReceiveAttemptsInput, ReceivedAttempts } from './application/receive-attempts.command.js';
