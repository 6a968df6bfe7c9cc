/** What a bundle holds and how it is read and written (the zip adapter implements it). */

export const BUNDLE_FORMAT = 'renfe-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const MANIFEST_HASH = 'manifest.sha256';
export const ASSESSMENT_ENTRY = 'assessment.json';
export const AUDIT_ENTRY = 'audit.json';
export const frameworkEntry = (n: number) => `frameworks/${n}.json`;
export const evidenceEntry = (id: string) => `evidence/${id}`;

/** Limits checked before anything is read: entries, bytes of one entry, bytes in all. */
export const BUNDLE_LIMITS = {
  entries: 100_000,
  /** An evidence file (the evidence store takes up to 25 MiB). */
  evidenceBytes: 32 * 1024 * 1024,
  /** A JSON entry (assessment, framework, audit, the manifest). */
  dataBytes: 64 * 1024 * 1024,
  totalBytes: 16 * 1024 * 1024 * 1024,
} as const;

const NAMES =
  /^(manifest\.json|manifest\.sha256|assessment\.json|audit\.json|frameworks\/\d{1,4}\.json|evidence\/[A-Za-z0-9-]{1,64})$/;

export const NOT_OURS = 'not an entry renfe writes';

/** Why an entry name is refused, or null: names that leave the archive, and names renfe never writes. */
export function entryProblem(name: string): string | null {
  if (name.includes('\u0000')) return 'its name holds a NUL character';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) return 'an absolute path or a backslash';
  if (name.split('/').some((part) => part === '..')) return 'its path leaves the bundle (..)';
  if (!NAMES.test(name)) return NOT_OURS;
  return null;
}

export interface BundleEntry {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly organisation: { readonly id: string; readonly slug: string; readonly name: string };
  readonly assessment: { readonly id: string; readonly subject: string; readonly status: string };
  readonly frameworks: readonly { readonly ref: string; readonly contentHash: string; readonly entry: string }[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly counts: {
    readonly answers: number;
    readonly evidence: number;
    readonly findings: number;
    readonly applicability: number;
    readonly audit: number;
  };
  /** Every entry but the manifest and its hash, with its size and SHA-256. */
  readonly entries: readonly BundleEntry[];
}

export interface BundleWriteInput {
  readonly manifest: Omit<BundleManifest, 'entries'>;
  readonly json: readonly { readonly path: string; readonly value: unknown }[];
  /** Files read one at a time, when the archive reaches them. */
  readonly files: readonly { readonly path: string; read(): Promise<Buffer> }[];
  readonly progress?: (done: number, total: number) => void;
}

export interface BundleReader {
  readonly manifest: BundleManifest;
  /** An entry's bytes, checked against the manifest. */
  read(path: string): Promise<Buffer>;
  json<T>(path: string): Promise<T>;
  /** Streams every entry through SHA-256; returns how many were checked. */
  verifyAll(progress?: (done: number, total: number) => void): Promise<number>;
  close(): Promise<void>;
}

export interface BundleFiles {
  /** Writes beside the target and renames into place: a cut-off export leaves no half file. */
  write(file: string, input: BundleWriteInput): Promise<BundleManifest>;
  /** Opens and checks the archive's names, sizes and manifest (entries are checked when read). */
  open(file: string): Promise<BundleReader>;
  /** A written bundle's size in bytes. */
  size(file: string): Promise<number>;
  /** Removes a written bundle (an export whose audit entry could not be recorded). */
  remove(file: string): Promise<void>;
}
