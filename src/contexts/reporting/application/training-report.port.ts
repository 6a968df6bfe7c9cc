import type { Principal } from '../../../kernel/principal.js';
import type { TrainingReportData, TrainingReportSnapshot } from '../domain/training-report-data.js';
import type { Branding, ReportTemplate } from '../domain/template.js';
import type { ReportingDeps } from './ports.js';

/** What the training report needs from the training context. */
export interface TrainingReports {
  /** The figures of every course, or of one (`phishing`, `phishing@2`). */
  snapshot(principal: Principal, filter: { course?: string | undefined }): Promise<TrainingReportSnapshot>;
}

export interface TrainingRenderInput {
  readonly data: TrainingReportData;
  readonly template: ReportTemplate;
  readonly branding: Branding;
  readonly language: string;
  /** A fixed-length text to write in the metadata, replaced by the seal afterwards. */
  readonly sealPlaceholder?: string | undefined;
}

/** Draws the training report PDF (pdfkit, loaded only when one is drawn). */
export type TrainingRenderer = (input: TrainingRenderInput) => Promise<Buffer>;

export interface TrainingReportDeps extends Pick<ReportingDeps, 'uow' | 'templates' | 'files' | 'clock' | 'seal'> {
  readonly training: TrainingReports;
  readonly trainingRenderer: () => Promise<TrainingRenderer>;
}
