import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import type {
  AssignmentRecord,
  AttemptRecord,
  AttemptStatus,
  CourseRecord,
  DueRow,
  Member,
  MonthRow,
  RoleStatusRow,
  StatusRow,
  TrainingRepository,
  TrainingStore,
} from '../../application/ports.js';
import type { CourseDefinition } from '../../domain/course.js';
import type { TrainingAttemptsTable, TrainingCoursesTable } from './training-tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function courseFromRow(r: TrainingCoursesTable): CourseRecord {
  return {
    id: r.id,
    key: r.course_key,
    version: Number(r.version),
    definition: JSON.parse(r.definition) as CourseDefinition,
    contentHash: r.content_hash,
    createdAt: new Date(r.created_at),
  };
}

function attemptFromRow(r: TrainingAttemptsTable & { email: string; name: string | null }): AttemptRecord {
  return {
    id: r.id,
    userId: r.user_id,
    email: r.email,
    name: r.name,
    courseId: r.course_id,
    courseKey: r.course_key,
    version: Number(r.version),
    status: r.status as AttemptStatus,
    questions: JSON.parse(r.questions) as string[],
    answers: JSON.parse(r.answers) as Record<string, string[]>,
    language: r.language,
    score: numOrNull(r.score),
    source: r.source as AttemptRecord['source'],
    startedAt: new Date(r.started_at),
    completedAt: r.completed_at ? new Date(r.completed_at) : null,
    recordedBy: r.recorded_by,
    annulledAt: r.annulled_at ? new Date(r.annulled_at) : null,
    annulledBy: r.annulled_by,
  };
}

/**
 * Every training query scoped by organisation. The reports read auth's
 * memberships directly (a read model): role and `all` assignments are
 * resolved against who holds the role now, so people who join later have
 * them, and the counts are GROUP BYs in the database.
 */
