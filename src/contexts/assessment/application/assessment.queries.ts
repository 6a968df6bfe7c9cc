import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import type { AnswerValue } from '../domain/answer.js';
import { type LocalizedText, localize } from '../domain/catalog.js';
import { countsAsAnswered, loadAssessment, type LoadedAssessment, questionStates } from './loaded-assessment.js';
import type { AssessmentDeps, AssessmentRecord, AssessmentScope } from './ports.js';

export interface AssessmentSummaryDto {
  id: string;
  subject: string;
  status: string;
  frameworks: { id: string; version: string }[];
  scope: AssessmentScope;
  targetLevel: number;
  progress: { answered: number; asked: number };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  sealedHash: string | null;
}

function summaryDto(loaded: LoadedAssessment): AssessmentSummaryDto {
  const r: AssessmentRecord = loaded.record;
  const states = questionStates(loaded).filter((s) => s.asked);
  return {
    id: r.id,
    subject: r.subject,
    status: r.status,
    frameworks: loaded.frameworks.map((f) => ({ id: f.summary.key, version: f.summary.version })),
    scope: r.scope,
    targetLevel: r.targetLevel,
    // An excluded requirement's asked questions count as answered, as scoring counts them.
    progress: { answered: states.filter(countsAsAnswered).length, asked: states.length },
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    sealedHash: r.sealedHash,
  };
}

export function listAssessments(deps: AssessmentDeps) {
  return async (principal: Principal): Promise<AssessmentSummaryDto[]> => {
    const { orgId } = allow(principal, 'assessment.read');
    const records = await deps.uow.read.assessments(orgId).list();
    return Promise.all(records.map(async (r) => summaryDto(await loadAssessment(deps.uow.read, orgId, r.id))));
  };
}

export interface QuestionRowDto {
  framework: string;
  domain: string;
  requirement: string;
  requirementTitle: string;
  question: string;
  type: string;
  text: string;
  asked: boolean;
  value: AnswerValue | null;
  note: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}

/** Every question of the assessment with its answer: the export shape too. */
export function assessmentQuestions(deps: AssessmentDeps) {
  return async (principal: Principal, id: string, lang = 'en'): Promise<QuestionRowDto[]> => {
    const { orgId } = allow(principal, 'assessment.read');
    const loaded = await loadAssessment(deps.uow.read, orgId, id);
    return questionStates(loaded).map((s) => ({
      framework: s.frameworkKey,
      domain: s.domain.id,
      requirement: s.requirement.id,
      requirementTitle: text(s.requirement.title, lang),
      question: s.question.id,
      type: s.question.type,
      text: text(s.question.text, lang),
      asked: s.asked,
      value: s.answer?.value ?? null,
      note: s.answer?.note ?? null,
      answeredBy: s.answer?.answeredBy ?? null,
      answeredAt: s.answer?.answeredAt.toISOString() ?? null,
    }));
  };
}

const text = (t: LocalizedText, lang: string) => localize(t, lang, 'en');

export function showAssessment(deps: AssessmentDeps) {
  return async (principal: Principal, id: string): Promise<AssessmentSummaryDto> => {
    const { orgId } = allow(principal, 'assessment.read');
    return summaryDto(await loadAssessment(deps.uow.read, orgId, id));
  };
}

/** The whole loaded assessment, for the interactive questionnaire and reports. */
export function openAssessment(deps: AssessmentDeps) {
  return async (principal: Principal, id: string): Promise<LoadedAssessment> => {
    const { orgId } = allow(principal, 'assessment.read');
    return loadAssessment(deps.uow.read, orgId, id);
  };
}
