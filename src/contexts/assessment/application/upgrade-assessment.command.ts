import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { answerValueFits } from '../domain/catalog-parse.js';
import { type Catalog, type Question, walkRequirements } from '../domain/catalog.js';
import type { MappingSet } from '../domain/mapping.js';
import { equalRequirements } from '../domain/mapping-graph.js';
import { flattenQuestionnaire } from '../domain/questionnaire.js';
import { assertEditable } from '../domain/status.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { resolveFramework } from './framework-resolver.js';
import { loadAssessment } from './loaded-assessment.js';
import type { AssessmentDeps, StoredAnswer } from './ports.js';

export interface UpgradeResult {
  assessment: string;
  framework: string;
  from: string;
  to: string;
  carried: { question: string; via: 'unchanged' | 'mapped'; from?: string }[];
  needsAnswer: string[];
  dropped: string[];
}

/**
 * Moves an assessment to another version of one of its frameworks. An answer
 * carries over when its question still exists under the same requirement with
 * the same type (unchanged), or when a mapping set between the two versions
 * says the old requirement is `equal` to a new one and the question in the
 * same position has the same type (mapped). Everything else is listed.
 */
export function upgradeAssessment(deps: AssessmentDeps) {
  return async (
    principal: Principal,
    id: string,
    frameworkKey: string | undefined,
    toVersion: string,
  ): Promise<UpgradeResult> => {
    const access = allow(principal, 'assessment.write');
    const { orgId } = access;
    return access.change(deps.uow, async (tx) => {
      const loaded = await loadAssessment(tx.store, orgId, id);
      assertEditable(loaded.record);
      const candidates = loaded.frameworks.filter((f) => frameworkKey === undefined || f.summary.key === frameworkKey);
      if (candidates.length !== 1) {
        throw ASSESSMENT_ERRORS.upgradeWhichFramework({
          problem: frameworkKey
            ? `assessment ${id} does not assess ${frameworkKey}`
            : `assessment ${id} has several frameworks`,
        });
      }
      const current = candidates[0] as (typeof candidates)[number];
      if (current.summary.version === toVersion) {
        throw ASSESSMENT_ERRORS.upgradeSameVersion({ id, framework: current.summary.key, version: toVersion });
      }
      const target = await resolveFramework(deps, tx, orgId, `${current.summary.key}@${toVersion}`);
      const next = await tx.store.frameworks(orgId).load(target.id);
      const sets: MappingSet[] = [...(await tx.store.mappings(orgId).list()), ...(await deps.shipped.mappingSets())];
      const mapped = equalRequirements(sets, current.summary.key, current.summary.version, toVersion);

      const newQuestions = new Map(
        flattenQuestionnaire(target.id, next, loaded.record.scope).map((i) => [i.question.id, i]),
      );
      const oldQuestions = questionIndex(current.catalog);
      const newByRequirement = questionsByRequirement(next);
      const carried: StoredAnswer[] = [];
      const report: UpgradeResult['carried'] = [];
      const dropped: string[] = [];
      for (const a of loaded.answers.filter((x) => x.frameworkId === current.summary.id)) {
        const old = oldQuestions.get(a.questionId);
        const same = newQuestions.get(a.questionId);
        if (old && same && same.requirement.id === old.requirement && sameShape(old.question, same.question, a.value)) {
          carried.push({ ...a, frameworkId: target.id });
          report.push({ question: a.questionId, via: 'unchanged' });
          continue;
        }
        const mappedTo = old ? mapped.get(old.requirement) : undefined;
        const replacement = mappedTo ? newByRequirement.get(mappedTo)?.[old?.position ?? -1] : undefined;
        if (
          old &&
          replacement &&
          newQuestions.has(replacement.id) &&
          sameShape(old.question, replacement, a.value) &&
          !carried.some((c) => c.questionId === replacement.id)
        ) {
          carried.push({ ...a, frameworkId: target.id, questionId: replacement.id });
          report.push({ question: replacement.id, via: 'mapped', from: a.questionId });
          continue;
        }
        dropped.push(a.questionId);
      }
      const answeredNow = new Set(carried.map((c) => c.questionId));
      const needsAnswer = [...newQuestions.keys()].filter((q) => !answeredNow.has(q));
      await tx.store.assessments(orgId).replaceFramework(id, current.summary.id, target.id, carried);
      await tx.store.assessments(orgId).update(id, { updatedAt: deps.clock.now() });
      await tx.record({
        action: 'assessment.upgraded',
        targetType: 'assessment',
        targetId: id,
        details: {
          framework: current.summary.key,
          from: current.summary.version,
          to: toVersion,
          carried: carried.length,
          needsAnswer: needsAnswer.length,
          dropped: dropped.length,
        },
      });
      return {
        assessment: id,
        framework: current.summary.key,
        from: current.summary.version,
        to: toVersion,
        carried: report,
        needsAnswer,
        dropped,
      };
    });
  };
}

function sameShape(a: Question, b: Question, value: unknown): boolean {
  if (a.type !== b.type) return false;
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  return values.every((v) => answerValueFits(b, v));
}

function questionIndex(catalog: Catalog) {
  const index = new Map<string, { requirement: string; position: number; question: Question }>();
  for (const { requirement } of walkRequirements(catalog.requirements)) {
    requirement.questions.forEach((question, position) =>
      index.set(question.id, { requirement: requirement.id, position, question }),
    );
  }
  return index;
}

function questionsByRequirement(catalog: Catalog): Map<string, readonly Question[]> {
  return new Map([...walkRequirements(catalog.requirements)].map((w) => [w.requirement.id, w.requirement.questions]));
}
