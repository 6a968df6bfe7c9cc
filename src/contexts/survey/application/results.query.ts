import { allow } from '../../auth/index.js';
import type { Principal } from '../../../kernel/principal.js';
import { nps, type NpsResult, scaleStats, topTwoBox, withheld } from '../domain/results.js';
import { groupsRespondents, localize, type SurveyDefinition, type SurveyQuestion } from '../domain/survey.js';
import { SURVEY_ERRORS } from '../errors.js';
import type { CountRow, SurveyDeps } from './ports.js';
import { findSurvey, surveyRef } from './survey-lookup.js';

export const SURVEY_RESULTS_SCHEMA = 'renfe.survey-results/v1';

export interface OptionCount {
  readonly id: string;
  readonly label: string;
  readonly count: number;
  /** Of the respondents who answered the question (multiple choice can add up above 100). */
  readonly percent: number;
}

export interface QuestionResult {
  readonly id: string;
  readonly section: string;
  readonly type: SurveyQuestion['type'];
  readonly text: string;
  readonly respondents: number;
  readonly counts: readonly OptionCount[];
  readonly mean: number | null;
  readonly median: number | null;
  readonly sd: number | null;
  /** Likert: share of answers in the top two points, 0–100. */
  readonly topTwoBox: number | null;
  readonly nps: NpsResult | null;
  /** "Other" answers and free text, as given. */
  readonly texts: readonly string[];
}

export interface GroupResult {
  readonly group: string;
  readonly label: string;
  /** Withheld groups show no figures: fewer respondents than the survey's threshold. */
  readonly withheld: boolean;
  readonly respondents: number | null;
  readonly questions: readonly Pick<QuestionResult, 'id' | 'respondents' | 'mean' | 'topTwoBox' | 'nps' | 'counts'>[];
}

export interface SurveyResults {
  readonly schema: typeof SURVEY_RESULTS_SCHEMA;
  readonly survey: string;
  readonly title: string;
  readonly language: string;
  readonly anonymous: boolean;
  readonly threshold: number;
  readonly invited: number;
  readonly started: number;
  readonly completed: number;
  /** Completed over invited, 0–100; null when nobody was invited (imported responses). */
  readonly responseRate: number | null;
  readonly questions: readonly QuestionResult[];
  readonly breakdown: { readonly by: string; readonly groups: readonly GroupResult[] } | null;
}

