import type { Principal } from '../../../kernel/principal.js';
import { actorLabel } from '../../../kernel/principal.js';
import { allow, type ChangeScope } from '../../auth/index.js';
import type { ImportAssessmentInput } from '../../assessment/index.js';
import { SYNC_ERRORS } from '../errors.js';
import { type MergeStep, planMerge, type SyncRecord } from '../domain/merge.js';
import {
  attemptOf,
  isAssessmentScope,
  type PeopleSelection,
  runPlan,
  type ScopePlan,
  type ScopeSummary,
  surveyPlans,
  SURVEY_SCOPE,
  trainingPlans,
  TRAINING_SCOPE,
} from './people-sync.js';
import type {
  ChangeOrigin,
  PeerConnection,
  PeopleSide,
  Progress,
  RecordChange,
  SyncDeps,
  SyncPeer,
  StoredConflict,
  SyncStore,
  SyncTx,
} from './sync-ports.js';

/** What one push or pull did, per assessment and in all. */
export interface SyncSummary {
  readonly peer: string;
  readonly organisation: string;
  readonly sent: number;
  readonly received: number;
  readonly unchanged: number;
  readonly conflicts: number;
  /** Changes the other direction would move (a push counts what a pull would bring, and the reverse). */
  readonly waiting: number;
  readonly assessments: readonly AssessmentSummary[];
  /** Per survey version (`key@version`): its submitted responses. */
  readonly surveys: readonly ScopeSummary[];
  /** Per course version: its finished attempts. */
  readonly training: readonly ScopeSummary[];
  /** What did not travel and why, one line each (a survey version that cannot be created there, a person unknown there). */
  readonly notes: readonly string[];
}

export interface AssessmentSummary {
  readonly id: string;
  readonly created: boolean;
  readonly sent: number;
  readonly received: number;
  readonly unchanged: number;
  readonly conflicts: number;
  readonly waiting: number;
}

export interface SyncRunInput {
  readonly peer: PeerConnection;
  /** Only these assessments; else every one of the organisation (push) or every tracked one (pull). */
  readonly assessments?: readonly string[] | undefined;
  /** Only these survey versions (`key@version`). Naming assessments, surveys or courses syncs only what is named. */
  readonly surveys?: readonly string[] | undefined;
  /** Only these course versions (`key@version`). */
  readonly courses?: readonly string[] | undefined;
  /** Pull: every assessment of the organisation there. */
  readonly all?: boolean;
  /** Records per batch; each batch commits on both sides with the sync state. */
  readonly batchSize?: number;
  /** Called after each batch (tests slow batches down through it). */
  readonly afterBatch?: () => Promise<void>;
  readonly progress?: Progress;
}

/** Evidence bytes per batch at most: a batch holds a few files, never all of them. */
const BATCH_BYTES = 16 * 1024 * 1024;
const DEFAULT_BATCH = 200;

const byKey = (records: readonly SyncRecord[]) => new Map(records.map((r) => [r.key, r]));

/** The framework key of a `key@version` ref. */
const frameworkKeyOf = (ref: string) => ref.slice(0, ref.lastIndexOf('@'));

/**
 * Checks and writes incoming changes inside a transaction: the assessment must
 * be the organisation's and not final; each change must name a framework of the
 * assessment and a question or requirement of it; each is audited on this
 * database's chain naming where it came from.
 */
async function applyIncoming(
  tx: ChangeScope<SyncTx>,
  orgId: string,
  input: {
    assessmentId: string;
    origin: ChangeOrigin;
    changes: readonly RecordChange[];
    location: string;
    orgSlug: string;
  },
  at: string,
): Promise<void> {
  const { assessmentId: id } = input;
  const found = await tx.sync.locate(id);
  if (!found || found.orgId !== orgId)
    throw SYNC_ERRORS.notInOrganisation({ id, org: input.orgSlug, location: input.location });
  if (found.status === 'final') throw SYNC_ERRORS.assessmentFinal({ id, location: input.location });
  const frameworks = await tx.sync.frameworkIds(id);
  for (const change of input.changes) {
    await checkChange(tx.sync, id, change, frameworks);
    await tx.sync.apply(orgId, id, change, frameworks);
    await tx.record({
      action: change.record ? 'sync.received' : 'sync.deleted',
      targetType: 'assessment',
      targetId: id,
      details: {
        record: change.key,
        origin: { ...input.origin },
        ...(change.record ? { by: change.record.by, at: change.record.at, value: change.record.value } : {}),
      },
    });
  }
  await tx.sync.touch(orgId, id, at);
}

