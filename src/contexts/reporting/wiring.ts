import type { Shared } from '../../module.js';
import type { AssessmentSnapshot } from '../assessment/index.js';
import type { Principal } from '../../kernel/principal.js';
import { fileSigningKeys } from '../audit/index.js';
import { fsReportFiles } from './adapters/files/fs-report-files.js';
import { pdfSealer } from './adapters/pdf/pdf-seal.js';
import { deterministicNarrativeWriter } from './adapters/narrative/deterministic-narrative-writer.js';
import { openAiNarrativeWriter } from './adapters/narrative/openai-narrative-writer.js';
import { loadRenderer } from './adapters/renderers.js';
import { fileTemplateStore } from './adapters/templates/file-template-store.js';
import { generateReport } from './application/generate-report.command.js';
import type { NarrativeWriter, Renderer, ReportFormat, ReportingDeps, ReportingStore } from './application/ports.js';
import { listReports, listTemplates, verifyReport } from './application/report.queries.js';
import { generateTrainingReport } from './application/generate-training-report.command.js';
import type { TrainingReports } from './application/training-report.port.js';
import { trainingSubjectCourse } from './domain/training-report-data.js';
import { wireSurveyReports } from './survey-report-wiring.js';

interface ReportingOptions {
  readonly renderer?: (format: ReportFormat) => Promise<Renderer>;
  readonly narratives?: NarrativeWriter;
  readonly ai?: { readonly baseUrl: string; readonly model: string; readonly apiKey: string } | undefined;
  readonly keyDir?: string | undefined;
}

/** What reporting needs from the assessment context. */
interface AssessmentReads {
  snapshot(principal: Principal, assessmentId: string, lang: string): Promise<AssessmentSnapshot>;
  dataHash(principal: Principal, assessmentId: string): Promise<string>;
}

export function wireReporting(shared: Shared, wired: Readonly<Record<string, unknown>>) {
  const options = shared.options as ReportingOptions;
  const assessment = wired.assessment as AssessmentReads;
  const training: TrainingReports = {
    snapshot: (principal, filter) =>
      (wired.training as { report: TrainingReports['snapshot'] }).report(principal, filter),
  };
  // Training reports are recorded under `training` or `training:<course>`; their data hash is the training data's.
  const dataHash = (principal: Principal, subject: string) => {
    const t = trainingSubjectCourse(subject);
    if (!t) return assessment.dataHash(principal, subject);
    return training.snapshot(principal, { course: t.course ?? undefined }).then((s) => s.dataHash);
  };
  const read = shared.read.reporting as ReportingStore;
  const aiWriter =
    options.ai?.apiKey && options.ai.model
      ? openAiNarrativeWriter(
          options.ai,
          (orgId) => ({
            get: (hash) => read.narratives(orgId).get(hash),
            put: (...row) =>
              shared.transaction(async ({ reporting, entitlements }) => {
                // Counted in the transaction that stores the narrative.
                await entitlements.reserve(orgId, 'ai_narratives_per_month');
                return (reporting as ReportingStore).narratives(orgId).put(...row);
              }),
          }),
          shared.clock,
        )
      : undefined;
  const uow = { read, run: shared.transaction };
  const seal = options.keyDir ? { sealer: pdfSealer, keys: fileSigningKeys(options.keyDir) } : undefined;
  // Survey reports are recorded under `survey:<key>@<version>`; their data hash is the survey results'.
  const surveys = wireSurveyReports(wired, { uow, files: fsReportFiles, clock: shared.clock, seal }, dataHash);
  const deps: ReportingDeps = {
    uow,
    snapshot: assessment.snapshot,
    dataHash: surveys.dataHash,
    templates: fileTemplateStore(),
    renderer: options.renderer ?? loadRenderer,
    narratives: options.narratives ?? aiWriter ?? deterministicNarrativeWriter,
    files: fsReportFiles,
    clock: shared.clock,
    seal,
  };
  return {
    generate: generateReport(deps),
    list: listReports(deps),
    verify: verifyReport(deps),
    templates: listTemplates(deps),
    generateSurvey: surveys.generateSurvey,
    generateTraining: generateTrainingReport({
      ...deps,
      training,
      trainingRenderer: async () => (await import('./adapters/pdf/training-pdf.js')).renderTrainingPdf,
    }),
  };
}
