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
 */
export type { TrainingEvidence, CourseStatusDto } from './application/training.queries.js';
