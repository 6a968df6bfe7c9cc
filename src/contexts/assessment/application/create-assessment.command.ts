import * as z from 'zod';
import { newShortId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { parseInput } from '../../../kernel/validate.js';
import { allow } from '../../auth/index.js';
import { resolveFramework } from './framework-resolver.js';
import type { Catalog } from '../domain/catalog.js';
import { DIMENSION_NOT_RELEVANT, highestLevel } from '../domain/scope.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import type { AssessmentDeps } from './ports.js';

const Input = z.object({
  subject: z.string().trim().min(1, 'the subject (who or what is assessed) is empty').max(300),
  frameworks: z.array(z.string().min(1)).min(1, 'at least one --framework'),
  domains: z.array(z.string().min(1)).optional(),
  level: z.string().min(1).optional(),
  /** The system's level per security dimension, e.g. { C: 'media', I: 'alta', T: 'basica', A: 'basica', D: 'na' }. */
  dimensions: z.record(z.string().min(1), z.string().min(1)).optional(),
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
    const access = allow(principal, 'assessment.write');
    const { orgId, actor } = access;
    const input = parseInput(Input, raw);
    const now = deps.clock.now();
    return access.change(deps.uow, async (tx) => {
      await tx.entitlements.reserve(orgId, 'assessments_per_month');
      const summaries = [];
      for (const ref of input.frameworks) summaries.push(await resolveFramework(deps, tx, orgId, ref));
      if (new Set(summaries.map((s) => s.key)).size !== summaries.length) {
        throw ASSESSMENT_ERRORS.duplicateFramework();
      }
      let level = input.level;
      if (input.domains || input.level || input.dimensions) {
        const catalogs = await Promise.all(summaries.map((s) => tx.store.frameworks(orgId).load(s.id)));
        for (const domain of input.domains ?? []) {
          if (!catalogs.some((c) => c.requirements.some((r) => r.id === domain))) {
            throw ASSESSMENT_ERRORS.badScope({
              problem: `--domain ${domain}: not a top-level domain of ${catalogs.map((c) => `${c.id} (${c.requirements.map((r) => r.id).join(', ')})`).join(' or ')}`,
            });
          }
        }
        if (input.dimensions) level = categoryOf(catalogs, input.dimensions, input.level);
        const levelled = catalogs.filter((c) => c.levels.length > 0);
        if (input.level && !levelled.some((c) => c.levels.some((l) => l.id === input.level))) {
          throw ASSESSMENT_ERRORS.badScope({
            problem:
              levelled.length === 0
                ? `--level ${input.level}: none of the frameworks has applicability levels`
                : `--level ${input.level}: ${levelled.map((c) => `${c.id} has levels ${c.levels.map((l) => l.id).join(', ')}`).join('; ')}`,
          });
        }
      }
      const id = newShortId();
      await tx.store.assessments(orgId).create({
        id,
        subject: input.subject,
        scope: {
          domains: input.domains,
          level,
          ...(input.dimensions ? { dimensions: input.dimensions } : {}),
          description: input.description,
        },
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
      await tx.record({
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

/**
 * Checks the dimension levels against the frameworks that declare dimensions
 * (every dimension given, each a level of that framework or `na`) and returns
 * the system category they give: the highest level among them. A category
 * given beside them must be that one.
 */
function categoryOf(
  catalogs: readonly Catalog[],
  dimensions: Readonly<Record<string, string>>,
  level: string | undefined,
): string {
  const bad = (problem: string) => ASSESSMENT_ERRORS.badScope({ problem });
  const dimensioned = catalogs.filter((c) => (c.dimensions?.length ?? 0) > 0);
  if (dimensioned.length === 0) throw bad('--dimensions: none of the frameworks has security dimensions');
  let category: string | undefined;
  for (const c of dimensioned) {
    const ids = (c.dimensions ?? []).map((d) => d.id);
    const order = c.levels.map((l) => l.id);
    const unknown = Object.keys(dimensions).filter((d) => !ids.includes(d));
    if (unknown.length > 0) throw bad(`--dimensions ${unknown.join(', ')}: ${c.id} has dimensions ${ids.join(', ')}`);
    const missing = ids.filter((d) => dimensions[d] === undefined);
    if (missing.length > 0)
      throw bad(`--dimensions: no level for ${missing.join(', ')} (${c.id} needs ${ids.join(', ')})`);
    for (const [d, v] of Object.entries(dimensions)) {
      if (v !== DIMENSION_NOT_RELEVANT && !order.includes(v)) {
        throw bad(`--dimensions ${d}=${v}: expected one of ${[...order, DIMENSION_NOT_RELEVANT].join(', ')}`);
      }
    }
    const highest = highestLevel(Object.values(dimensions), order);
    if (highest === null)
      throw bad(`--dimensions: every dimension is ${DIMENSION_NOT_RELEVANT}; at least one needs a level`);
    category ??= highest;
  }
  if (level !== undefined && level !== category) {
    throw bad(`--level ${level}: the dimension levels give category ${category} (the highest of them)`);
  }
  return category as string;
}
