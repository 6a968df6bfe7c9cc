import type { Clock } from '../../../kernel/clock.js';
import type { Principal } from '../../../kernel/principal.js';
import type { Entitlements } from '../../../kernel/entitlements.js';
import type { AuditLog } from '../../audit/index.js';
import type { SurveyDefinition } from '../domain/survey.js';

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export interface SurveyRecord {
  readonly id: string;
  readonly key: string;
  readonly version: number;
  readonly status: SurveyStatus;
  readonly definition: SurveyDefinition;
  readonly contentHash: string;
  readonly createdAt: Date;
  readonly publishedAt: Date | null;
  readonly closedAt: Date | null;
}

export interface InvitationRow {
  readonly id: string;
  readonly tokenHash: string;
  readonly email: string | null;
  readonly expiresAt: Date;
}

export interface InvitationSummary {
  readonly invited: number;
  readonly opened: number;
  readonly completed: number;
  /** Named surveys only: each invitation without its token. */
  readonly people: readonly { email: string | null; opened: boolean; completed: boolean; expiresAt: string }[];
}

/** One answer as rows: one per option for multiple choice. */
export interface AnswerRow {
  readonly questionId: string;
  readonly item: string;
  readonly num: number | null;
  readonly text: string | null;
}

export interface ResponseRecord {
  readonly id: string;
  readonly surveyId: string;
  readonly status: 'in_progress' | 'submitted';
  readonly language: string;
  readonly seed: number;
}

/** A value's count: the distribution the results are computed from. */
export interface CountRow {
  readonly questionId: string;
  readonly item: string;
  readonly num: number | null;
  readonly count: number;
}

export interface SurveyRepository {
  list(): Promise<SurveyRecord[]>;
  /** All versions of a survey, newest first. */
  versions(key: string): Promise<SurveyRecord[]>;
  insert(record: SurveyRecord, createdBy: string): Promise<void>;
  replaceDraft(id: string, definition: SurveyDefinition, contentHash: string): Promise<void>;
  setStatus(id: string, status: SurveyStatus, at: Date): Promise<void>;
  delete(id: string): Promise<void>;
  counts(surveyId: string): Promise<{ started: number; completed: number }>;
  addInvitations(surveyId: string, rows: readonly InvitationRow[], at: Date): Promise<void>;
  invitations(surveyId: string, named: boolean): Promise<InvitationSummary>;
  /**
   * Submitted responses imported or taken, in bulk (import); their values are
   * counted overall and within the groups of each of `grouping`'s questions.
   */
  addSubmitted(
    surveyId: string,
    responses: readonly {
      id: string;
      email: string | null;
      language: string;
      day: string;
      at: Date | null;
      answers: readonly AnswerRow[];
    }[],
    grouping: readonly string[],
  ): Promise<void>;
  distribution(surveyId: string): Promise<CountRow[]>;
  /** How many submitted responses answered each question. */
  respondents(surveyId: string): Promise<ReadonlyMap<string, number>>;
  texts(surveyId: string, questionId: string, limit: number): Promise<string[]>;
  /** Counts of each value per group, the group being the answer (item or number) to `groupBy` (one of the grouping questions). */
  breakdown(surveyId: string, groupBy: string): Promise<(CountRow & { group: string })[]>;
  /** Responses as rows for export, in pages. */
  exportPage(
    surveyId: string,
    after: string | null,
    size: number,
  ): Promise<{ id: string; day: string | null; email: string | null; answers: AnswerRow[] }[]>;
}

/** What a survey token reaches, across organisations: only token redemption may do this. */
export interface TokenRedeemer {
  invitation(tokenHash: string): Promise<
    | (InvitationRow & {
        readonly orgId: string;
        readonly surveyId: string;
        readonly opened: boolean;
        readonly used: boolean;
      })
    | null
  >;
  survey(orgId: string, surveyId: string): Promise<SurveyRecord | null>;
  markOpened(invitationId: string, at: Date | null): Promise<void>;
  markUsed(invitationId: string, at: Date | null): Promise<void>;
  responseByResumeKey(resumeKey: string): Promise<ResponseRecord | null>;
  startResponse(row: {
    id: string;
    orgId: string;
    surveyId: string;
    resumeKey: string;
    invitationId: string | null;
    email: string | null;
    language: string;
    seed: number;
    day: string;
  }): Promise<void>;
  answers(responseId: string): Promise<AnswerRow[]>;
  saveAnswer(
    orgId: string,
    surveyId: string,
    responseId: string,
    questionId: string,
    rows: readonly Omit<AnswerRow, 'questionId'>[],
  ): Promise<void>;
  /** Marks a response submitted and counts its answers, overall and within the groups of `grouping`'s questions. */
  submit(responseId: string, day: string, at: Date | null, grouping: readonly string[]): Promise<void>;
}

export interface SurveyStore {
  forOrg(orgId: string): SurveyRepository;
  readonly tokens: TokenRedeemer;
}

export interface SurveyTransaction {
  readonly survey: SurveyStore;
  readonly audit: AuditLog;
  readonly entitlements: Entitlements;
}

export interface SurveyUnitOfWork {
  run<T>(work: (tx: SurveyTransaction) => Promise<T>): Promise<T>;
  readonly read: SurveyStore;
}

/** Files a survey command reads: definitions (YAML), response exports (CSV), column maps (YAML). */
export interface SurveyFiles {
  /** A definition by path, or by the name of a shipped survey (`security-culture`). */
  definition(pathOrName: string): Promise<{ definition: SurveyDefinition; source: string }>;
  /** A CSV as its header and rows of cells, with BOM and delimiter handled. */
  table(path: string): Promise<{ header: string[]; rows: string[][] }>;
  /** A column map: header text → question id, or null to ignore the column. */
  columnMap(path: string): Promise<ReadonlyMap<string, string | null>>;
  /** A JSON answers file: question id → value. */
  answers(path: string): Promise<Readonly<Record<string, unknown>>>;
  /** The shipped surveys, by name. */
  shipped(): Promise<readonly { name: string; path: string }[]>;
}

export interface SurveyDeps {
  readonly uow: SurveyUnitOfWork;
  readonly clock: Clock;
  readonly files: SurveyFiles;
  /** Members of the organisation with a role (for `survey invite --role`). */
  readonly membersWithRole: (principal: Principal, role: string) => Promise<string[]>;
}