async function checkChange(
  store: SyncStore,
  id: string,
  change: RecordChange,
  frameworks: ReadonlyMap<string, string>,
): Promise<void> {
  const bad = (problem: string) => SYNC_ERRORS.badChange({ record: change.key, id, problem });
  const [kind, ...rest] = change.key.split(':');
  const r = change.record;
  if (r && r.kind !== kind) throw bad(`a ${r.kind} record under an ${kind ?? ''} key`);
  if (kind === 'assessment') {
    if (!r) throw bad('an assessment is not deleted by sync');
    if (typeof r.value.subject !== 'string' || typeof r.value.status !== 'string') throw bad('no subject or status');
    return;
  }
  if (kind === 'evidence') {
    if (!r) return;
    const framework = String(r.value.framework);
    const frameworkId = frameworks.get(framework);
    if (!frameworkId) throw bad(`framework ${framework} is not one of the assessment's`);
    if (!(await store.inFramework(frameworkId, 'question', String(r.value.question))))
      throw bad(`no question ${String(r.value.question)} in ${framework}`);
    if (r.value.id !== rest.join(':')) throw bad('the evidence id differs from its key');
    if (r.value.kind === 'file') {
      if (!change.content) throw bad('an evidence file without its bytes');
      const { createHash } = await import('node:crypto');
      if (createHash('sha256').update(change.content).digest('hex') !== r.value.sha256)
        throw bad('the file bytes do not match their SHA-256');
      if (Number(r.value.size) !== change.content.length) throw bad('the file size does not match its bytes');
    }
    if (r.value.kind !== 'file' && r.value.kind !== 'link') throw bad(`evidence kind ${String(r.value.kind)}`);
    return;
  }
  if (kind !== 'answer' && kind !== 'finding') throw bad(`unknown record kind ${kind ?? ''}`);
  const framework = rest[0] ?? '';
  const ref = rest.slice(1).join(':');
  const frameworkId = frameworks.get(framework);
  if (!frameworkId) throw bad(`framework ${framework} is not one of the assessment's`);
  if (!(await store.inFramework(frameworkId, kind === 'answer' ? 'question' : 'requirement', ref)))
    throw bad(`no ${kind === 'answer' ? 'question' : 'requirement'} ${ref} in ${framework}`);
  if (r && kind === 'answer') {
    const v = r.value.value;
    const ok =
      typeof v === 'string' ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (!ok) throw bad('the answer value is not a stored answer');
    if (r.value.note !== null && typeof r.value.note !== 'string') throw bad('the note is not text');
  }
  if (r && kind === 'finding' && typeof r.value.status !== 'string') throw bad('the finding has no status');
}

/**
 * The central side of a sync: changes pushed by a person signed in here, run
 * under this database's own checks (the pusher's organisation and role) and
 * re-appended to this database's audit chain as new entries naming the origin.
 * Nothing of the pushing side's audit trail is copied.
 */
export function receiveChanges(deps: SyncDeps) {
  return async (
    principal: Principal,
    input: { assessmentId: string; origin: ChangeOrigin; changes: readonly RecordChange[]; location: string },
  ): Promise<{ applied: number }> => {
    allow(principal, 'assessment.write');
    const access = allow(principal, 'sync.write');
    const org = principal.org as NonNullable<Principal['org']>;
    const at = deps.clock.now().toISOString();
    await access.change(deps.uow, (tx) => applyIncoming(tx, access.orgId, { ...input, orgSlug: org.slug }, at));
    return { applied: input.changes.length };
  };
}

