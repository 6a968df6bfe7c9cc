/** Row shapes of the training context's tables. JSON columns hold text; flags are 0/1; days are YYYY-MM-DD. */
export interface TrainingCoursesTable {
  id: string;
  org_id: string;
  course_key: string;
  version: number;
  title: string;
  definition: string;
  requirements: string;
  content_hash: string;
  created_by: string;
  created_at: string;
}

/**
 * Who must take a course: one user, everyone holding a role, or every member.
 * Role and `all` assignments are resolved against the memberships when read,
 * so people who join the role later have them too.
 */
export interface TrainingAssignmentsTable {
  id: string;
  org_id: string;
  course_key: string;
  target_type: string;
  /** A user id, a role, or '' for all members. */
  target: string;
  due_on: string;
  /** 'keep' or 'retake': what a new version of the course asks of those who completed an earlier one. */
  policy: string;
  /** The lowest course version whose attempts count. */
  required_version: number;
  created_by: string;
  created_at: string;
}

export interface TrainingProgressTable {
  org_id: string;
  user_id: string;
  course_id: string;
  module_id: string;
  completed_at: string;
}

export interface TrainingAttemptsTable {
  id: string;
  org_id: string;
  user_id: string;
  course_id: string;
  course_key: string;
  version: number;
  /** in_progress, passed, failed or annulled. */
  status: string;
  /** Drawn question ids, in order (JSON). */
  questions: string;
  /** Answers given so far: question id → option ids (JSON). */
  answers: string;
  language: string;
  score: number | null;
  passed: number;
  /** terminal, answers (a file) or record (done elsewhere). */
  source: string;
  started_at: string;
  completed_at: string | null;
  recorded_by: string | null;
  annulled_at: string | null;
  annulled_by: string | null;
}

export interface TrainingCertificatesTable {
  id: string;
  org_id: string;
  attempt_id: string;
  data_hash: string;
  file_sha256: string;
  language: string;
  issued_at: string;
  issued_by: string;
}

export interface TrainingTables {
  training_courses: TrainingCoursesTable;
  training_assignments: TrainingAssignmentsTable;
  training_progress: TrainingProgressTable;
  training_attempts: TrainingAttemptsTable;
  training_certificates: TrainingCertificatesTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends TrainingTables {}
}
