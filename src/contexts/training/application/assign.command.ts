import { allow } from '../../auth/index.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { isRole, ROLES } from '../../../kernel/roles.js';
import { TRAINING_ERRORS } from '../errors.js';
import { dayOf, findCourse, parseDay } from './course-lookup.js';
import type { AssignmentRecord, AssignmentTarget, TrainingDeps } from './ports.js';

export interface AssignInput {
  readonly course: string;
  readonly user?: string | undefined;
  readonly role?: string | undefined;
  readonly all?: boolean | undefined;
  readonly due: string;
  /** What a new version of the course asks of those who completed an earlier one. */
  readonly onNewVersion?: string | undefined;
  /** Ask everyone assigned to take the newest version now. */
  readonly retake?: boolean | undefined;
}

/**
 * Assigns a course to one member, to a role or to every member, due on a day.
 * Assigning the same course to the same audience again changes its due date
 * and policy. Role and `all` assignments are resolved when read, so members
 * who join the role later have them too.
 */
export function assignCourse(deps: TrainingDeps) {
  return async (principal: Principal, input: AssignInput) => {
    const access = allow(principal, 'training.assign');
    const audiences = [input.user !== undefined, input.role !== undefined, input.all === true].filter(Boolean).length;
    if (audiences !== 1)
      throw TRAINING_ERRORS.badAssignment({ problem: 'give exactly one of --user <email>, --role <role> or --all' });
    if (input.role !== undefined && !isRole(input.role))
      throw TRAINING_ERRORS.badAssignment({ problem: `--role: one of ${ROLES.join(', ')}, not "${input.role}"` });
    const due = parseDay(input.due);
    if (!due) throw TRAINING_ERRORS.badAssignment({ problem: `--due: a day as YYYY-MM-DD, not "${input.due}"` });
    const policy = input.onNewVersion ?? 'keep';
    if (policy !== 'keep' && policy !== 'retake')
      throw TRAINING_ERRORS.badAssignment({ problem: `--on-new-version: keep or retake, not "${policy}"` });
    const now = deps.clock.now();
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const course = await findCourse(repo, input.course.replace(/@\d+$/, ''));
      let target: AssignmentTarget;
      let email: string | null = null;
      if (input.user !== undefined) {
        const member = await repo.memberByEmail(input.user);
        if (!member) throw TRAINING_ERRORS.notMember({ email: input.user });
        target = { type: 'user', userId: member.userId };
        email = member.email;
      } else if (input.role !== undefined) target = { type: 'role', role: input.role };
      else target = { type: 'all' };
      const existing = await repo.assignment(course.key, target);
      const assignment: AssignmentRecord = {
        id: existing?.id ?? newId(),
        courseKey: course.key,
        targetType: target.type,
        target: target.type === 'user' ? target.userId : target.type === 'role' ? target.role : '',
        dueOn: due,
        policy,
        requiredVersion: input.retake ? course.version : (existing?.requiredVersion ?? 1),
        createdAt: existing?.createdAt ?? now,
      };
      await repo.saveAssignment(assignment, access.actor.label);
      const audience = email ?? (target.type === 'role' ? `role:${target.role}` : 'all');
      await record({
        action: existing ? 'training.reassigned' : 'training.assigned',
        targetType: 'course',
        targetId: course.id,
        details: { course: course.key, audience, due, policy, requiredVersion: assignment.requiredVersion },
      });
      return {
        id: assignment.id,
        course: course.key,
        audience,
        due,
        policy,
        requiredVersion: assignment.requiredVersion,
        outcome: existing ? ('updated' as const) : ('assigned' as const),
        overdue: due < dayOf(now),
      };
    });
  };
}
