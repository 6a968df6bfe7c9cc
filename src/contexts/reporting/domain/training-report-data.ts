/**
 * What the training report shows: the training context's snapshot (by
 * course, by role, overdue, completions per month) plus the organisation and
 * the time it was drawn. The report is recorded under the subject `training`
 * (every course) or `training:<course>`.
 */
export const TRAINING_REPORT_SCHEMA = 'renfe.training-report/v1';

import type { TrainingReportSnapshot } from '../../training/index.js';

export type {
  TrainingFigures,
  TrainingReportCourse,
  TrainingReportMonth,
  TrainingReportOverdue,
  TrainingReportRole,
  TrainingReportSnapshot,
} from '../../training/index.js';

export interface TrainingReportData extends TrainingReportSnapshot {
  readonly schema: typeof TRAINING_REPORT_SCHEMA;
  readonly generatedAt: string;
  readonly organisationSlug: string;
}

/** The subject a training report is recorded under, and the course it names (null: every course). */
export const trainingSubject = (course: string | null) => (course ? `training:${course}` : 'training');

export function trainingSubjectCourse(subject: string): { course: string | null } | null {
  if (subject === 'training') return { course: null };
  return subject.startsWith('training:') ? { course: subject.slice('training:'.length) } : null;
}

/** The sections a training template may hold. */
export const TRAINING_SECTIONS = [
  'cover',
  'training-figures',
  'training-courses',
  'training-roles',
  'training-trend',
  'training-overdue',
] as const;