/** The records of one assessment of the principal's organisation; null when no assessment has that id here. */
export function assessmentRecords(deps: SyncDeps) {
  return async (principal: Principal, input: { id: string; location: string }): Promise<SyncRecord[] | null> => {
    const { orgId } = allow(principal, 'sync.read');
    const found = await deps.read.locate(input.id);
    if (!found) return null;
    if (found.orgId !== orgId) {
      const org = principal.org as NonNullable<Principal['org']>;
      throw SYNC_ERRORS.notInOrganisation({ id: input.id, org: org.slug, location: input.location });
    }
    return deps.read.records(orgId, input.id);
  };
}

/** The bytes of one evidence file of the principal's organisation. */
export function evidenceBytes(deps: SyncDeps) {
  return async (principal: Principal, input: { assessmentId: string; evidenceId: string }): Promise<Buffer | null> => {
    const { orgId } = allow(principal, 'sync.read');
    return deps.read.evidenceContent(orgId, input.assessmentId, input.evidenceId);
  };
}

/** The ids of the principal's organisation's assessments. */
export function assessmentIds(deps: SyncDeps) {
  return async (principal: Principal): Promise<string[]> => {
    const { orgId } = allow(principal, 'sync.read');
    return deps.read.assessmentIds(orgId);
  };
}

/** The peer row for this organisation and that database, made on first sync; refuses another organisation there. */
async function peerFor(deps: SyncDeps, orgId: string, orgSlug: string, peer: PeerConnection): Promise<SyncPeer> {
  const known = await deps.read.peer(orgId, peer.location);
  if (known) {
    if (known.remoteOrgId !== peer.organisation.id) {
      throw SYNC_ERRORS.peerBound({
        org: orgSlug,
        bound: known.remoteOrgSlug,
        location: peer.location,
        other: peer.organisation.slug,
      });
    }
    return known;
  }
  const at = deps.clock.now().toISOString();
  return deps.uow.run((tx) =>
    tx.sync.addPeer(
      orgId,
      { location: peer.location, remoteOrgId: peer.organisation.id, remoteOrgSlug: peer.organisation.slug },
      at,
    ),
  );
}

