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
