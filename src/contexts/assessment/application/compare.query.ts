import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { type Comparison, compareAssessments } from '../domain/comparison.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { loadAssessment } from './loaded-assessment.js';
import type { AssessmentDeps } from './ports.js';
import { scoreLoaded } from './score-assessment.query.js';

export interface ComparisonDto {
  before: { id: string; subject: string };
  after: { id: string; subject: string };
  frameworks: Comparison[];
}

/** Two assessments side by side, per framework they share: what improved, what regressed. */
export function compareAssessmentsQuery(deps: AssessmentDeps) {
  return async (principal: Principal, beforeId: string, afterId: string): Promise<ComparisonDto> => {
    const { orgId } = allow(principal, 'assessment.read');
    const [a, b] = await Promise.all([
      loadAssessment(deps.uow.read, orgId, beforeId),
      loadAssessment(deps.uow.read, orgId, afterId),
    ]);
    const scoredA = scoreLoaded(a);
    const scoredB = scoreLoaded(b);
    const frameworks = scoredA.flatMap((sa) => {
      const sb = scoredB.find((x) => x.summary.key === sa.summary.key);
      return sb ? [compareAssessments(sa.result, sb.result)] : [];
    });
    if (frameworks.length === 0) {
      throw ASSESSMENT_ERRORS.nothingToCompare({ before: beforeId, after: afterId });
    }
    return {
      before: { id: a.record.id, subject: a.record.subject },
      after: { id: b.record.id, subject: b.record.subject },
      frameworks,
    };
  };
}