/** Splits changes into batches of at most `size` records and about BATCH_BYTES of evidence. */
function batches(steps: readonly MergeStep[], size: number): MergeStep[][] {
  const out: MergeStep[][] = [];
  let current: MergeStep[] = [];
  let bytes = 0;
  for (const s of steps) {
    const record = s.local ?? s.remote;
    const weight = record?.kind === 'evidence' && record.value.kind === 'file' ? Number(record.value.size ?? 0) : 0;
    if (current.length > 0 && (current.length >= size || bytes + weight > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(s);
    bytes += weight;
  }
  if (current.length > 0) out.push(current);
  return out;
}

interface Direction {
  readonly name: 'push' | 'pull';
  /** The plan's action that moves records this way. */
  readonly moves: 'send' | 'receive';
}

/** Where a scope's audit entries point: its assessment, or its survey or course version. */
function auditTarget(scope: string): { targetType: string; targetId: string } {
  if (scope.startsWith(SURVEY_SCOPE)) return { targetType: 'survey', targetId: scope.slice(SURVEY_SCOPE.length) };
  if (scope.startsWith(TRAINING_SCOPE)) return { targetType: 'course', targetId: scope.slice(TRAINING_SCOPE.length) };
  return { targetType: 'assessment', targetId: scope };
}

/** Both sides of a conflict as its audit entry shows them; a survey response's content stays out of the trail. */
function auditedSides(s: MergeStep) {
  const side = (r: SyncRecord | null) =>
    !r ? null : r.kind === 'survey-response' ? { revision: r.revision } : { by: r.by, at: r.at, value: r.value };
  return { local: side(s.local), remote: side(s.remote) };
}

/**
 * Records the conflicts of a plan (neither side is overwritten), closes open
 * conflicts that no longer are, and moves the base of records both sides now
 * hold alike. Returns the open conflict count.
 */
async function bookkeep(
  deps: SyncDeps,
  access: ReturnType<typeof allow>,
  peer: SyncPeer,
  id: string,
  steps: readonly MergeStep[],
  stamp?: string,
): Promise<number> {
  const at = stamp ?? deps.clock.now().toISOString();
  const target = auditTarget(id);
  const conflicting = steps.filter((s) => s.action === 'conflict');
  const settled = steps.filter((s) => s.action === 'settle');
  const open = await deps.read.conflicts(access.orgId, { open: true, peerId: peer.id, assessmentId: id });
  const conflictKeys = new Set(conflicting.map((s) => s.key));
  const gone = open.filter((c) => !conflictKeys.has(c.key));
  if (settled.length > 0 || gone.length > 0) {
    await deps.uow.run(async (tx) => {
      await tx.sync.saveBase(
        access.orgId,
        peer.id,
        id,
        settled.map((s) => ({ key: s.key, revision: s.local?.revision ?? null, origin: 'both' })),
        at,
      );
      for (const c of gone) await tx.sync.closeConflict(access.orgId, c.id, 'superseded', 'sync', at);
    });
  }
  // A conflict already stored with the same two revisions is left as it is (and not audited again).
  const openByKey = new Map(open.map((c) => [c.key, c]));
  const news = conflicting.filter((s) => {
    const known = openByKey.get(s.key);
    return !known || known.local?.revision !== s.local?.revision || known.remote?.revision !== s.remote?.revision;
  });
  if (news.length > 0) {
    await access.change(deps.uow, async (tx) => {
      for (const s of news) {
        const saved = await tx.sync.saveConflict(access.orgId, {
          peerId: peer.id,
          assessmentId: id,
          key: s.key,
          base: s.base,
          local: s.local,
          remote: s.remote,
          detectedAt: at,
        });
        if (saved.fresh) {
          await tx.record({
            action: 'sync.conflict_found',
            ...target,
            details: { conflict: saved.id, record: s.key, peer: peer.location, ...auditedSides(s) },
          });
        } else {
          await tx.record({
            action: 'sync.conflict_updated',
            ...target,
            details: { conflict: saved.id, record: s.key, peer: peer.location, ...auditedSides(s) },
          });
        }
      }
    });
  }
  return conflicting.length;
}

function syncRun(deps: SyncDeps, direction: Direction) {
  return async (principal: Principal, input: SyncRunInput): Promise<SyncSummary> => {
    const access = allow(principal, 'sync.write');
    if (direction.name === 'pull') allow(principal, 'assessment.write');
    const org = principal.org as NonNullable<Principal['org']>;
    const { peer } = input;
    const row = await peerFor(deps, access.orgId, org.slug, peer);
    const size = Math.max(1, input.batchSize ?? DEFAULT_BATCH);
    const selection = selectionOf(input);
    let ids: readonly string[];
    if (selection.assessments) ids = selection.assessments;
    else if (direction.name === 'push') ids = await deps.read.assessmentIds(access.orgId);
    else if (input.all) ids = await peer.assessments();
    else ids = (await deps.read.tracked(row.id)).filter(isAssessmentScope);

    const here: ChangeOrigin = { database: 'local', organisation: org.slug, by: actorLabel(principal) };
    const there: ChangeOrigin = { database: peer.location, organisation: peer.organisation.slug, by: peer.actor };
    const summaries: AssessmentSummary[] = [];
    for (const id of ids) {
      const found = await deps.read.locate(id);
      if (found && found.orgId !== access.orgId)
        throw SYNC_ERRORS.notInOrganisation({ id, org: org.slug, location: 'this database' });
      if (!found && direction.name === 'push')
        throw SYNC_ERRORS.notInOrganisation({ id, org: org.slug, location: 'this database' });
      let remoteRecords = await peer.records(id);
      let created = false;
      if (remoteRecords === null && direction.name === 'pull') {
        throw SYNC_ERRORS.notInOrganisation({ id, org: peer.organisation.slug, location: peer.location });
      }
      if (remoteRecords === null) {
        // First push: the assessment with its frameworks, answers and findings in one transaction there; evidence follows in batches.
        const exported = await deps.assessment.export(principal, id);
        await peer.create(importInput(exported, here));
        remoteRecords = (await peer.records(id)) ?? [];
        created = true;
      } else if (!found) {
        // First pull: the same, this way.
        const exported = await peer.export(id);
        await deps.assessment.import(principal, importInput(exported, there));
        created = true;
      }
      const local = byKey(await deps.read.records(access.orgId, id));
      const remote = byKey(remoteRecords);
      const base = await deps.read.base(row.id, id);
      const steps = planMerge(local, remote, base);
      const createdCount = created ? steps.filter((s) => s.action === 'settle').length : 0;
      const conflicts = await bookkeep(deps, access, row, id, steps);
      const moving = steps.filter((s) => s.action === direction.moves);
      let done = 0;
      for (const batch of batches(moving, size)) {
        const changes: RecordChange[] = [];
        for (const s of batch) {
          const record = direction.name === 'push' ? s.local : s.remote;
          let content: Buffer | null | undefined;
          if (record?.kind === 'evidence' && record.value.kind === 'file') {
            const evidenceId = String(record.value.id);
            content =
              direction.name === 'push'
                ? await deps.read.evidenceContent(access.orgId, id, evidenceId)
                : await peer.evidence(id, evidenceId);
          }
          changes.push({ key: s.key, record, ...(content !== undefined ? { content } : {}) });
        }
        const at = deps.clock.now().toISOString();
        const state = batch.map((s) => ({
          key: s.key,
          revision: (direction.name === 'push' ? s.local : s.remote)?.revision ?? null,
          origin: direction.name === 'push' ? 'local' : peer.location,
        }));
        if (direction.name === 'push') {
          await peer.receive({ assessmentId: id, origin: here, changes });
          await access.change(deps.uow, async (tx) => {
            await tx.sync.saveBase(access.orgId, row.id, id, state, at);
            await tx.record({
              action: 'sync.pushed',
              targetType: 'assessment',
              targetId: id,
              details: { peer: peer.location, organisation: peer.organisation.slug, records: batch.length },
            });
          });
        } else {
          // Applied and remembered in one transaction here.
          await access.change(deps.uow, async (tx) => {
            await applyIncoming(
              tx,
              access.orgId,
              { assessmentId: id, origin: there, changes, location: 'this database', orgSlug: org.slug },
              at,
            );
            await tx.sync.saveBase(access.orgId, row.id, id, state, at);
          });
        }
        done += batch.length;
        input.progress?.(done, moving.length);
        await input.afterBatch?.();
      }
      const waiting = steps.filter((s) => s.action === (direction.moves === 'send' ? 'receive' : 'send')).length;
      const unchanged = steps.filter((s) => s.action === 'unchanged' || s.action === 'settle').length - createdCount;
      summaries.push({
        id,
        created,
        sent: direction.name === 'push' ? moving.length + createdCount : 0,
        received: direction.name === 'pull' ? moving.length + createdCount : 0,
        unchanged,
        conflicts,
        waiting,
      });
    }
    const people = await syncPeople(deps, access, principal, row, peer, direction, {
      selection,
      all: input.all === true,
      here,
      there,
      size,
      afterBatch: input.afterBatch,
      progress: input.progress,
    });
    await deps.uow.run((tx) => tx.sync.markPeer(row.id, direction.name, deps.clock.now().toISOString()));
    const rows = [...summaries, ...people.surveys, ...people.training];
    const sum = (f: (s: (typeof rows)[number]) => number) => rows.reduce((n, s) => n + f(s), 0);
    return {
      peer: peer.location,
      organisation: peer.organisation.slug,
      sent: sum((s) => s.sent),
      received: sum((s) => s.received),
      unchanged: sum((s) => s.unchanged),
      conflicts: sum((s) => s.conflicts),
      waiting: sum((s) => s.waiting),
      assessments: summaries,
      surveys: people.surveys,
      training: people.training,
      notes: people.notes,
    };
  };
}

/** What a run covers: what it names, or (nothing named) every kind of record. */
function selectionOf(input: SyncRunInput): PeopleSelection & { assessments?: readonly string[] } {
  const named = [input.assessments, input.surveys, input.courses].some((l) => l !== undefined && l.length > 0);
  if (!named) return {};
  return { assessments: input.assessments ?? [], surveys: input.surveys ?? [], courses: input.courses ?? [] };
}

/** This database's surveys and training as sync sees them: its own use cases, as the person running sync. */
export function localPeople(deps: SyncDeps, principal: Principal): PeopleSide {
  return {
    surveyVersions: () => deps.survey.syncVersions(principal),
    surveyResponses: (ref) => deps.survey.syncResponses(principal, ref),
    adoptSurvey: (input) => deps.survey.adoptVersion(principal, input),
    receiveResponses: (input) => deps.survey.receiveResponses(principal, input),
    courseVersions: () => deps.training.syncVersions(principal),
    courseAttempts: (ref) => deps.training.syncAttempts(principal, ref),
    receiveAttempts: (input) => deps.training.receiveAttempts(principal, input),
    check: (permission) => {
      allow(principal, permission);
    },
  };
}

/** The survey responses and training attempts of a push or pull, version by version. */
async function syncPeople(
  deps: SyncDeps,
  access: ReturnType<typeof allow>,
  principal: Principal,
  row: SyncPeer,
  peer: PeerConnection,
  direction: Direction,
  options: {
    selection: PeopleSelection;
    all: boolean;
    here: ChangeOrigin;
    there: ChangeOrigin;
    size: number;
    afterBatch?: (() => Promise<void>) | undefined;
    progress?: Progress | undefined;
  },
): Promise<{ surveys: ScopeSummary[]; training: ScopeSummary[]; notes: string[] }> {
  const notes: string[] = [];
  const local = localPeople(deps, principal);
  const context = {
    deps,
    orgId: access.orgId,
    row,
    peer,
    local,
    direction: direction.name,
    moves: direction.moves,
    selection: { ...options.selection, all: options.all },
    notes,
    here: options.here,
    there: options.there,
    size: options.size,
    batches,
    afterBatch: options.afterBatch,
    progress: options.progress,
    bookkeep: (scope: string, steps: readonly MergeStep[], stamp: string | undefined) =>
      bookkeep(deps, access, row, scope, steps, stamp),
    saveBase: async (
      plan: ScopePlan,
      entries: readonly { key: string; revision: string | null; origin: string }[],
      stamp: string | undefined,
    ) => {
      const at = stamp ?? deps.clock.now().toISOString();
      if (direction.name === 'pull') {
        await deps.uow.run((tx) => tx.sync.saveBase(access.orgId, row.id, plan.scope, entries, at));
        return;
      }
      await access.change(deps.uow, async (tx) => {
        await tx.sync.saveBase(access.orgId, row.id, plan.scope, entries, at);
        await tx.record({
          action: 'sync.pushed',
          ...auditTarget(plan.scope),
          details: { peer: peer.location, organisation: peer.organisation.slug, records: entries.length },
        });
      });
    },
  };
  const run = async (plans: readonly ScopePlan[], versions: { local: unknown[]; remote: unknown[] }) => {
    const out: ScopeSummary[] = [];
    for (const plan of plans) out.push(await runPlan(context, plan, versions));
    return out;
  };
  const surveys = await surveyPlans(context);
  const surveySummaries =
    surveys.length === 0
      ? []
      : await run(surveys, { local: await local.surveyVersions(), remote: await peer.surveyVersions() });
  const training = await trainingPlans(context);
  const trainingSummaries = await run(training, { local: [], remote: [] });
  return { surveys: surveySummaries, training: trainingSummaries, notes };
}

/** An assessment created on the other side from plain data, without its evidence (that follows in batches). */
function importInput(
  exported: { data: ImportAssessmentInput['data']; frameworks: ImportAssessmentInput['frameworks'] },
  origin: ChangeOrigin,
): ImportAssessmentInput {
  const data = { ...exported.data, evidence: [] };
  const frameworks = exported.frameworks;
  return {
    data,
    frameworks,
    asCopy: false,
    evidence: async () => null,
    origin: { sync: { ...origin } },
    refuse: {
      exists: (id) => SYNC_ERRORS.notInOrganisation({ id, org: origin.organisation, location: origin.database }),
      frameworkDiffers: (ref) =>
        SYNC_ERRORS.badChange({
          record: 'assessment',
          id: data.assessment.id,
          problem: `framework ${ref} differs there`,
        }),
      inconsistent: (problem) => SYNC_ERRORS.badChange({ record: 'assessment', id: data.assessment.id, problem }),
    },
  };
}

/** Sends this workspace's changes to the peer, batch by batch; conflicts are kept here, never overwritten. */
export const pushChanges = (deps: SyncDeps) => syncRun(deps, { name: 'push', moves: 'send' });
/** Brings the peer's changes here, batch by batch; conflicts are kept here, never overwritten. */
export const pullChanges = (deps: SyncDeps) => syncRun(deps, { name: 'pull', moves: 'receive' });

/** `sync resolve --take remote` of a training attempt: the peer's attempt, written here by the training context. */
async function takeRemoteAttempt(deps: SyncDeps, principal: Principal, conflict: StoredConflict): Promise<void> {
  const ref = conflict.assessmentId.slice(TRAINING_SCOPE.length);
  if (!conflict.remote)
    throw SYNC_ERRORS.badResolution({
      problem: `conflict ${conflict.id}: the attempt is gone at ${conflict.peer}, and attempts are annulled, never deleted; use --take local`,
    });
  const version = (await deps.training.syncVersions(principal)).find((v) => v.course === ref);
  if (!version) throw SYNC_ERRORS.unknownScope({ what: 'course', ref, location: conflict.peer });
  const peer = (await deps.read.peers((principal.org as NonNullable<Principal['org']>).id)).find(
    (p) => p.id === conflict.peerId,
  );
  const result = await deps.training.receiveAttempts(principal, {
    course: ref,
    contentHash: version.contentHash,
    attempts: [attemptOf(conflict.remote)],
    origin: { database: conflict.peer, organisation: peer?.remoteOrgSlug ?? '', by: conflict.remote.by ?? '' },
  });
  const skipped = result.skipped[0];
  if (skipped) throw SYNC_ERRORS.badResolution({ problem: `conflict ${conflict.id}: ${skipped.problem} here` });
}

export interface ResolvedConflict {
  readonly id: string;
  readonly record: string;
  readonly assessment: string;
  readonly take: 'local' | 'remote' | 'value';
  /** What the next push sends for the record (`nothing` when both sides already agree). */
  readonly next: 'push' | 'pull' | 'nothing';
}

/**
 * Resolves a conflict the way a person chose: keep this side's record (the
 * next push sends it), take the peer's (written here now; an evidence file
 * comes with the next pull), or a new answer value (recorded as any answer
 * is, and sent by the next push).
 */
export function resolveConflict(deps: SyncDeps) {
  return async (
    principal: Principal,
    input: { id: string; take: 'local' | 'remote' | 'value'; value?: string | undefined },
  ): Promise<ResolvedConflict> => {
    const access = allow(principal, 'sync.write');
    const conflict = await deps.read.conflict(access.orgId, input.id);
    if (!conflict) throw SYNC_ERRORS.conflictNotFound({ id: input.id });
    if (conflict.resolvedAt)
      throw SYNC_ERRORS.conflictResolved({
        id: input.id,
        at: conflict.resolvedAt,
        resolution: conflict.resolution ?? '',
      });
    const kind = conflict.key.split(':')[0];
    if (input.take === 'value') {
      if (input.value === undefined)
        throw SYNC_ERRORS.badResolution({ problem: '--take value needs --value <answer>' });
      if (kind !== 'answer')
        throw SYNC_ERRORS.badResolution({
          problem: `conflict ${input.id} is on ${conflict.key}: only an answer takes a --value; use --take local or remote`,
        });
    } else if (input.value !== undefined) {
      throw SYNC_ERRORS.badResolution({ problem: `--value goes with --take value, not --take ${input.take}` });
    }
    if (kind === 'survey-response')
      throw SYNC_ERRORS.badResolution({
        problem: `conflict ${input.id} is on ${conflict.key}: a submitted survey response never changes, so sync rewrites neither side's; it stays listed until both sides agree`,
      });
    const remote = conflict.remote;
    const deferred = input.take === 'remote' && remote?.kind === 'evidence' && remote.value.kind === 'file';
    if (kind === 'training-attempt' && input.take === 'remote') await takeRemoteAttempt(deps, principal, conflict);
    if (input.take === 'value') {
      const [, framework = '', ...q] = conflict.key.split(':');
      const note = (conflict.local ?? remote)?.value.note;
      await deps.assessment.answer(principal, {
        assessmentId: conflict.assessmentId,
        question: `${frameworkKeyOf(framework)}:${q.join(':')}`,
        value: input.value,
        note: typeof note === 'string' ? note : undefined,
      });
    }
    const at = deps.clock.now().toISOString();
    await access.change(deps.uow, async (tx) => {
      if (input.take === 'remote' && !deferred && kind !== 'training-attempt') {
        const frameworks = await tx.sync.frameworkIds(conflict.assessmentId);
        await tx.sync.apply(access.orgId, conflict.assessmentId, { key: conflict.key, record: remote }, frameworks);
        await tx.sync.touch(access.orgId, conflict.assessmentId, at);
      }
      // The base becomes the peer's revision: this side's record then counts as changed (sent by the next push),
      // or, having taken the peer's, as equal. A deferred evidence file keeps this side's as base, so a pull brings it.
      const revision = deferred ? (conflict.local?.revision ?? null) : (remote?.revision ?? null);
      await tx.sync.saveBase(
        access.orgId,
        conflict.peerId,
        conflict.assessmentId,
        [{ key: conflict.key, revision, origin: input.take === 'remote' ? conflict.peer : 'local' }],
        at,
      );
      await tx.sync.closeConflict(access.orgId, conflict.id, input.take, actorLabel(principal), at);
      await tx.record({
        action: 'sync.conflict_resolved',
        ...auditTarget(conflict.assessmentId),
        details: { conflict: conflict.id, record: conflict.key, take: input.take, peer: conflict.peer },
      });
    });
    const next = input.take === 'remote' ? (deferred ? 'pull' : 'nothing') : 'push';
    return { id: conflict.id, record: conflict.key, assessment: conflict.assessmentId, take: input.take, next };
  };
}

/**
 * The central side of a sync for survey responses and training attempts:
 * reading needs `sync.read`, receiving `sync.write`, and then each is the
 * survey or training context's own use case, with its role and organisation
 * checks (`survey.run`, `survey.manage` to create a version, `training.read`,
 * `training.assign`) and its own audit entries naming the origin.
 */
export function peopleEntryPoints(deps: SyncDeps) {
  const read = (principal: Principal) => allow(principal, 'sync.read');
  const write = (principal: Principal) => allow(principal, 'sync.write');
  return {
    surveyVersions: async (principal: Principal) => {
      read(principal);
      return deps.survey.syncVersions(principal);
    },
    surveyResponses: async (principal: Principal, ref: string) => {
      read(principal);
      return deps.survey.syncResponses(principal, ref);
    },
    adoptSurvey: async (principal: Principal, input: Parameters<PeopleSide['adoptSurvey']>[0]) => {
      write(principal);
      return deps.survey.adoptVersion(principal, input);
    },
    receiveResponses: async (principal: Principal, input: Parameters<PeopleSide['receiveResponses']>[0]) => {
      write(principal);
      return deps.survey.receiveResponses(principal, input);
    },
    courseVersions: async (principal: Principal) => {
      read(principal);
      return deps.training.syncVersions(principal);
    },
    courseAttempts: async (principal: Principal, ref: string) => {
      read(principal);
      return deps.training.syncAttempts(principal, ref);
    },
    receiveAttempts: async (principal: Principal, input: Parameters<PeopleSide['receiveAttempts']>[0]) => {
      write(principal);
      return deps.training.receiveAttempts(principal, input);
    },
  };
}
