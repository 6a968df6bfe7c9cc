/** Row shapes of the assessment context's tables. JSON columns hold text. */
export interface AssessmentFrameworksTable {
  id: string;
  org_id: string | null;
  scope_key: string;
  framework_key: string;
  version: string;
  name: string;
  publisher: string | null;
  source: string | null;
  languages: string;
  levels: string;
  license_note: string | null;
  description: string | null;
  origin: string;
  content_hash: string;
  /** The revision of the imported file (0005). */
  revision: string | null;
  requirement_count: number;
  question_count: number;
  created_at: string;
}

export interface AssessmentRequirementsTable {
  framework_id: string;
  ref: string;
  parent_ref: string | null;
  position: number;
  depth: number;
  title: string;
  description: string | null;
  weight: number;
  applicability: string | null;
  withdrawn: number;
  /** The publisher's reference when the id differs from it (0005). */
  label: string | null;
  /** JSON array of ids a withdrawn requirement went to (0005). */
  incorporated_into: string | null;
  /** The publisher's urn of the requirement, if any (0005). */
  urn: string | null;
  /** JSON localized text: what to put in place (0021). */
  recommendation: string | null;
}

export interface AssessmentQuestionsTable {
  framework_id: string;
  qid: string;
  requirement_ref: string;
  position: number;
  type: string;
  text: string;
  guidance: string | null;
  evidence: string | null;
  weight: number;
  spec: string;
}

export interface AssessmentMappingSetsTable {
  id: string;
  org_id: string | null;
  scope_key: string;
  set_key: string;
  name: string;
  source_framework: string;
  source_version: string | null;
  target_framework: string;
  target_version: string | null;
  informative: number;
  author: string | null;
  description: string | null;
  origin: string;
  created_at: string;
}

export interface AssessmentMappingsTable {
  set_id: string;
  source_ref: string;
  target_ref: string;
  relationship: string;
  rationale: string | null;
}

export interface AssessmentAssessmentsTable {
  id: string;
  org_id: string;
  subject: string;
  scope: string;
  target_level: number;
  status: string;
  cursor: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  sealed_hash: string | null;
  sealed_at: string | null;
}

export interface AssessmentAssessmentFrameworksTable {
  assessment_id: string;
  framework_id: string;
  position: number;
}

export interface AssessmentAnswersTable {
  assessment_id: string;
  framework_id: string;
  qid: string;
  value: string;
  note: string | null;
  answered_by: string;
  answered_at: string;
}

export interface AssessmentEvidenceTable {
  id: string;
  assessment_id: string;
  framework_id: string;
  qid: string;
  kind: string;
  name: string;
  sha256: string | null;
  size: number | null;
  content: Buffer | null;
  url: string | null;
  added_by: string;
  added_at: string;
}

export interface AssessmentFindingsTable {
  id: string;
  assessment_id: string;
  framework_id: string;
  requirement_ref: string;
  owner: string | null;
  due_date: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

/** The framework version a plain id means in one organisation (0005). */
export interface AssessmentFrameworkDefaultsTable {
  org_id: string;
  framework_key: string;
  framework_id: string;
  set_by: string;
  set_at: string;
}

/** Statement of Applicability decisions (0010); `applicable` is 0 or 1, `reasons` a JSON array. */
export interface AssessmentApplicabilityTable {
  organization_id: string;
  assessment_id: string;
  framework_id: string;
  requirement_ref: string;
  applicable: number;
  reasons: string;
  justification: string | null;
  decided_by: string;
  decided_at: string;
}

export interface AssessmentTables {
  assessment_frameworks: AssessmentFrameworksTable;
  assessment_requirements: AssessmentRequirementsTable;
  assessment_questions: AssessmentQuestionsTable;
  assessment_mapping_sets: AssessmentMappingSetsTable;
  assessment_mappings: AssessmentMappingsTable;
  assessment_assessments: AssessmentAssessmentsTable;
  assessment_assessment_frameworks: AssessmentAssessmentFrameworksTable;
  assessment_answers: AssessmentAnswersTable;
  assessment_evidence: AssessmentEvidenceTable;
  assessment_findings: AssessmentFindingsTable;
  assessment_framework_defaults: AssessmentFrameworkDefaultsTable;
  assessment_applicability: AssessmentApplicabilityTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends AssessmentTables {}
}
