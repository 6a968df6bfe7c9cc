import type { Shared } from '../../module.js';
import { VERSION } from '../../cli/version.js';
import { zipBundleFiles } from './adapters/bundle/zip-bundle.js';
import { exportBundle, importBundle, verifyBundle } from './application/bundle.commands.js';
import type { AssessmentServicesForSync, AuditServicesForSync, BundleDeps } from './application/ports.js';

export function wireSync(shared: Shared, wired: Readonly<Record<string, unknown>>) {
  const bundleDeps: BundleDeps = {
    files: zipBundleFiles,
    assessment: wired.assessment as AssessmentServicesForSync,
    audit: wired.audit as AuditServicesForSync,
    clock: shared.clock,
    version: VERSION,
  };
  return {
    exportBundle: exportBundle(bundleDeps),
    importBundle: importBundle(bundleDeps),
    verifyBundle: verifyBundle(bundleDeps),
  };
}

/** Checks a bundle without a database (a file check needs no login). */
export const verifyBundleFile = verifyBundle({ files: zipBundleFiles });
