/** Row shapes of the survey context's tables. JSON columns hold text; flags are 0/1. */
export interface SurveySurveysTable {
  id: string;
  org_id: string;
  survey_key: string;
  version: number;
  status: string;
  anonymous: number;
  threshold: number;
  title: string;
  definition: string;
  content_hash: string;
  created_by: string;
  created_at: string;
  published_at: string | null;
  closed_at: string | null;
}

export interface SurveyInvitationsTable {
  id: string;
  org_id: string;
  survey_id: string;
  token_hash: string;
  /** Named surveys only: whom it was sent to. */
  email: string | null;
  expires_at: string;
  created_at: string;
  opened: number;
  used: number;
  /** Named surveys only; anonymous ones record just the flags. */
  opened_at: string | null;
  used_at: string | null;
}

export interface SurveyResponsesTable {
  id: string;
  org_id: string;
  survey_id: string;
  status: string;
  /** The hash that lets a token resume its response; cleared when submitted. */
  resume_key: string | null;
  /** Named surveys only. */
  invitation_id: string | null;
  respondent_email: string | null;
  language: string;
  seed: number;
  source: string;
  /** The day only (YYYY-MM-DD): an anonymous response keeps nothing finer. */
  started_day: string;
  submitted_day: string | null;
  /** Named surveys only. */
  submitted_at: string | null;
  /**
   * The answers given so far, as JSON: question id -> [[item, num, text], ...]
   * (one row per option chosen for multiple choice, item '' for scalar answers).
   * They count in results once the response is submitted. Null: none yet.
   */
  answers: string | null;
}

/** How many final answers have each value: `n:<number>`, `i:<option id>`, or `*` for the respondents. */
export interface SurveyCountsTable {
  org_id: string;
  survey_id: string;
  question_id: string;
  value_key: string;
  count: number;
}

/**
 * Counts within groups: among the submitted responses whose answer to
 * `group_question` is `group_value` (an option id, or a number as text), how
 * many gave each value (`value_key`, as in survey_counts) to `question_id`.
 */
export interface SurveyGroupCountsTable {
  org_id: string;
  survey_id: string;
  group_question: string;
  group_value: string;
  question_id: string;
  value_key: string;
  count: number;
}

export interface SurveyTables {
  survey_counts: SurveyCountsTable;
  survey_surveys: SurveySurveysTable;
  survey_invitations: SurveyInvitationsTable;
  survey_responses: SurveyResponsesTable;
  survey_group_counts: SurveyGroupCountsTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends SurveyTables {}
}
