import type { Shared } from '../../module.js';
import { VERSION } from '../../cli/version.js';
import { zipBundleFiles } from './adapters/bundle/zip-bundle.js';
import { exportBundle, importBundle, verifyBundle } from './application/bundle.commands.js';
import type { AssessmentServicesForSync, AuditServicesForSync, BundleDeps } from './application/ports.js';
import {
  assessmentIds,
  assessmentRecords,
  evidenceBytes,
  peopleEntryPoints,
  pullChanges,
  pushChanges,
  receiveChanges,
  resolveConflict,
} from './application/sync.commands.js';
import type { SyncDeps, SyncStore } from './application/sync-ports.js';
import { listConflicts, syncStatus } from './application/sync.queries.js';

export function wireSync(shared: Shared, wired: Readonly<Record<string, unknown>>) {
  const bundleDeps: BundleDeps = {
    files: zipBundleFiles,
    assessment: wired.assessment as AssessmentServicesForSync,
    audit: wired.audit as AuditServicesForSync,
    clock: shared.clock,
    version: VERSION,
  };
  const syncDeps: SyncDeps = {
    read: shared.read.sync as SyncStore,
    uow: { run: shared.transaction },
    clock: shared.clock,
    assessment: wired.assessment as SyncDeps['assessment'],
    survey: wired.survey as SyncDeps['survey'],
    training: wired.training as SyncDeps['training'],
  };
  return {
    push: pushChanges(syncDeps),
    pull: pullChanges(syncDeps),
    status: syncStatus(syncDeps),
    conflicts: listConflicts(syncDeps),
    resolve: resolveConflict(syncDeps),
    receive: receiveChanges(syncDeps),
    records: assessmentRecords(syncDeps),
    evidence: evidenceBytes(syncDeps),
    assessments: assessmentIds(syncDeps),
    ...peopleEntryPoints(syncDeps),
    exportBundle: exportBundle(bundleDeps),
    importBundle: importBundle(bundleDeps),
    verifyBundle: verifyBundle(bundleDeps),
  };
}

/** Checks a bundle without a database (a file check needs no login). */
export const verifyBundleFile = verifyBundle({ files: zipBundleFiles });