const round = (n: number | null, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const isScale = (q: SurveyQuestion) => q.type === 'likert' || q.type === 'rating' || q.type === 'nps';

function optionLabel(q: SurveyQuestion, item: string, lang: string): string {
  if (q.type === 'yes_no') return item === 'yes' ? (lang === 'es' ? 'Sí' : 'Yes') : 'No';
  if (item === 'other') return lang === 'es' ? 'Otro' : 'Other';
  return localize(q.options.find((o) => o.id === item)?.label, lang) || item;
}

/** A question's figures from its value counts. */
function questionFigures(q: SurveyQuestion, rows: readonly CountRow[], respondents: number, lang: string) {
  const pct = (count: number) => (respondents === 0 ? 0 : (round((count / respondents) * 100, 1) ?? 0));
  if (isScale(q)) {
    const distribution = new Map<number, number>();
    for (const r of rows) if (r.num !== null) distribution.set(r.num, (distribution.get(r.num) ?? 0) + r.count);
    const stats = scaleStats(distribution);
    const low = q.type === 'nps' ? 0 : 1;
    const counts: OptionCount[] = [];
    for (let v = low; v <= q.scale; v++) {
      const count = distribution.get(v) ?? 0;
      counts.push({
        id: String(v),
        label: q.type === 'likert' ? localize(q.labels[v - 1], lang) : String(v),
        count,
        percent: pct(count),
      });
    }
    return {
      counts,
      mean: round(stats.mean),
      median: stats.median,
      sd: round(stats.sd),
      topTwoBox: q.type === 'likert' ? round((topTwoBox(distribution, q.scale) ?? NaN) * 100, 1) : null,
      nps: q.type === 'nps' ? { ...nps(distribution), score: round(nps(distribution).score, 1) } : null,
    };
  }
  const byItem = new Map<string, number>();
  for (const r of rows) if (r.item !== '') byItem.set(r.item, (byItem.get(r.item) ?? 0) + r.count);
  const ids = q.type === 'yes_no' ? ['yes', 'no'] : [...q.options.map((o) => o.id), ...(q.other ? ['other'] : [])];
  return {
    counts:
      q.type === 'text'
        ? []
        : ids.map((id) => ({
            id,
            label: optionLabel(q, id, lang),
            count: byItem.get(id) ?? 0,
            percent: pct(byItem.get(id) ?? 0),
          })),
    mean: null,
    median: null,
    sd: null,
    topTwoBox: null,
    nps: null,
  };
}

function cleanNaN<T extends { topTwoBox: number | null }>(value: T): T {
  return { ...value, topTwoBox: value.topTwoBox !== null && Number.isNaN(value.topTwoBox) ? null : value.topTwoBox };
}

/**
 * `survey results`: counts and percentages, mean, median and standard
 * deviation for scales, top-2-box for Likert, NPS, free text, and a breakdown
 * by a grouping question with small groups withheld. Every figure comes from
 * GROUP BY counts in the database.
 */
export function surveyResults(deps: SurveyDeps) {
  return async (
    principal: Principal,
    ref: string,
    options: { lang?: string | undefined; by?: string | undefined; textLimit?: number | undefined } = {},
  ): Promise<SurveyResults> => {
    const { orgId } = allow(principal, 'survey.read');
    const repo = deps.uow.read.forOrg(orgId);
    const found = await findSurvey(repo, ref);
    const definition: SurveyDefinition = found.definition;
    const lang =
      options.lang && definition.languages.includes(options.lang) ? options.lang : (definition.languages[0] ?? 'en');
    const [distribution, respondents, counts, invitations] = await Promise.all([
      repo.distribution(found.id),
      repo.respondents(found.id),
      repo.counts(found.id),
      repo.invitations(found.id, false),
    ]);
    const rowsOf = (id: string) => distribution.filter((r) => r.questionId === id);
    const questions: QuestionResult[] = [];
    for (const q of definition.questions) {
      const n = respondents.get(q.id) ?? 0;
      const wantsTexts = q.type === 'text' || q.other;
      questions.push(
        cleanNaN({
          id: q.id,
          section: q.section,
          type: q.type,
          text: localize(q.text, lang),
          respondents: n,
          ...questionFigures(q, rowsOf(q.id), n, lang),
          texts: wantsTexts ? await repo.texts(found.id, q.id, options.textLimit ?? 500) : [],
        }),
      );
    }

    let breakdown: SurveyResults['breakdown'] = null;
    if (options.by) {
      const group = definition.questions.find((q) => q.id === options.by);
      if (!group) throw SURVEY_ERRORS.badGroup({ question: options.by, problem: 'no such question in this survey' });
      if (!groupsRespondents(group)) {
        throw SURVEY_ERRORS.badGroup({
          question: options.by,
          problem: `a ${group.type} question does not split respondents into groups`,
        });
      }
      const rows = await repo.breakdown(found.id, group.id);
      const sizes = new Map<string, number>();
      for (const r of rows.filter((r) => r.questionId === group.id))
        sizes.set(r.group, (sizes.get(r.group) ?? 0) + r.count);
      const groupIds = isScale(group)
        ? Array.from({ length: group.scale - (group.type === 'nps' ? -1 : 0) }, (_, i) =>
            String(i + (group.type === 'nps' ? 0 : 1)),
          )
        : group.type === 'yes_no'
          ? ['yes', 'no']
          : [...group.options.map((o) => o.id), ...(group.other ? ['other'] : [])];
      breakdown = {
        by: group.id,
        groups: groupIds.map((g) => {
          const size = sizes.get(g) ?? 0;
          const label = isScale(group)
            ? group.type === 'likert'
              ? localize(group.labels[Number(g) - 1], lang)
              : g
            : optionLabel(group, g, lang);
          if (withheld(size, definition.threshold))
            return { group: g, label, withheld: true, respondents: null, questions: [] };
          const inGroup = rows.filter((r) => r.group === g);
          return {
            group: g,
            label,
            withheld: false,
            respondents: size,
            questions: definition.questions
              .filter((q) => q.id !== group.id && q.type !== 'text')
              .map((q) => {
                const own = inGroup.filter((r) => r.questionId === q.id);
                const answered = q.type === 'multiple_choice' ? size : own.reduce((s, r) => s + r.count, 0);
                const figures = cleanNaN(questionFigures(q, own, answered, lang));
                return {
                  id: q.id,
                  respondents: answered,
                  mean: figures.mean,
                  topTwoBox: figures.topTwoBox,
                  nps: figures.nps,
                  counts: figures.counts,
                };
              }),
          };
        }),
      };
    }

    return {
      schema: SURVEY_RESULTS_SCHEMA,
      survey: surveyRef(found),
      title: localize(definition.title, lang),
      language: lang,
      anonymous: definition.anonymous,
      threshold: definition.threshold,
      invited: invitations.invited,
      started: counts.started,
      completed: counts.completed,
      responseRate: invitations.invited === 0 ? null : round((invitations.completed / invitations.invited) * 100, 1),
      questions,
      breakdown,
    };
  };
}
