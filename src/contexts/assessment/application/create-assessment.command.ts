import * as z from 'zod';
import { AppError } from '../../../kernel/app-error.js';
import { newShortId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { parseInput } from '../../../kernel/validate.js';
import { auditActorOf, type AuditActor } from '../../audit/index.js';
import { authorize } from '../../auth/index.js';
import { resolveFramework } from './framework-resolver.js';
import type { AssessmentDeps } from './ports.js';

const Input = z.object({
  subject: z.string().trim().min(1, 'the subject (who or what is assessed) is empty').max(300),
  frameworks: z.array(z.string().min(1)).min(1, 'at least one --framework'),
  domains: z.array(z.string().min(1)).optional(),
  level: z.string().min(1).optional(),
  description: z.string().max(2000).optional(),
  targetLevel: z.number().min(0, 'a target level from 0 to 5').max(5, 'a target level from 0 to 5').default(3),
});

export interface CreatedAssessment {
  id: string;
  subject: string;
  frameworks: { id: string; version: string }[];
  status: 'draft';
}

export function createAssessment(deps: AssessmentDeps) {
  return async (principal: Principal, raw: z.input<typeof Input>): Promise<CreatedAssessment> => {
    const { orgId } = authorize(principal, 'assessment.write');
    const input = parseInput(Input, raw);
    const now = deps.clock.now();
    const actor: AuditActor = auditActorOf(principal);
    return deps.uow.run(async (tx) => {
      const summaries = [];
      for (const ref of input.frameworks) summaries.push(await resolveFramework(deps, tx, orgId, actor, ref));
      if (new Set(summaries.map((s) => s.key)).size !== summaries.length) {
        throw new AppError('invalid-input', 'ASSESSMENT.DUPLICATE_FRAMEWORK', 'a framework is named twice');
      }
      if (input.domains || input.level) {
        const catalogs = await Promise.all(summaries.map((s) => tx.store.frameworks(orgId).load(s.id)));
        for (const domain of input.domains ?? []) {
          if (!catalogs.some((c) => c.requirements.some((r) => r.id === domain))) {
            throw new AppError(
              'invalid-input',
              'ASSESSMENT.BAD_SCOPE',
              `--domain ${domain}: not a top-level domain of ${catalogs.map((c) => `${c.id} (${c.requirements.map((r) => r.id).join(', ')})`).join(' or ')}`,
            );
          }
        }
        const levelled = catalogs.filter((c) => c.levels.length > 0);
        if (input.level && !levelled.some((c) => c.levels.some((l) => l.id === input.level))) {
          throw new AppError(
            'invalid-input',
            'ASSESSMENT.BAD_SCOPE',
            levelled.length === 0
              ? `--level ${input.level}: none of the frameworks has applicability levels`
              : `--level ${input.level}: ${levelled.map((c) => `${c.id} has levels ${c.levels.map((l) => l.id).join(', ')}`).join('; ')}`,
          );
        }
      }
      const id = newShortId();
      await tx.store.assessments(orgId).create({
        id,
        subject: input.subject,
        scope: { domains: input.domains, level: input.level, description: input.description },
        targetLevel: input.targetLevel,
        status: 'draft',
        cursor: null,
        createdBy: actor.label,
        createdAt: now,
        updatedAt: now,
        sealedHash: null,
        sealedAt: null,
        frameworkIds: summaries.map((s) => s.id),
      });
      await tx.audit.chain(orgId).append(actor, {
        action: 'assessment.created',
        targetType: 'assessment',
        targetId: id,
        details: { subject: input.subject, frameworks: summaries.map((s) => `${s.key}@${s.version}`) },
      });
      return {
        id,
        subject: input.subject,
        frameworks: summaries.map((s) => ({ id: s.key, version: s.version })),
        status: 'draft',
      };
    });
  };
}
