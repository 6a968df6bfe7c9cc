import { acrossTenants } from '../../kernel/tenant-scope.js';
import type { Shared } from '../../module.js';
import { frameworkFileReader } from './adapters/files/framework-file-reader.js';
import { fileShippedCatalogs } from './adapters/files/shipped-catalogs.js';
import { exportAssessment, type TransferDeps } from './application/assessment-export.query.js';
import { importAssessment } from './application/assessment-import.command.js';
import { addEvidence, listEvidence } from './application/add-evidence.command.js';
import { listApplicability, setApplicability } from './application/applicability.command.js';
import { answerQuestion } from './application/answer-question.command.js';
import {
  assessmentQuestions,
  listAssessments,
  openAssessment,
  showAssessment,
} from './application/assessment.queries.js';
import { compareAssessmentsQuery } from './application/compare.query.js';
import { assessmentCoverage } from './application/coverage.query.js';
import { createAssessment } from './application/create-assessment.command.js';
import { listFindings, updateFinding } from './application/findings.queries.js';
import { setFrameworkDefault } from './application/framework-default.command.js';
import { listFrameworks, showFramework } from './application/framework.queries.js';
import { importAnswers } from './application/import-answers.command.js';
import { importFramework } from './application/import-framework.command.js';
import { changeStatus, deleteAssessment } from './application/lifecycle.command.js';
import type { AssessmentDeps, AssessmentStore, ShippedCatalogs } from './application/ports.js';
import { assessmentScores } from './application/score-assessment.query.js';
import { assessmentDataHash, assessmentSnapshot } from './application/snapshot.query.js';
import { upgradeAssessment } from './application/upgrade-assessment.command.js';
import { applyTrainingSuggestions, suggestFromTraining } from './application/suggest-from-training.command.js';
import type { SuggestDeps, TrainingEvidenceReader } from './application/training-evidence.port.js';

export function wireAssessment(shared: Shared, wired: Readonly<Record<string, unknown>> = {}) {
  const options = shared.options as { shipped?: ShippedCatalogs };
  const deps: AssessmentDeps = {
    uow: { read: shared.read.store as AssessmentStore, run: shared.transaction },
    shipped: options.shipped ?? fileShippedCatalogs(),
    files: frameworkFileReader,
    clock: shared.clock,
  };
  return {
    listFrameworks: listFrameworks(deps),
    showFramework: showFramework(deps),
    importFramework: importFramework(deps),
    setFrameworkDefault: setFrameworkDefault(deps),
    create: createAssessment(deps),
    list: listAssessments(deps),
    show: showAssessment(deps),
    questions: assessmentQuestions(deps),
    open: openAssessment(deps),
    answer: answerQuestion(deps),
    changeStatus: changeStatus(deps),
    delete: deleteAssessment(deps),
    addEvidence: addEvidence(deps),
    listEvidence: listEvidence(deps),
    scores: assessmentScores(deps),
    findings: listFindings(deps),
    updateFinding: updateFinding(deps),
    compare: compareAssessmentsQuery(deps),
    coverage: assessmentCoverage(deps),
    importAnswers: importAnswers(deps),
    upgrade: upgradeAssessment(deps),
    setApplicability: setApplicability(deps),
    applicability: listApplicability(deps),
    snapshot: assessmentSnapshot(deps),
    dataHash: assessmentDataHash(deps),
    export: exportAssessment(transferDeps(shared, deps)),
    // Whether a bundle's ids are free is a question about every organisation's rows.
    import: acrossTenants('bundle-import', importAssessment(transferDeps(shared, deps))),
    suggestFromTraining: suggestFromTraining(suggestDeps(deps, wired)),
    applyTrainingSuggestions: applyTrainingSuggestions(suggestDeps(deps, wired)),
  };
}

const transferDeps = (shared: Shared, deps: AssessmentDeps): TransferDeps => ({
  ...deps,
  transfer: shared.read.assessmentTransfer as TransferDeps['transfer'],
  transferUow: { run: shared.transaction },
});

/** Training records as evidence, read through the training context's use case. */
const suggestDeps = (deps: AssessmentDeps, wired: Readonly<Record<string, unknown>>): SuggestDeps => ({
  ...deps,
  training: (principal, requirements) =>
    (wired.training as { evidence: TrainingEvidenceReader }).evidence(principal, requirements),
});

export type AssessmentServices = ReturnType<typeof wireAssessment>;
