import type { SigningKeys } from '../../audit/index.js';
import type { Clock } from '../../../kernel/clock.js';
import type { Principal } from '../../../kernel/principal.js';
import type { AuditLog } from '../../audit/index.js';
import type { Entitlements } from '../../../kernel/entitlements.js';
import type { AssessmentSnapshot } from '../../assessment/index.js';
import type { ReportData } from '../domain/report-data.js';
import type { Branding, Narrative, ReportTemplate } from '../domain/template.js';

export const REPORT_FORMATS = ['pdf', 'json', 'csv', 'md', 'oscal'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderInput {
  readonly data: ReportData;
  readonly template: ReportTemplate;
  readonly branding: Branding;
  readonly narrative: Narrative;
  readonly language: string;
  /** PDF only: a fixed-length text to write in the metadata, replaced by the seal afterwards. */
  readonly sealPlaceholder?: string | undefined;
}

/** Puts a seal in a rendered file where its placeholder is, and finds it again. */
export interface ReportSealer {
  readonly placeholder: string;
  embed(content: Buffer, seal: string): Buffer;
  /** The seal text and the file as it was before sealing; null for a file without a seal. */
  extract(content: Buffer): { seal: string; unsealed: Buffer } | null;
}

/** Turns report data into the bytes of one format. */
export type Renderer = (input: RenderInput) => Promise<Buffer>;

export interface TemplateSummary {
  readonly id: string;
  readonly name: Readonly<Record<string, string>>;
  readonly description: Readonly<Record<string, string>> | null;
  readonly sections: readonly string[];
  readonly source: string;
}

export interface TemplateStore {
  list(): Promise<TemplateSummary[]>;
  /** A shipped template by name, or a user's template by path. */
  load(nameOrPath: string): Promise<ReportTemplate>;
}

/** What `--ai` asks for; the writer falls back to the deterministic narrative. */
export interface NarrativeRequest {
  readonly data: ReportData;
  readonly language: string;
  readonly ai: boolean;
  /** Send the subject's name to the model (default: redacted). */
  readonly includeSubject: boolean;
  readonly orgId: string;
}

export interface NarrativeWriter {
  write(request: NarrativeRequest): Promise<{ narrative: Narrative; warnings: string[] }>;
}

export interface ReportRecord {
  readonly id: string;
  readonly assessmentId: string;
  readonly template: string;
  readonly format: ReportFormat;
  readonly language: string;
  readonly fileName: string;
  readonly fileHash: string;
  readonly dataHash: string;
  readonly size: number;
  readonly narrative: 'ai' | 'deterministic';
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** One organisation's generated reports. */
export interface ReportRepository {
  record(report: ReportRecord): Promise<void>;
  list(assessmentId?: string): Promise<ReportRecord[]>;
  byFileHash(fileHash: string): Promise<ReportRecord[]>;
}

/** Cached AI narratives by a hash of what was sent. */
export interface NarrativeCache {
  get(inputHash: string): Promise<{ model: string; content: string } | null>;
  put(inputHash: string, model: string, content: string, at: Date): Promise<void>;
}

export interface ReportingStore {
  reports(orgId: string): ReportRepository;
  narratives(orgId: string): NarrativeCache;
}

export interface ReportingUnitOfWork {
  run<T>(
    work: (tx: { reporting: ReportingStore; audit: AuditLog; entitlements: Entitlements }) => Promise<T>,
  ): Promise<T>;
  readonly read: ReportingStore;
}

export interface ReportFiles {
  write(path: string, content: Buffer): Promise<void>;
  read(path: string): Promise<Buffer>;
}

export interface ReportingDeps {
  readonly uow: ReportingUnitOfWork;
  readonly snapshot: (principal: Principal, assessmentId: string, lang: string) => Promise<AssessmentSnapshot>;
  /** The current data hash of an assessment (cheaper than a snapshot). */
  readonly dataHash: (principal: Principal, assessmentId: string) => Promise<string>;
  readonly templates: TemplateStore;
  /** Loaded on first use: the PDF renderer brings pdfkit. */
  readonly renderer: (format: ReportFormat) => Promise<Renderer>;
  readonly narratives: NarrativeWriter;
  readonly files: ReportFiles;
  readonly clock: Clock;
  /** Seals PDF reports with the organisation's key (kept outside the database); absent: no seals. */
  readonly seal?: { readonly sealer: ReportSealer; readonly keys: SigningKeys } | undefined;
}
