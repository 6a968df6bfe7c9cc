import type { Principal } from '../../../kernel/principal.js';
import { actorLabel } from '../../../kernel/principal.js';
import type { TransferEvidence, TransferFramework } from '../../assessment/index.js';
import { SYNC_ERRORS } from '../errors.js';
import { firstIssue, FrameworkEntrySchema, TransferSchema } from './bundle-schema.js';
import {
  ASSESSMENT_ENTRY,
  AUDIT_ENTRY,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleManifest,
  evidenceEntry,
  frameworkEntry,
} from './bundle.port.js';
import type { BundleDeps, ListedAuditEntry, Progress } from './ports.js';

export interface ExportedBundle {
  readonly file: string;
  readonly assessment: string;
  readonly answers: number;
  readonly evidence: number;
  readonly findings: number;
  readonly audit: number;
  readonly entries: number;
  readonly manifestSha256: string;
}

/** The audit entries of one assessment, oldest first, when the exporter may read the audit trail. */
async function auditOf(deps: BundleDeps, principal: Principal, id: string): Promise<ListedAuditEntry[]> {
  if (!principal.grants.has('audit.read')) return [];
  const entries = await deps.audit.list(principal, { limit: 10_000 });
  return entries.filter((e) => e.target.id === id).reverse();
}

/**
 * Writes one assessment to a bundle: its framework versions, answers and
 * notes, evidence files, findings tracking and audit entries, with a manifest
 * that lists every entry's SHA-256 and is hashed itself.
 */
export function exportBundle(deps: BundleDeps) {
  return async (
    principal: Principal,
    input: { id: string; file: string; progress?: Progress },
  ): Promise<ExportedBundle> => {
    const exported = await deps.assessment.export(principal, input.id);
    const audit = await auditOf(deps, principal, input.id);
    const { data } = exported;
    const frameworks = exported.frameworks.map((f, n) => ({ f, entry: frameworkEntry(n) }));
    const manifest = await deps.files.write(input.file, {
      manifest: {
        format: BUNDLE_FORMAT,
        formatVersion: BUNDLE_FORMAT_VERSION,
        tool: { name: 'renfe', version: deps.version },
        organisation: exported.organisation,
        assessment: { id: data.assessment.id, subject: data.assessment.subject, status: data.assessment.status },
        frameworks: frameworks.map(({ f, entry }) => ({ ref: f.ref, contentHash: f.contentHash, entry })),
        createdBy: actorLabel(principal),
        createdAt: deps.clock.now().toISOString(),
        counts: {
          answers: data.answers.length,
          evidence: data.evidence.length,
          findings: data.findings.length,
          audit: audit.length,
        },
      },
      json: [
        { path: ASSESSMENT_ENTRY, value: data },
        ...frameworks.map(({ f, entry }) => ({ path: entry, value: f })),
        { path: AUDIT_ENTRY, value: audit },
      ],
      files: data.evidence
        .filter((e) => e.kind === 'file')
        .map((e) => ({
          path: evidenceEntry(e.id),
          read: async () => {
            const bytes = await exported.evidenceContent(e.id);
            if (!bytes)
              throw SYNC_ERRORS.inconsistent({ file: input.file, problem: `evidence ${e.id} has no stored file` });
            return bytes;
          },
        })),
      ...(input.progress ? { progress: input.progress } : {}),
    });
    const { createHash } = await import('node:crypto');
    return {
      file: input.file,
      assessment: data.assessment.id,
      answers: data.answers.length,
      evidence: data.evidence.length,
      findings: data.findings.length,
      audit: audit.length,
      entries: manifest.entries.length + 2,
      manifestSha256: createHash('sha256')
        .update(JSON.stringify(manifest, null, 2))
        .digest('hex'),
    };
  };
}

export interface VerifiedBundle {
  readonly file: string;
  readonly verdict: 'intact';
  readonly assessment: BundleManifest['assessment'];
  readonly organisation: BundleManifest['organisation'];
  readonly frameworks: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly tool: BundleManifest['tool'];
  readonly entries: number;
}

