/**
 * Everything a report shows, gathered once from the assessment context and
 * handed to every renderer (PDF, JSON, CSV, Markdown, OSCAL). It is also the
 * documented, versioned JSON export: change it only by adding fields, and
 * bump REPORT_SCHEMA for anything else. Its published JSON Schema,
 * docs/report-v1.schema.json, changes with it: the tests validate exports
 * against it and refuse fields it does not name.
 */
export const REPORT_SCHEMA = 'renfe.report/v1';

import type { AssessmentSnapshot } from '../../assessment/index.js';

export type {
  AssessmentSnapshot,
  CoverageData,
  DomainData,
  EvidenceData,
  FindingData,
  FrameworkData,
  QuestionData,
  RequirementData,
  ResultName,
  ScoreFigures,
} from '../../assessment/index.js';

export interface ReportData extends AssessmentSnapshot {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  organisation: { name: string; slug: string };
}
