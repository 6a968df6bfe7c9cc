import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { countPlan, describeKey, planMerge, type SyncRecord } from '../domain/merge.js';
import { localScopeChanges, type ScopePlan, type ScopeStatus, surveyPlans, trainingPlans } from './people-sync.js';
import { localPeople } from './sync.commands.js';
import type { PeerConnection, StoredConflict, SyncDeps } from './sync-ports.js';

export interface PeerStatus {
  readonly peer: string;
  readonly organisation: string;
  readonly lastPushAt: string | null;
  readonly lastPullAt: string | null;
  /** Whether the counts come from comparing with the peer itself (`--with`), or from this side alone. */
  readonly compared: boolean;
  /** Records changed here since the last common revision: what a push would send (or find in conflict). */
  readonly toSend: number;
  /** Records changed there: what a pull would bring (only when compared). */
  readonly toReceive: number | null;
  readonly unchanged: number;
  /** New conflicts a sync would find, plus those already open. */
  readonly conflicts: number;
  readonly assessments: readonly {
    readonly id: string;
    readonly toSend: number;
    readonly toReceive: number | null;
    readonly unchanged: number;
    readonly conflicts: number;
  }[];
  /** Per survey version: its submitted responses. */
  readonly surveys: readonly ScopeStatus[];
  /** Per course version: its finished attempts. */
  readonly training: readonly ScopeStatus[];
  /** What would not travel and why (a survey or course that differs there), one line each. */
  readonly notes: readonly string[];
}

const byKey = (records: readonly SyncRecord[]) => new Map(records.map((r) => [r.key, r]));

/**
 * What a sync would move. With a peer, this side and that side are compared
 * record by record against the last common revisions; without one, each peer
 * this workspace synced with is shown with what changed here since.
 */
export function syncStatus(deps: SyncDeps) {
  return async (principal: Principal, input: { peer?: PeerConnection | undefined }): Promise<PeerStatus[]> => {
    const { orgId } = allow(principal, 'sync.read');
    const people = localPeople(deps, principal);
    const known = await deps.read.peers(orgId);
    const ids = await deps.read.assessmentIds(orgId);
    const open = await deps.read.conflicts(orgId, { open: true });
    if (input.peer) {
      const peer = input.peer;
      const row = known.find((p) => p.location === peer.location);
      const assessments = [];
      for (const id of ids) {
        const local = byKey(await deps.read.records(orgId, id));
        const remoteRecords = await peer.records(id);
        const remote = byKey(remoteRecords ?? []);
        const base = row ? await deps.read.base(row.id, id) : new Map<string, string>();
        const counts = countPlan(planMerge(local, remote, base));
        const stillOpen = open.filter((c) => c.peerId === row?.id && c.assessmentId === id).length;
        assessments.push({
          id,
          toSend: counts.send,
          toReceive: counts.receive,
          unchanged: counts.unchanged + counts.settle,
          conflicts: Math.max(counts.conflict, stillOpen),
        });
      }
      const notes: string[] = [];
      const context = {
        deps,
        orgId,
        row: row ?? null,
        peer,
        local: people,
        direction: 'status' as const,
        selection: {},
        notes,
      };
      const scoped = (plans: readonly ScopePlan[]): ScopeStatus[] =>
        plans.map((plan) => {
          const counts = countPlan(plan.steps);
          const stillOpen = open.filter((c) => c.peerId === row?.id && c.assessmentId === plan.scope).length;
          return {
            scope: plan.ref,
            toSend: counts.send,
            toReceive: counts.receive,
            unchanged: counts.unchanged + counts.settle,
            conflicts: Math.max(counts.conflict, stillOpen),
          };
        });
      const surveys = scoped(await surveyPlans(context));
      const training = scoped(await trainingPlans(context));
      return [
        {
          peer: peer.location,
          organisation: peer.organisation.slug,
          lastPushAt: row?.lastPushAt ?? null,
          lastPullAt: row?.lastPullAt ?? null,
          compared: true,
          ...totals([...assessments, ...surveys, ...training]),
          assessments,
          surveys,
          training,
          notes,
        },
      ];
    }
    const out: PeerStatus[] = [];
    for (const row of known) {
      const assessments = [];
      for (const id of ids) {
        const local = await deps.read.records(orgId, id);
        const base = await deps.read.base(row.id, id);
        const keys = new Set([...local.map((r) => r.key), ...base.keys()]);
        const localByKey = byKey(local);
        let changed = 0;
        for (const key of keys) if ((localByKey.get(key)?.revision ?? null) !== (base.get(key) ?? null)) changed++;
        assessments.push({
          id,
          toSend: changed,
          toReceive: null,
          unchanged: keys.size - changed,
          conflicts: open.filter((c) => c.peerId === row.id && c.assessmentId === id).length,
        });
      }
      const { surveys, training } = await localScopeChanges(deps, people, row, open);
      out.push({
        peer: row.location,
        organisation: row.remoteOrgSlug,
        lastPushAt: row.lastPushAt,
        lastPullAt: row.lastPullAt,
        compared: false,
        ...totals([...assessments, ...surveys, ...training]),
        toReceive: null,
        assessments,
        surveys,
        training,
        notes: [],
      });
    }
    return out;
  };
}

function totals(rows: readonly { toSend: number; toReceive: number | null; unchanged: number; conflicts: number }[]) {
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    toSend: sum((r) => r.toSend),
    toReceive: sum((r) => r.toReceive ?? 0),
    unchanged: sum((r) => r.unchanged),
    conflicts: sum((r) => r.conflicts),
  };
}

/** A conflict as `sync conflicts` lists it. */
export interface ListedConflict {
  readonly id: string;
  readonly assessment: string;
  readonly record: string;
  readonly kind: string;
  readonly peer: string;
  readonly local: { readonly value: unknown; readonly by: string | null; readonly at: string | null } | null;
  readonly remote: { readonly value: unknown; readonly by: string | null; readonly at: string | null } | null;
  readonly detectedAt: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly resolution: string | null;
}

const side = (r: SyncRecord | null) => (r ? { value: r.value, by: r.by, at: r.at } : null);

export function listed(c: StoredConflict): ListedConflict {
  return {
    id: c.id,
    assessment: c.assessmentId,
    record: describeKey(c.key),
    kind: c.key.split(':')[0] ?? '',
    peer: c.peer,
    local: side(c.local),
    remote: side(c.remote),
    detectedAt: c.detectedAt,
    resolvedAt: c.resolvedAt,
    resolvedBy: c.resolvedBy,
    resolution: c.resolution,
  };
}

/** The organisation's sync conflicts: the open ones, or all with `all`. */
export function listConflicts(deps: SyncDeps) {
  return async (principal: Principal, input: { all: boolean; assessment?: string | undefined }) => {
    const { orgId } = allow(principal, 'sync.read');
    const rows = await deps.read.conflicts(orgId, {
      open: !input.all,
      ...(input.assessment ? { assessmentId: input.assessment } : {}),
    });
    return rows.map(listed);
  };
}
