import type { Kysely } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import type { ApplicabilityRepository } from '../../application/ports.js';
import { type InclusionReason, INCLUSION_REASONS } from '../../domain/applicability.js';
import { ASSESSMENT_ERRORS } from '../../errors.js';

const REASONS = new Set<string>(INCLUSION_REASONS);

/** One organisation's Statement of Applicability rows: every query filters on `organization_id`. */
export function kyselyApplicabilityRepository(db: Kysely<Database>, orgId: string): ApplicabilityRepository {
  return {
    async list(assessmentId) {
      const rows = await db
        .selectFrom('assessment_applicability')
        .selectAll()
        .where('organization_id', '=', orgId)
        .where('assessment_id', '=', assessmentId)
        .orderBy('framework_id')
        .orderBy('requirement_ref')
        .execute();
      return rows.map((r) => ({
        frameworkId: r.framework_id,
        requirementId: r.requirement_ref,
        // SQLite returns 0/1, PostgreSQL an integer too; some drivers a string.
        applicable: Number(r.applicable) === 1,
        reasons: (JSON.parse(r.reasons) as string[]).filter((x): x is InclusionReason => REASONS.has(x)),
        justification: r.justification,
        decidedBy: r.decided_by,
        decidedAt: new Date(r.decided_at),
      }));
    },
    async save(assessmentId, d) {
      const owned = await db
        .selectFrom('assessment_assessments')
        .select('id')
        .where('id', '=', assessmentId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      if (!owned) throw ASSESSMENT_ERRORS.notFound({ id: assessmentId });
      const values = {
        organization_id: orgId,
        assessment_id: assessmentId,
        framework_id: d.frameworkId,
        requirement_ref: d.requirementId,
        applicable: d.applicable ? 1 : 0,
        reasons: JSON.stringify(d.reasons),
        justification: d.justification,
        decided_by: d.decidedBy,
        decided_at: d.decidedAt.toISOString(),
      };
      await db
        .insertInto('assessment_applicability')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['assessment_id', 'framework_id', 'requirement_ref']).doUpdateSet({
            applicable: values.applicable,
            reasons: values.reasons,
            justification: values.justification,
            decided_by: values.decided_by,
            decided_at: values.decided_at,
          }),
        )
        .execute();
    },
  };
}
