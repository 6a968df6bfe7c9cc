import * as z from 'zod';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import {
  type ApplicabilityDecision,
  INCLUSION_REASONS,
  type InclusionReason,
  isJustified,
} from '../domain/applicability.js';
import { isAssessable, localize, walkRequirements } from '../domain/catalog.js';
import { assertEditable } from '../domain/status.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { type LoadedAssessment, loadAssessment } from './loaded-assessment.js';
import type { AssessmentDeps } from './ports.js';
import { scoreLoaded } from './score-assessment.query.js';

export interface ApplicabilityInput {
  assessmentId: string;
  /** `A.5.1` or `framework:A.5.1`. */
  control: string;
  applicable: boolean;
  justification?: string | undefined;
  reasons?: readonly string[] | undefined;
}

/** One control's line of the Statement of Applicability. */
export interface ApplicabilityDto {
  framework: string;
  control: string;
  title: string;
  applicable: boolean;
  /** Whether someone decided on it (else it applies by default). */
  decided: boolean;
  reasons: InclusionReason[];
  justification: string | null;
  /** Whether the decision gives a reason (a justification, or a chosen reason for an inclusion). */
  justified: boolean;
  /** The control's result from the answers: compliant, partially_compliant, non_compliant, not_applicable, not_assessed. */
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

const Input = z.object({
  justification: z.string().max(2000, 'the justification is at most 2000 characters').optional(),
  reasons: z.array(z.enum(INCLUSION_REASONS, { message: `a reason is one of ${INCLUSION_REASONS.join(', ')}` })),
});

interface Located {
  frameworkId: string;
  frameworkKey: string;
  requirementId: string;
  title: string;
}

/** Every assessable requirement in the assessment's scope (optional domains only when named), in catalog order. */
function controlsOf(loaded: LoadedAssessment, lang: string): Located[] {
  const inScope = new Set(
    scoreLoaded(loaded).flatMap((s) => s.result.requirements.map((r) => `${s.summary.id} ${r.id}`)),
  );
  return loaded.frameworks.flatMap(({ summary, catalog }) => {
    const fallback = catalog.languages[0] ?? 'en';
    return [...walkRequirements(catalog.requirements)]
      .filter(({ requirement }) => isAssessable(requirement) && inScope.has(`${summary.id} ${requirement.id}`))
      .map(({ requirement }) => ({
        frameworkId: summary.id,
        frameworkKey: summary.key,
        requirementId: requirement.id,
        title: localize(requirement.title, lang, fallback),
      }));
  });
}

/**
 * Whether the Statement of Applicability decides on a requirement of the
 * assessment (the rule `setApplicability` applies: an assessable requirement
 * in scope): what the questionnaire asks before offering the decision.
 */
export function decidesOn(loaded: LoadedAssessment): (frameworkId: string, requirementId: string) => boolean {
  const controls = new Set(controlsOf(loaded, 'en').map((c) => `${c.frameworkId} ${c.requirementId}`));
  return (frameworkId, requirementId) => controls.has(`${frameworkId} ${requirementId}`);
}

function locate(controls: readonly Located[], ref: string): Located {
  const colon = ref.lastIndexOf(':');
  const key = colon > 0 ? ref.slice(0, colon) : null;
  const id = colon > 0 ? ref.slice(colon + 1) : ref;
  const found = controls.filter((c) => c.requirementId === id && (key === null || c.frameworkKey === key));
  if (found.length === 0) throw ASSESSMENT_ERRORS.requirementNotFound({ ref });
  if (found.length > 1) throw ASSESSMENT_ERRORS.requirementAmbiguous({ ref });
  return found[0] as Located;
}

/**
 * Records whether a control applies and why, in its own transaction, audited;
 * refused on a final assessment, as answers are. An excluded control is scored
 * as not applicable (docs/scoring.md).
 */
export function setApplicability(deps: AssessmentDeps) {
  return async (principal: Principal, input: ApplicabilityInput): Promise<ApplicabilityDto> => {
    const access = allow(principal, 'assessment.write');
    const { orgId, actor } = access;
    const parsed = Input.safeParse({ justification: input.justification, reasons: [...(input.reasons ?? [])] });
    if (!parsed.success) {
      throw ASSESSMENT_ERRORS.applicabilityInvalid({ problem: parsed.error.issues[0]?.message ?? 'invalid input' });
    }
    const reasons = [...new Set(parsed.data.reasons)];
    if (!input.applicable && reasons.length > 0) {
      throw ASSESSMENT_ERRORS.applicabilityInvalid({
        problem: '--reason gives why a control is included; an excluded control needs a --justification instead',
      });
    }
    const justification = parsed.data.justification?.trim() || null;
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ store, record }) => {
      const loaded = await loadAssessment(store, orgId, input.assessmentId);
      assertEditable(loaded.record);
      const control = locate(controlsOf(loaded, 'en'), input.control);
      const decision: ApplicabilityDecision = {
        frameworkId: control.frameworkId,
        requirementId: control.requirementId,
        applicable: input.applicable,
        reasons,
        justification,
        decidedBy: actor.label,
        decidedAt: now,
      };
      await store.applicability(orgId).save(loaded.record.id, decision);
      await store.assessments(orgId).update(loaded.record.id, { updatedAt: now });
      const ref = `${control.frameworkKey}:${control.requirementId}`;
      await record({
        action: 'assessment.applicability_set',
        targetType: 'assessment',
        targetId: loaded.record.id,
        details: { control: ref, applicable: input.applicable, reasons, justification },
      });
      const after = { ...loaded, applicability: [...loaded.applicability.filter((d) => !same(d, decision)), decision] };
      return rows(after, 'en').find(
        (r) => r.framework === control.frameworkKey && r.control === control.requirementId,
      )!;
    });
  };
}

const same = (a: ApplicabilityDecision, b: ApplicabilityDecision) =>
  a.frameworkId === b.frameworkId && a.requirementId === b.requirementId;

function rows(loaded: LoadedAssessment, lang: string): ApplicabilityDto[] {
  const results = new Map<string, string>();
  for (const s of scoreLoaded(loaded))
    for (const r of s.result.requirements) results.set(`${s.summary.id} ${r.id}`, r.result);
  const decisions = new Map(loaded.applicability.map((d) => [`${d.frameworkId} ${d.requirementId}`, d]));
  return controlsOf(loaded, lang).map((c) => {
    const d = decisions.get(`${c.frameworkId} ${c.requirementId}`);
    return {
      framework: c.frameworkKey,
      control: c.requirementId,
      title: c.title,
      applicable: d?.applicable ?? true,
      decided: d !== undefined,
      reasons: d ? [...d.reasons] : [],
      justification: d?.justification ?? null,
      justified: isJustified(d),
      status: results.get(`${c.frameworkId} ${c.requirementId}`) ?? 'not_assessed',
      decidedBy: d?.decidedBy ?? null,
      decidedAt: d?.decidedAt.toISOString() ?? null,
    };
  });
}

/** The Statement of Applicability of an assessment: every control with its decision and status. */
export function listApplicability(deps: AssessmentDeps) {
  return async (principal: Principal, assessmentId: string, lang = 'en'): Promise<ApplicabilityDto[]> => {
    const { orgId } = allow(principal, 'assessment.read');
    return rows(await loadAssessment(deps.uow.read, orgId, assessmentId), lang);
  };
}
