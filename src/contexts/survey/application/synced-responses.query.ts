import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import { fromRows } from '../domain/answer-rows.js';
import type { SurveyAnswer, SurveyDefinition } from '../domain/survey.js';
import type { SurveyDeps, SurveyStatus, SurveyTransaction } from './ports.js';
import { findSurvey, surveyRef } from './survey-lookup.js';

/** A survey version as sync compares it between two databases: by key, version and content hash. */
export interface SyncedSurveyVersion {
  /** `key@version`. */
  readonly survey: string;
  readonly key: string;
  readonly version: number;
  readonly status: SurveyStatus;
  readonly contentHash: string;
  readonly anonymous: boolean;
  readonly definition: SurveyDefinition;
  /** Submitted responses it holds. */
  readonly submitted: number;
}

/**
 * A submitted response as it travels. For an anonymous survey it carries no
 * email and no time finer than the day (`email` and `submittedAt` are null);
 * no response ever carries a user, an invitation or a token hash.
 */
export interface SyncedResponse {
  readonly id: string;
  readonly language: string;
  /** The day it was submitted (YYYY-MM-DD). */
  readonly day: string;
  /** Named surveys only. */
  readonly email: string | null;
  /** Named surveys only: the time of submission. */
  readonly submittedAt: string | null;
  /** Question id → answer, as `survey respond` takes them. */
  readonly answers: Readonly<Record<string, SurveyAnswer>>;
}

/** What sync reads of responses besides their answers (`kysely-synced-responses.ts`). */
export interface SyncedResponseFacts {
  /** The language and time of submission of these submitted responses of one survey version. */
  meta(
    surveyId: string,
    ids: readonly string[],
  ): Promise<ReadonlyMap<string, { language: string; submittedAt: string | null }>>;
  /** Which of these response ids the organisation already holds, in any survey. */
  known(ids: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface SyncedResponseStore {
  forOrg(orgId: string): SyncedResponseFacts;
}

/** The survey context's unit of work with the sync reads in the same transaction. */
export interface SurveySyncDeps extends SurveyDeps {
  readonly synced: SyncedResponseStore;
  readonly syncUow: {
    run<T>(work: (tx: SurveyTransaction & { readonly surveySync: SyncedResponseStore }) => Promise<T>): Promise<T>;
  };
}

/** Export pages of this many responses: a large survey is read a page at a time. */
const PAGE = 1000;

/** Every published or closed survey version of the organisation (drafts change in place, so they never travel). */
export function surveyVersionsForSync(deps: SurveySyncDeps) {
  return async (principal: Principal): Promise<SyncedSurveyVersion[]> => {
    const { orgId } = allow(principal, 'survey.read');
    const repo = deps.uow.read.forOrg(orgId);
    const out: SyncedSurveyVersion[] = [];
    for (const s of await repo.list()) {
      if (s.status === 'draft') continue;
      out.push({
        survey: surveyRef(s),
        key: s.key,
        version: s.version,
        status: s.status,
        contentHash: s.contentHash,
        anonymous: s.definition.anonymous,
        definition: s.definition,
        submitted: (await repo.counts(s.id)).completed,
      });
    }
    return out;
  };
}

/**
 * The submitted responses of one survey version with their answers, as sync
 * sends them; unfinished responses never leave the database. An anonymous
 * survey's responses come without email or time, whatever the rows hold.
 */
export function responsesForSync(deps: SurveySyncDeps) {
  return async (principal: Principal, ref: string): Promise<SyncedResponse[]> => {
    const { orgId } = allow(principal, 'survey.read');
    const repo = deps.uow.read.forOrg(orgId);
    const found = await findSurvey(repo, ref);
    const { definition } = found;
    const named = !definition.anonymous;
    const facts = deps.synced.forOrg(orgId);
    const out: SyncedResponse[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await repo.exportPage(found.id, after, PAGE);
      if (page.length === 0) break;
      const meta = await facts.meta(
        found.id,
        page.map((r) => r.id),
      );
      for (const r of page) {
        const answers: Record<string, SurveyAnswer> = {};
        for (const q of definition.questions) {
          const value = fromRows(
            q,
            r.answers.filter((a) => a.questionId === q.id),
          );
          if (value !== undefined) answers[q.id] = value;
        }
        const m = meta.get(r.id);
        out.push({
          id: r.id,
          language: m?.language ?? definition.languages[0] ?? 'en',
          day: r.day ?? '',
          email: named ? r.email : null,
          submittedAt: named ? (m?.submittedAt ?? null) : null,
          answers,
        });
      }
      after = page[page.length - 1]?.id ?? null;
    }
    return out;
  };
}