export function kyselyTrainingStore(db: Executor): TrainingStore {
  return {
    forOrg(orgId: string): TrainingRepository {
      const attemptsQuery = () =>
        db
          .selectFrom('training_attempts as t')
          .innerJoin('auth_users as u', 'u.id', 't.user_id')
          .selectAll('t')
          .select(['u.email', 'u.name'])
          .where('t.org_id', '=', orgId);

      /** Effective assignments (one row per person and course) and their best finished attempts. */
      const standing = (filter: { courseKey?: string | undefined; userId?: string | undefined }) => sql`
        eff as (
          select a.course_key as course_key, m.user_id as user_id, m.role as role,
                 min(a.due_on) as due_on, max(a.required_version) as required_version
          from training_assignments a
          join auth_memberships m on m.org_id = a.org_id and m.status = 'active'
            and (a.target_type = 'all'
                 or (a.target_type = 'role' and m.role = a.target)
                 or (a.target_type = 'user' and m.user_id = a.target))
          where a.org_id = ${orgId}
            ${filter.courseKey !== undefined ? sql`and a.course_key = ${filter.courseKey}` : sql``}
            ${filter.userId !== undefined ? sql`and m.user_id = ${filter.userId}` : sql``}
          group by a.course_key, m.user_id, m.role
        ),
        done as (
          select t.course_key as course_key, t.user_id as user_id, max(t.score) as best_score,
                 max(t.passed) as passed, max(t.completed_at) as completed_at
          from training_attempts t
          join eff e on e.course_key = t.course_key and e.user_id = t.user_id
          where t.org_id = ${orgId} and t.status in ('passed', 'failed') and t.version >= e.required_version
          group by t.course_key, t.user_id
        )`;

      return {
        async courses() {
          const rows = await db
            .selectFrom('training_courses')
            .selectAll()
            .where('org_id', '=', orgId)
            .orderBy('course_key')
            .orderBy('version', 'desc')
            .execute();
          return rows.map(courseFromRow);
        },
        async versions(key) {
          const rows = await db
            .selectFrom('training_courses')
            .selectAll()
            .where('org_id', '=', orgId)
            .where('course_key', '=', key)
            .orderBy('version', 'desc')
            .execute();
          return rows.map(courseFromRow);
        },
        async course(id) {
          const row = await db
            .selectFrom('training_courses')
            .selectAll()
            .where('org_id', '=', orgId)
            .where('id', '=', id)
            .executeTakeFirst();
          return row ? courseFromRow(row) : null;
        },
        async insertCourse(r, createdBy) {
          await db
            .insertInto('training_courses')
            .values({
              id: r.id,
              org_id: orgId,
              course_key: r.key,
              version: r.version,
              title: JSON.stringify(r.definition.title),
              definition: JSON.stringify(r.definition),
              requirements: JSON.stringify(r.definition.requirements),
              content_hash: r.contentHash,
              created_by: createdBy,
              created_at: r.createdAt.toISOString(),
            })
            .execute();
        },
        async deleteCourses(ids) {
          if (ids.length === 0) return;
          await db.deleteFrom('training_courses').where('org_id', '=', orgId).where('id', 'in', ids).execute();
        },
        async deleteAssignments(key) {
          await db
            .deleteFrom('training_assignments')
            .where('org_id', '=', orgId)
            .where('course_key', '=', key)
            .execute();
        },
        async attemptCount(courseIds) {
          if (courseIds.length === 0) return 0;
          const row = await db
            .selectFrom('training_attempts')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .where('org_id', '=', orgId)
            .where('course_id', 'in', courseIds)
            .executeTakeFirst();
          return num(row?.n);
        },

        async memberByEmail(email) {
          const row = await db
            .selectFrom('auth_memberships as m')
            .innerJoin('auth_users as u', 'u.id', 'm.user_id')
            .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.status'])
            .where('m.org_id', '=', orgId)
            .where('u.email', '=', email.trim().toLowerCase())
            .executeTakeFirst();
          return row ? { userId: row.id, email: row.email, name: row.name, role: row.role, status: row.status } : null;
        },
        async memberById(userId) {
          const row = await db
            .selectFrom('auth_memberships as m')
            .innerJoin('auth_users as u', 'u.id', 'm.user_id')
            .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.status'])
            .where('m.org_id', '=', orgId)
            .where('u.id', '=', userId)
            .executeTakeFirst();
          return row
            ? ({
                userId: row.id,
                email: row.email,
                name: row.name,
                role: row.role,
                status: row.status,
              } satisfies Member)
            : null;
        },
        async organisationName() {
          const row = await db
            .selectFrom('auth_organizations')
            .select('name')
            .where('id', '=', orgId)
            .executeTakeFirstOrThrow();
          return row.name;
        },

        async assignment(key, target) {
          const row = await db
            .selectFrom('training_assignments')
            .selectAll()
            .where('org_id', '=', orgId)
            .where('course_key', '=', key)
            .where('target_type', '=', target.type)
            .where('target', '=', target.type === 'user' ? target.userId : target.type === 'role' ? target.role : '')
            .executeTakeFirst();
          return row ? assignmentFromRow(row) : null;
        },
        async saveAssignment(r, createdBy) {
          await db
            .insertInto('training_assignments')
            .values({
              id: r.id,
              org_id: orgId,
              course_key: r.courseKey,
              target_type: r.targetType,
              target: r.target,
              due_on: r.dueOn,
              policy: r.policy,
              required_version: r.requiredVersion,
              created_by: createdBy,
              created_at: r.createdAt.toISOString(),
            })
            .onConflict((oc) =>
              oc.columns(['org_id', 'course_key', 'target_type', 'target']).doUpdateSet({
                due_on: r.dueOn,
                policy: r.policy,
                required_version: r.requiredVersion,
              }),
            )
            .execute();
        },
        async assignments(key) {
          let q = db.selectFrom('training_assignments').selectAll().where('org_id', '=', orgId);
          if (key !== undefined) q = q.where('course_key', '=', key);
          return (await q.orderBy('course_key').orderBy('created_at').execute()).map(assignmentFromRow);
        },
        async requireVersion(key, version) {
          const result = await db
            .updateTable('training_assignments')
            .set({ required_version: version })
            .where('org_id', '=', orgId)
            .where('course_key', '=', key)
            .where('policy', '=', 'retake')
            .executeTakeFirst();
          return Number(result.numUpdatedRows);
        },

        async progress(userId, courseId) {
          const rows = await db
            .selectFrom('training_progress')
            .select('module_id')
            .where('org_id', '=', orgId)
            .where('user_id', '=', userId)
            .where('course_id', '=', courseId)
            .execute();
          return rows.map((r) => r.module_id);
        },
        async completeModule(userId, courseId, moduleId, at) {
          await db
            .insertInto('training_progress')
            .values({
              org_id: orgId,
              user_id: userId,
              course_id: courseId,
              module_id: moduleId,
              completed_at: at.toISOString(),
            })
            .onConflict((oc) => oc.columns(['user_id', 'course_id', 'module_id']).doNothing())
            .execute();
        },

        async insertAttempt(a) {
          await db
            .insertInto('training_attempts')
            .values({
              id: a.id,
              org_id: orgId,
              user_id: a.userId,
              course_id: a.courseId,
              course_key: a.courseKey,
              version: a.version,
              status: a.status,
              questions: JSON.stringify(a.questions),
              answers: JSON.stringify(a.answers),
              language: a.language,
              score: a.score,
              passed: a.status === 'passed' ? 1 : 0,
              source: a.source,
              started_at: a.startedAt.toISOString(),
              completed_at: a.completedAt?.toISOString() ?? null,
              recorded_by: a.recordedBy,
              annulled_at: null,
              annulled_by: null,
            })
            .execute();
        },
        async saveAnswers(attemptId, answers) {
          await db
            .updateTable('training_attempts')
            .set({ answers: JSON.stringify(answers) })
            .where('org_id', '=', orgId)
            .where('id', '=', attemptId)
            .where('status', '=', 'in_progress')
            .execute();
        },
        async finishAttempt(attemptId, score, passed, at) {
          await db
            .updateTable('training_attempts')
            .set({
              score,
              passed: passed ? 1 : 0,
              status: passed ? 'passed' : 'failed',
              completed_at: at.toISOString(),
            })
            .where('org_id', '=', orgId)
            .where('id', '=', attemptId)
            .execute();
        },
        async annulAttempt(attemptId, at, by) {
          await db
            .updateTable('training_attempts')
            .set({ status: 'annulled', passed: 0, annulled_at: at.toISOString(), annulled_by: by })
            .where('org_id', '=', orgId)
            .where('id', '=', attemptId)
            .execute();
        },
        async attempt(id) {
          const row = await attemptsQuery().where('t.id', '=', id).executeTakeFirst();
          return row ? attemptFromRow(row) : null;
        },
        async attempts(filter) {
          let q = attemptsQuery();
          if (filter.userId !== undefined) q = q.where('t.user_id', '=', filter.userId);
          if (filter.courseKey !== undefined) q = q.where('t.course_key', '=', filter.courseKey);
          return (await q.orderBy('t.started_at').orderBy('t.id').execute()).map(attemptFromRow);
        },
        async finishedAttempts(userId, courseId) {
          const row = await db
            .selectFrom('training_attempts')
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .where('org_id', '=', orgId)
            .where('user_id', '=', userId)
            .where('course_id', '=', courseId)
            .where('status', 'in', ['passed', 'failed'])
            .executeTakeFirst();
          return num(row?.n);
        },
        async openAttempt(userId, courseId) {
          const row = await attemptsQuery()
            .where('t.user_id', '=', userId)
            .where('t.course_id', '=', courseId)
            .where('t.status', '=', 'in_progress')
            .executeTakeFirst();
          return row ? attemptFromRow(row) : null;
        },

        async due(filter) {
          const { rows } = await sql<{
            course_key: string;
            user_id: string;
            email: string;
            name: string | null;
            role: string;
            due_on: string;
            required_version: number | string;
            best_score: number | string | null;
            passed: number | string;
            completed: number | string;
            completed_at: string | null;
            overdue: number | string;
          }>`
            with ${standing(filter)},
            rows as (
              select e.course_key, e.user_id, u.email, u.name, e.role, e.due_on, e.required_version,
                     d.best_score, coalesce(d.passed, 0) as passed,
                     case when d.user_id is null then 0 else 1 end as completed, d.completed_at,
                     case when coalesce(d.passed, 0) = 0 and e.due_on < ${filter.today} then 1 else 0 end as overdue
              from eff e
              join auth_users u on u.id = e.user_id
              left join done d on d.course_key = e.course_key and d.user_id = e.user_id
            )
            select * from rows
            ${filter.overdueOnly ? sql`where overdue = 1` : sql``}
            order by course_key, email`.execute(db);
          return rows.map((r): DueRow => ({
            courseKey: r.course_key,
            userId: r.user_id,
            email: r.email,
            name: r.name,
            role: r.role,
            dueOn: r.due_on,
            requiredVersion: num(r.required_version),
            completed: num(r.completed) === 1,
            passed: num(r.passed) === 1,
            bestScore: numOrNull(r.best_score),
            completedAt: r.completed_at,
            overdue: num(r.overdue) === 1,
          }));
        },
        async roleStatus(filter) {
          const { rows } = await sql<{
            role: string;
            people: number | string;
            assigned: number | string;
            completed: number | string;
            passed: number | string;
            overdue: number | string;
            average_score: number | string | null;
            scored: number | string;
          }>`
            with ${standing({ courseKey: filter.courseKey })},
            -- Each person's best finished attempt per course, from the attempts table through its
            -- index (not a join of two derived tables, which PostgreSQL may plan as a nested loop
            -- over every pair when its statistics are stale).
            st as (
              select e.course_key as course_key, e.user_id as user_id, e.role as role, e.due_on as due_on,
                     max(case when t.user_id is null then 0 else 1 end) as completed,
                     max(coalesce(t.passed, 0)) as passed, max(t.score) as best_score
              from eff e
              left join training_attempts t on t.org_id = ${orgId} and t.course_key = e.course_key
                and t.user_id = e.user_id and t.status in ('passed', 'failed') and t.version >= e.required_version
              group by e.course_key, e.user_id, e.role, e.due_on
            )
            select role, count(distinct user_id) as people, count(*) as assigned, sum(completed) as completed,
                   sum(passed) as passed,
                   sum(case when passed = 0 and due_on < ${filter.today} then 1 else 0 end) as overdue,
                   avg(best_score) as average_score, count(best_score) as scored
            from st
            group by role
            order by role`.execute(db);
          return rows.map((r): RoleStatusRow => ({
            role: r.role,
            people: num(r.people),
            assigned: num(r.assigned),
            completed: num(r.completed),
            passed: num(r.passed),
            overdue: num(r.overdue),
            averageScore: r.average_score === null ? null : Number(r.average_score),
            scored: num(r.scored),
          }));
        },
        async completionsByMonth(filter) {
          const { rows } = await sql<{ month: string; completions: number | string; passed: number | string }>`
            select substr(t.completed_at, 1, 7) as month,
                   count(distinct t.user_id || ' ' || t.course_key) as completions,
                   count(distinct case when t.status = 'passed' then t.user_id || ' ' || t.course_key end) as passed
            from training_attempts t
            where t.org_id = ${orgId} and t.status in ('passed', 'failed') and t.completed_at >= ${filter.fromMonth}
              ${filter.courseKey !== undefined ? sql`and t.course_key = ${filter.courseKey}` : sql``}
            group by substr(t.completed_at, 1, 7)
            order by month`.execute(db);
          return rows.map((r): MonthRow => ({
            month: r.month,
            completions: num(r.completions),
            passed: num(r.passed),
          }));
        },
        async status(today) {
          const { rows } = await sql<{
            course_key: string;
            assigned: number | string;
            completed: number | string;
            passed: number | string;
            overdue: number | string;
            average_score: number | string | null;
            last_completed_at: string | null;
          }>`
            with ${standing({})}
            select e.course_key as course_key, count(*) as assigned, count(d.user_id) as completed,
                   sum(coalesce(d.passed, 0)) as passed,
                   sum(case when coalesce(d.passed, 0) = 0 and e.due_on < ${today} then 1 else 0 end) as overdue,
                   avg(d.best_score) as average_score, max(d.completed_at) as last_completed_at
            from eff e
            left join done d on d.course_key = e.course_key and d.user_id = e.user_id
            group by e.course_key
            order by e.course_key`.execute(db);
          return rows.map((r): StatusRow => ({
            courseKey: r.course_key,
            assigned: num(r.assigned),
            completed: num(r.completed),
            passed: num(r.passed),
            overdue: num(r.overdue),
            averageScore: r.average_score === null ? null : Math.round(Number(r.average_score) * 10) / 10,
            lastCompletedAt: r.last_completed_at,
          }));
        },

        async insertCertificate(c) {
          await db
            .insertInto('training_certificates')
            .values({
              id: c.id,
              org_id: orgId,
              attempt_id: c.attemptId,
              data_hash: c.dataHash,
              file_sha256: c.fileSha256,
              language: c.language,
              issued_at: c.issuedAt.toISOString(),
              issued_by: c.issuedBy,
            })
            .execute();
        },
        async certificate(id) {
          const r = await db
            .selectFrom('training_certificates')
            .selectAll()
            .where('org_id', '=', orgId)
            .where('id', '=', id)
            .executeTakeFirst();
          return r
            ? {
                id: r.id,
                attemptId: r.attempt_id,
                dataHash: r.data_hash,
                fileSha256: r.file_sha256,
                language: r.language,
                issuedAt: new Date(r.issued_at),
                issuedBy: r.issued_by,
              }
            : null;
        },
      };
    },
  };
}

function assignmentFromRow(r: Database['training_assignments']): AssignmentRecord {
  return {
    id: r.id,
    courseKey: r.course_key,
    targetType: r.target_type as AssignmentRecord['targetType'],
    target: r.target,
    dueOn: r.due_on,
    policy: r.policy as AssignmentRecord['policy'],
    requiredVersion: Number(r.required_version),
    createdAt: new Date(r.created_at),
  };
}
