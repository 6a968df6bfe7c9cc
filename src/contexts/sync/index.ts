/**
 * The sync context: assessment bundles (one file with an assessment, its
 * framework versions, evidence and audit entries, hashed in a manifest) and
 * sync between a consultant's database and the firm's central one. Other
 * contexts import nothing from here.
 */
export type { BundleManifest } from './application/bundle.port.js';
export type { ExportedBundle, ImportedBundle, VerifiedBundle } from './application/bundle.commands.js';
