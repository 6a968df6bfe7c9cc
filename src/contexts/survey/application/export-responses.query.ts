import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import { fromRows } from '../domain/answer-rows.js';
import type { SurveyDeps } from './ports.js';
import { findSurvey, surveyRef } from './survey-lookup.js';

export interface ExportedResponse {
  readonly response: string;
  readonly day: string | null;
  /** Named surveys only. */
  readonly email: string | null;
  readonly answers: Readonly<Record<string, number | string | readonly string[] | null>>;
}

/** Every submitted response, page by page (so a large survey is never held whole). */
export function exportResponses(deps: SurveyDeps) {
  return async function* (principal: Principal, ref: string, pageSize = 2000) {
    const { orgId } = allow(principal, 'survey.read');
    const repo = deps.uow.read.forOrg(orgId);
    const found = await findSurvey(repo, ref);
    yield { survey: surveyRef(found), definition: found.definition };
    let after: string | null = null;
    for (;;) {
      const page = await repo.exportPage(found.id, after, pageSize);
      if (page.length === 0) return;
      for (const r of page) {
        const answers: Record<string, number | string | readonly string[] | null> = {};
        for (const q of found.definition.questions) {
          answers[q.id] =
            fromRows(
              q,
              r.answers.filter((a) => a.questionId === q.id),
            ) ?? null;
        }
        yield {
          response: r.id,
          day: r.day,
          email: found.definition.anonymous ? null : r.email,
          answers,
        } satisfies ExportedResponse;
      }
      after = page[page.length - 1]?.id ?? null;
    }
  };
}