/** Checks a bundle: the manifest against its hash, every entry against the manifest. Throws when it is not intact. */
export function verifyBundle(deps: Pick<BundleDeps, 'files'>) {
  return async (file: string, progress?: Progress): Promise<VerifiedBundle> => {
    const reader = await deps.files.open(file);
    try {
      const entries = await reader.verifyAll(progress);
      const m = reader.manifest;
      return {
        file,
        verdict: 'intact',
        assessment: m.assessment,
        organisation: m.organisation,
        frameworks: m.frameworks.map((f) => f.ref),
        createdBy: m.createdBy,
        createdAt: m.createdAt,
        tool: m.tool,
        entries: entries + 2,
      };
    } finally {
      await reader.close();
    }
  };
}

export interface ImportedBundle {
  readonly file: string;
  readonly id: string;
  readonly copiedFrom: string | null;
  readonly frameworksInstalled: readonly string[];
  readonly answers: number;
  readonly evidence: number;
  readonly findings: number;
}

/**
 * Imports a bundle in one transaction: every entry's hash is checked as it is
 * read, and any mismatch, unsafe name, malformed entry or refusal leaves the
 * database as it was.
 */
export function importBundle(deps: BundleDeps) {
  return async (
    principal: Principal,
    input: { file: string; asCopy: boolean; progress?: Progress },
  ): Promise<ImportedBundle> => {
    const { file } = input;
    const reader = await deps.files.open(file);
    try {
      const m = reader.manifest;
      const parsed = TransferSchema.safeParse(await reader.json(ASSESSMENT_ENTRY));
      if (!parsed.success)
        throw SYNC_ERRORS.inconsistent({ file, problem: `${ASSESSMENT_ENTRY}: ${firstIssue(parsed.error)}` });
      const data = parsed.data;
      const frameworks: TransferFramework[] = [];
      for (const listed of m.frameworks) {
        const entry = FrameworkEntrySchema.safeParse(await reader.json(listed.entry));
        if (!entry.success)
          throw SYNC_ERRORS.inconsistent({ file, problem: `${listed.entry}: ${firstIssue(entry.error)}` });
        if (entry.data.ref !== listed.ref || entry.data.contentHash !== listed.contentHash) {
          throw SYNC_ERRORS.inconsistent({
            file,
            problem: `${listed.entry} is not framework ${listed.ref} of the manifest`,
          });
        }
        frameworks.push(entry.data as unknown as TransferFramework);
      }
      if (data.assessment.id !== m.assessment.id) {
        throw SYNC_ERRORS.inconsistent({
          file,
          problem: `${ASSESSMENT_ENTRY} holds assessment ${data.assessment.id}, the manifest ${m.assessment.id}`,
        });
      }
      const inManifest = new Set(m.entries.map((e) => e.path));
      for (const e of data.evidence) {
        if (e.kind === 'file' && !inManifest.has(evidenceEntry(e.id))) {
          throw SYNC_ERRORS.inconsistent({ file, problem: `evidence ${e.id} (${e.name}) has no file in the bundle` });
        }
      }
      const readEvidence = async (e: TransferEvidence): Promise<Buffer> => {
        const bytes = await reader.read(evidenceEntry(e.id));
        const { createHash } = await import('node:crypto');
        if (e.sha256 && createHash('sha256').update(bytes).digest('hex') !== e.sha256) {
          throw SYNC_ERRORS.modified({
            file,
            problem: `evidence ${e.id} (${e.name}) does not match its recorded SHA-256`,
          });
        }
        return bytes;
      };
      const imported = await deps.assessment.import(principal, {
        data: data as never,
        frameworks,
        asCopy: input.asCopy,
        evidence: readEvidence,
        origin: {
          bundle: m.assessment.id,
          organisation: m.organisation.slug,
          createdBy: m.createdBy,
          createdAt: m.createdAt,
          tool: `${m.tool.name} ${m.tool.version}`,
        },
        refuse: {
          exists: (id) => SYNC_ERRORS.assessmentExists({ id }),
          frameworkDiffers: (ref) => SYNC_ERRORS.frameworkDiffers({ framework: ref }),
          inconsistent: (problem) => SYNC_ERRORS.inconsistent({ file, problem }),
        },
        ...(input.progress ? { progress: input.progress } : {}),
      });
      return { file, ...imported };
    } finally {
      await reader.close();
    }
  };
}
