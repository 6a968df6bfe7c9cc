/**
 * The assessment context: frameworks, mappings, assessments, answers,
 * evidence, scoring and findings. Other contexts read assessments only
 * through the snapshot types exported here.
 */
export type {
  AssessmentSnapshot,
  CoverageData,
  DomainData,
  EvidenceData,
  FindingData,
  FrameworkData,
  QuestionData,
  RequirementData,
  ResultCountsData,
  ResultName,
  ScoreFigures,
} from './application/snapshot.query.js';
/** An assessment as plain data, for bundles and sync (see application/transfer.port.ts). */
export type {
  AssessmentTransfer,
  TransferAnswer,
  TransferChange,
  TransferEvidence,
  TransferFinding,
  TransferFramework,
} from './application/transfer.port.js';
export type { AssessmentExport } from './application/assessment-export.query.js';
export type {
  ImportAssessmentInput,
  ImportedAssessment,
  ImportRefusals,
} from './application/assessment-import.command.js';
export type { SoaData } from './application/snapshot.query.js';
/** The words of the answer scale (yes/partial/no/n.a. and the maturity levels), for reports that explain it. */
export { ANSWER_WORDS } from './domain/answer-labels.js';
export { DEFAULT_MATURITY_LABELS } from './domain/catalog.js';
