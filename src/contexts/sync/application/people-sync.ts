import { isAppError } from '../../../kernel/app-error.js';
import type { SyncedResponse, SyncedSurveyVersion } from '../../survey/index.js';
import type { SyncedAttempt, SyncedCourseVersion } from '../../training/index.js';
import { SYNC_ERRORS } from '../errors.js';
import { type MergeStep, planMerge, type SyncRecord } from '../domain/merge.js';
import { syncRecord } from './records.js';
import type { ChangeOrigin, PeerConnection, PeopleSide, SyncDeps, SyncPeer } from './sync-ports.js';

/**
 * Survey responses and training attempts in a sync. Their records are kept
 * in `sync_state` under a scope per survey or course version
 * (`survey:<key@version>`, `training:<key@version>`), where an assessment's
 * records are kept under its id, and go through the same three-way merge.
 * Versions travel by key, version and content hash: a survey version missing
 * on the receiving side is created there from the stored definition (through
 * the survey context, which checks it as a file); a course version is not
 * (its modules are files), so its attempts wait until the same course is
 * imported there.
 */
export const SURVEY_SCOPE = 'survey:';
export const TRAINING_SCOPE = 'training:';

/** Whether a sync_state scope is an assessment's (not a survey's or a course's). */
export const isAssessmentScope = (id: string) => !id.startsWith(SURVEY_SCOPE) && !id.startsWith(TRAINING_SCOPE);

/** What one push or pull did with one survey or course version. */
export interface ScopeSummary {
  /** `key@version`. */
  readonly scope: string;
  /** The version was created on the receiving side by this sync (surveys only). */
  readonly created: boolean;
  readonly sent: number;
  readonly received: number;
  readonly unchanged: number;
  readonly conflicts: number;
  readonly waiting: number;
}

const byKey = (records: readonly SyncRecord[]) => new Map(records.map((r) => [r.key, r]));
const idOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);

/**
 * A submitted response as a record. An anonymous survey's carries its day and
 * answers only: no email, no time, and no one named as having made it.
 */
export function responseRecords(version: SyncedSurveyVersion, responses: readonly SyncedResponse[]): SyncRecord[] {
  return responses.map((r) => {
    const key = `survey-response:${version.survey}:${r.id}`;
    const common = { survey: version.survey, language: r.language, day: r.day, answers: r.answers };
    if (version.anonymous) return syncRecord('survey-response', key, { ...common, anonymous: true }, null, r.day);
    const email = r.email === null ? null : r.email.toLowerCase();
    return syncRecord(
      'survey-response',
      key,
      { ...common, anonymous: false, email, submittedAt: r.submittedAt },
      email,
      r.submittedAt ?? r.day,
    );
  });
}

export function responseOf(record: SyncRecord): SyncedResponse {
  const v = record.value;
  return {
    id: idOf(record.key),
    language: v.language as string,
    day: v.day as string,
    email: v.anonymous === true ? null : ((v.email as string | null | undefined) ?? null),
    submittedAt: v.anonymous === true ? null : ((v.submittedAt as string | null | undefined) ?? null),
    answers: v.answers as SyncedResponse['answers'],
  };
}

/**
 * A finished attempt as a record: the person by email, the outcome, and
 * whether it was annulled; who annulled it and when travel as who changed the
 * record and when (two sides that annulled the same attempt agree).
 */
export function attemptRecords(ref: string, attempts: readonly SyncedAttempt[]): SyncRecord[] {
  return attempts.map((a) =>
    syncRecord(
      'training-attempt',
      `training-attempt:${ref}:${a.id}`,
      {
        course: ref,
        email: a.email.toLowerCase(),
        status: a.status,
        score: a.score,
        language: a.language,
        source: a.source,
        startedAt: a.startedAt,
        completedAt: a.completedAt,
        questions: a.questions,
        answers: a.answers,
        recordedBy: a.recordedBy,
      },
      a.status === 'annulled' ? a.annulledBy : (a.recordedBy ?? a.email.toLowerCase()),
      a.status === 'annulled' ? a.annulledAt : a.completedAt,
    ),
  );
}

export function attemptOf(record: SyncRecord): SyncedAttempt {
  const v = record.value;
  const annulled = v.status === 'annulled';
  return {
    id: idOf(record.key),
    email: v.email as string,
    status: v.status as SyncedAttempt['status'],
    score: v.score as number | null,
    language: v.language as string,
    source: v.source as SyncedAttempt['source'],
    startedAt: v.startedAt as string,
    completedAt: v.completedAt as string,
    questions: v.questions as string[],
    answers: v.answers as SyncedAttempt['answers'],
    recordedBy: (v.recordedBy as string | null | undefined) ?? null,
    annulledAt: annulled ? record.at : null,
    annulledBy: annulled ? record.by : null,
  };
}

/** One survey or course version as both sides hold it, with the plan for its records. */
export interface ScopePlan {
  readonly kind: 'survey' | 'training';
  /** `key@version`. */
  readonly ref: string;
  /** Its sync_state scope. */
  readonly scope: string;
  readonly local: SyncedSurveyVersion | SyncedCourseVersion | null;
  readonly remote: SyncedSurveyVersion | SyncedCourseVersion | null;
  readonly anonymous: boolean;
  readonly steps: readonly MergeStep[];
}

export interface PeopleSelection {
  /** Only these survey versions (`key@version`); an empty list: none; absent: every one in play. */
  readonly surveys?: readonly string[] | undefined;
  readonly courses?: readonly string[] | undefined;
  /** Pull: also the versions only the peer holds. */
  readonly all?: boolean | undefined;
}

export interface PlanContext {
  readonly deps: SyncDeps;
  readonly orgId: string;
  /** The peer row (null: never synced with it, so no base). */
  readonly row: SyncPeer | null;
  readonly peer: PeerConnection;
  readonly local: PeopleSide;
  readonly direction: 'push' | 'pull' | 'status';
  readonly selection: PeopleSelection;
  /** One-line messages for the person: what does not travel, and why. */
  readonly notes: string[];
}

const refsFrom = (versions: readonly { survey?: string; course?: string }[]) =>
  new Map(versions.map((v) => [(v.survey ?? v.course) as string, v]));

async function trackedRefs(c: PlanContext, prefix: string): Promise<string[]> {
  if (!c.row) return [];
  return (await c.deps.read.tracked(c.row.id))
    .filter((id) => id.startsWith(prefix))
    .map((id) => id.slice(prefix.length));
}

/** The versions to compare: those named, else (push) those with records here, (pull) those on both sides. */
function chooseRefs(
  c: PlanContext,
  what: 'survey' | 'course',
  named: readonly string[] | undefined,
  tracked: readonly string[],
  local: ReadonlyMap<string, unknown>,
  remote: ReadonlyMap<string, unknown>,
  withRecords: (v: unknown) => boolean,
): string[] {
  if (named) {
    for (const ref of named) {
      if (!local.has(ref) && !remote.has(ref)) throw SYNC_ERRORS.unknownScope({ what, ref, location: c.peer.location });
    }
    return [...new Set(named)];
  }
  const refs = new Set(tracked);
  for (const [ref, v] of local) {
    // A push sends what has records here; a pull compares what both sides hold; status shows both.
    const pushed = withRecords(v);
    const pulled = remote.has(ref);
    if (c.direction === 'push' ? pushed : c.direction === 'pull' ? pulled : pushed || pulled) refs.add(ref);
  }
  if (c.direction !== 'push' && c.selection.all) for (const [ref, v] of remote) if (withRecords(v)) refs.add(ref);
  return [...refs].sort();
}

const forbidden = (error: unknown) => isAppError(error) && error.kind === 'forbidden';

/** The plans of every survey version in play, compared record by record. */
export async function surveyPlans(c: PlanContext): Promise<ScopePlan[]> {
  if (c.selection.surveys?.length === 0) return [];
  const local = refsFrom(await c.local.surveyVersions()) as Map<string, SyncedSurveyVersion>;
  const remote = refsFrom(await c.peer.surveyVersions()) as Map<string, SyncedSurveyVersion>;
  const refs = chooseRefs(
    c,
    'survey',
    c.selection.surveys,
    await trackedRefs(c, SURVEY_SCOPE),
    local,
    remote,
    (v) => (v as SyncedSurveyVersion).submitted > 0,
  );
  const plans: ScopePlan[] = [];
  for (const ref of refs) {
    const L = local.get(ref) ?? null;
    const R = remote.get(ref) ?? null;
    if (!L && !R) continue;
    if (L && R && L.contentHash !== R.contentHash) {
      c.notes.push(`survey ${ref} differs at ${c.peer.location} (another content hash): its responses do not travel`);
      continue;
    }
    const scope = `${SURVEY_SCOPE}${ref}`;
    const localRecords = L ? responseRecords(L, await c.local.surveyResponses(ref)) : [];
    const remoteRecords = R ? responseRecords(R, await c.peer.surveyResponses(ref)) : [];
    const base = c.row ? await c.deps.read.base(c.row.id, scope) : new Map<string, string>();
    // A response never changes: one the receiving side already holds with other content cannot move, it is a conflict.
    const steps = planMerge(byKey(localRecords), byKey(remoteRecords), base).map((s) =>
      (s.action === 'send' && s.remote) || (s.action === 'receive' && s.local)
        ? { ...s, action: 'conflict' as const }
        : s,
    );
    plans.push({ kind: 'survey', ref, scope, local: L, remote: R, anonymous: (L ?? R)?.anonymous ?? true, steps });
  }
  return plans;
}

/** The plans of every course version in play. A peer that may not read who completed what skips them (noted). */
export async function trainingPlans(c: PlanContext): Promise<ScopePlan[]> {
  if (c.selection.courses?.length === 0) return [];
  const local = refsFrom(await c.local.courseVersions()) as Map<string, SyncedCourseVersion>;
  const remote = refsFrom(await c.peer.courseVersions()) as Map<string, SyncedCourseVersion>;
  const refs = chooseRefs(
    c,
    'course',
    c.selection.courses,
    await trackedRefs(c, TRAINING_SCOPE),
    local,
    remote,
    () => true,
  );
  const plans: ScopePlan[] = [];
  for (const ref of refs) {
    const L = local.get(ref) ?? null;
    const R = remote.get(ref) ?? null;
    if (!L && !R) continue;
    if (L && R && L.contentHash !== R.contentHash) {
      c.notes.push(`course ${ref} differs at ${c.peer.location} (another content hash): its attempts do not travel`);
      continue;
    }
    const scope = `${TRAINING_SCOPE}${ref}`;
    let localRecords: SyncRecord[] = [];
    try {
      localRecords = L ? attemptRecords(ref, await c.local.courseAttempts(ref)) : [];
    } catch (error) {
      if (!forbidden(error) || c.direction !== 'status') throw error;
      c.notes.push(`training attempts are not compared: ${(error as Error).message}`);
      return plans;
    }
    const base = c.row ? await c.deps.read.base(c.row.id, scope) : new Map<string, string>();
    let remoteRecords: SyncRecord[] = [];
    if (R) {
      try {
        remoteRecords = attemptRecords(ref, await c.peer.courseAttempts(ref));
      } catch (error) {
        if (!forbidden(error)) throw error;
        // A push with attempts to send is refused as the peer refuses it; otherwise training is left out.
        const changed = localRecords.some((r) => base.get(r.key) !== r.revision);
        if (c.direction === 'push' && changed) throw error;
        c.notes.push(`training attempts are not compared with ${c.peer.location}: ${(error as Error).message}`);
        return plans;
      }
    }
    if (localRecords.length === 0 && remoteRecords.length === 0 && base.size === 0) continue;
    const steps = planMerge(byKey(localRecords), byKey(remoteRecords), base);
    plans.push({ kind: 'training', ref, scope, local: L, remote: R, anonymous: false, steps });
  }
  return plans;
}

export interface RunContext extends PlanContext {
  readonly direction: 'push' | 'pull';
  readonly moves: 'send' | 'receive';
  readonly row: SyncPeer;
  readonly here: ChangeOrigin;
  readonly there: ChangeOrigin;
  readonly size: number;
  readonly batches: (steps: readonly MergeStep[], size: number) => MergeStep[][];
  /** Stores the plan's conflicts and settles what both sides agree on; the open conflict count. */
  readonly bookkeep: (scope: string, steps: readonly MergeStep[], stamp: string | undefined) => Promise<number>;
  /** Moves the base of one batch (a push audits it as `sync.pushed`). */
  readonly saveBase: (
    plan: ScopePlan,
    entries: readonly { key: string; revision: string | null; origin: string }[],
    stamp: string | undefined,
  ) => Promise<void>;
  readonly afterBatch?: (() => Promise<void>) | undefined;
  readonly progress?: ((done: number, total: number) => void) | undefined;
}

/** Creates on the receiving side the survey version it lacks (and the versions before it it lacks too). */
async function adoptSurvey(
  c: RunContext,
  version: SyncedSurveyVersion,
  senders: ReadonlyMap<string, SyncedSurveyVersion>,
  receivers: readonly SyncedSurveyVersion[],
  target: PeopleSide,
  where: string,
): Promise<boolean> {
  const latest = Math.max(0, ...receivers.filter((v) => v.key === version.key).map((v) => v.version));
  const origin = c.direction === 'push' ? c.here : c.there;
  for (let n = Math.min(latest + 1, version.version); n <= version.version; n++) {
    const ref = `${version.key}@${n}`;
    const from = senders.get(ref);
    if (!from) {
      c.notes.push(
        `survey ${version.survey} is not at ${where}, and neither is ${ref} before it, which ${where === 'this database' ? c.peer.location : 'this database'} no longer holds: its responses do not travel`,
      );
      return false;
    }
    try {
      await target.adoptSurvey({
        key: from.key,
        version: from.version,
        definition: from.definition,
        contentHash: from.contentHash,
        status: from.status === 'closed' ? 'closed' : 'published',
        origin,
      });
    } catch (error) {
      if (!isAppError(error) || error.kind === 'unavailable') throw error;
      c.notes.push(`survey ${version.survey} is not at ${where} and cannot be created there: ${error.message}`);
      return false;
    }
  }
  return true;
}

const today = (deps: SyncDeps) => deps.clock.now().toISOString().slice(0, 10);

/**
 * Moves the records of one survey or course version the way of the sync, in
 * batches, through the receiving side's own use cases; returns its summary.
 */
export async function runPlan(
  c: RunContext,
  plan: ScopePlan,
  versions: { local: readonly unknown[]; remote: readonly unknown[] },
): Promise<ScopeSummary> {
  const push = c.direction === 'push';
  const where = push ? c.peer.location : 'this database';
  // An anonymous survey's sync state keeps the day, not the time, as its responses do.
  const stamp = plan.anonymous ? today(c.deps) : undefined;
  const conflicts = await c.bookkeep(plan.scope, plan.steps, stamp);
  const sending = (s: MergeStep) => (push ? s.local : s.remote);
  const all = plan.steps.filter((s) => s.action === c.moves);
  const gone = all.filter((s) => sending(s) === null);
  if (gone.length > 0) {
    const what = plan.kind === 'survey' ? 'responses are append-only' : 'attempts are annulled, never deleted';
    c.notes.push(
      `${plan.kind === 'survey' ? 'survey' : 'course'} ${plan.ref}: ${gone.length} record(s) gone ${push ? 'here' : `at ${c.peer.location}`} are kept ${push ? `at ${c.peer.location}` : 'here'}: ${what}`,
    );
  }
  const moving = all.filter((s) => sending(s) !== null);
  const waiting = plan.steps.filter((s) => s.action === (c.moves === 'send' ? 'receive' : 'send')).length;
  const unchanged = plan.steps.filter((s) => s.action === 'unchanged' || s.action === 'settle').length;
  const summary = { scope: plan.ref, created: false, sent: 0, received: 0, unchanged, conflicts, waiting };
  const target: PeopleSide = push ? c.peer : c.local;
  const version = (push ? plan.local : plan.remote) as SyncedSurveyVersion | SyncedCourseVersion;
  const origin = push ? c.here : c.there;
  let created = false;
  if (moving.length > 0 && push) {
    c.peer.check('sync.write');
    c.peer.check(plan.kind === 'survey' ? 'survey.run' : 'training.assign');
  }
  if (moving.length > 0 && !(push ? plan.remote : plan.local)) {
    if (plan.kind === 'training') {
      c.notes.push(
        `course ${plan.ref} is not at ${where}: courses do not travel (import the same course there); ${moving.length} attempt(s) wait`,
      );
      return summary;
    }
    const senders = refsFrom((push ? versions.local : versions.remote) as SyncedSurveyVersion[]) as Map<
      string,
      SyncedSurveyVersion
    >;
    const receivers = (push ? versions.remote : versions.local) as SyncedSurveyVersion[];
    if (!(await adoptSurvey(c, version as SyncedSurveyVersion, senders, receivers, target, where))) return summary;
    created = true;
  }
  let moved = 0;
  let done = 0;
  for (const batch of c.batches(moving, c.size)) {
    let applied: readonly MergeStep[] = batch;
    if (plan.kind === 'survey') {
      await target.receiveResponses({
        survey: plan.ref,
        contentHash: version.contentHash,
        responses: batch.map((s) => responseOf(sending(s) as SyncRecord)),
        origin,
      });
    } else {
      const result = await target.receiveAttempts({
        course: plan.ref,
        contentHash: version.contentHash,
        attempts: batch.map((s) => attemptOf(sending(s) as SyncRecord)),
        origin,
      });
      const ids = new Set(result.applied);
      applied = batch.filter((s) => ids.has(idOf(s.key)));
      for (const skipped of result.skipped) {
        c.notes.push(
          `attempt ${skipped.id} of ${plan.ref}: ${skipped.problem} at ${where}; not ${push ? 'sent' : 'received'}`,
        );
      }
    }
    if (applied.length > 0) {
      await c.saveBase(
        plan,
        applied.map((s) => ({
          key: s.key,
          revision: sending(s)?.revision ?? null,
          origin: push ? 'local' : c.peer.location,
        })),
        stamp,
      );
    }
    moved += applied.length;
    done += batch.length;
    c.progress?.(done, moving.length);
    await c.afterBatch?.();
  }
  return { ...summary, created, sent: push ? moved : 0, received: push ? 0 : moved };
}

/** A scope's counts as `sync status` shows them. */
export interface ScopeStatus {
  /** `key@version`. */
  readonly scope: string;
  readonly toSend: number;
  readonly toReceive: number | null;
  readonly unchanged: number;
  readonly conflicts: number;
}

/**
 * Without the peer: per survey or course version, the records changed here
 * since the last common revision with that peer (what a push would send).
 */
export async function localScopeChanges(
  deps: SyncDeps,
  local: PeopleSide,
  row: SyncPeer,
  open: readonly { peerId: string; assessmentId: string }[],
): Promise<{ surveys: ScopeStatus[]; training: ScopeStatus[] }> {
  const tracked = await deps.read.tracked(row.id);
  const count = async (scope: string, ref: string, records: readonly SyncRecord[]): Promise<ScopeStatus> => {
    const base = await deps.read.base(row.id, scope);
    const keys = new Set([...records.map((r) => r.key), ...base.keys()]);
    const here = byKey(records);
    let changed = 0;
    for (const key of keys) if ((here.get(key)?.revision ?? null) !== (base.get(key) ?? null)) changed++;
    const conflicts = open.filter((c) => c.peerId === row.id && c.assessmentId === scope).length;
    return { scope: ref, toSend: changed, toReceive: null, unchanged: keys.size - changed, conflicts };
  };
  const surveys: ScopeStatus[] = [];
  const surveyVersions = refsFrom(await local.surveyVersions()) as Map<string, SyncedSurveyVersion>;
  const surveyRefs = new Set([
    ...tracked.filter((t) => t.startsWith(SURVEY_SCOPE)).map((t) => t.slice(SURVEY_SCOPE.length)),
    ...[...surveyVersions.values()].filter((v) => v.submitted > 0).map((v) => v.survey),
  ]);
  for (const ref of [...surveyRefs].sort()) {
    const v = surveyVersions.get(ref);
    const records = v ? responseRecords(v, await local.surveyResponses(ref)) : [];
    surveys.push(await count(`${SURVEY_SCOPE}${ref}`, ref, records));
  }
  const training: ScopeStatus[] = [];
  const courseVersions = refsFrom(await local.courseVersions()) as Map<string, SyncedCourseVersion>;
  const courseRefs = new Set([
    ...tracked.filter((t) => t.startsWith(TRAINING_SCOPE)).map((t) => t.slice(TRAINING_SCOPE.length)),
    ...courseVersions.keys(),
  ]);
  for (const ref of [...courseRefs].sort()) {
    let records: SyncRecord[] = [];
    try {
      records = courseVersions.has(ref) ? attemptRecords(ref, await local.courseAttempts(ref)) : [];
    } catch (error) {
      // Whoever may not read who completed what here sees no training in the status.
      if (forbidden(error)) break;
      throw error;
    }
    const row = await count(`${TRAINING_SCOPE}${ref}`, ref, records);
    if (row.toSend + row.unchanged + row.conflicts > 0) training.push(row);
  }
  return { surveys, training };
}
