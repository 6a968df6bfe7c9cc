import { basename } from 'node:path';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { actorLabel } from '../../../kernel/principal.js';
import type { TransferEvidence, TransferFramework } from '../../assessment/index.js';
import { SYNC_ERRORS } from '../errors.js';
import { AuditEntriesSchema, firstIssue, FrameworkEntrySchema, oneLine, TransferSchema } from './bundle-schema.js';
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
  readonly applicability: number;
  readonly audit: number;
  readonly entries: number;
  /** The bundle file's size. */
  readonly bytes: number;
  readonly manifestSha256: string;
}

/**
 * The audit entries of one assessment and its findings, oldest first, when
 * the exporter may read the audit trail (owners and admins); none otherwise.
 */
async function auditOf(deps: BundleDeps, principal: Principal, id: string): Promise<ListedAuditEntry[]> {
  if (!principal.grants.has('audit.read')) return [];
  return deps.audit.about(principal, id);
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
    allow(principal, 'sync.read');
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
          applicability: data.applicability?.length ?? 0,
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
    const manifestSha256 = createHash('sha256')
      .update(JSON.stringify(manifest, null, 2))
      .digest('hex');
    const bytes = await deps.files.size(input.file);
    try {
      await exported.recordExport({ file: basename(input.file), manifestSha256, bytes, ...manifest.counts });
    } catch (error) {
      await deps.files.remove(input.file);
      throw error;
    }
    return {
      file: input.file,
      assessment: data.assessment.id,
      answers: data.answers.length,
      evidence: data.evidence.length,
      findings: data.findings.length,
      applicability: data.applicability?.length ?? 0,
      audit: audit.length,
      entries: manifest.entries.length + 2,
      bytes,
      manifestSha256,
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
  readonly applicability: number;
  /** Audit entries of the assessment's origin appended here as `audit.imported`. */
  readonly history: number;
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
    // Refused before the file is opened; the assessment context checks its own permission and the plan.
    allow(principal, 'sync.write');
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
        const raw = await reader.json<Record<string, unknown>>(listed.entry);
        const entry = FrameworkEntrySchema.safeParse(raw);
        if (!entry.success)
          throw SYNC_ERRORS.inconsistent({ file, problem: `${listed.entry}: ${firstIssue(entry.error)}` });
        if (entry.data.ref !== listed.ref || entry.data.contentHash !== listed.contentHash) {
          throw SYNC_ERRORS.inconsistent({
            file,
            problem: `${listed.entry} is not framework ${listed.ref} of the manifest`,
          });
        }
        // The catalog as written: a parse would reorder its keys.
        frameworks.push({ ...entry.data, catalog: raw.catalog } as unknown as TransferFramework);
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
          throw SYNC_ERRORS.inconsistent({
            file,
            problem: `evidence ${e.id} (${oneLine(e.name, 80)}) has no file in the bundle`,
          });
        }
      }
      const audit = AuditEntriesSchema.safeParse(await reader.json(AUDIT_ENTRY));
      if (!audit.success)
        throw SYNC_ERRORS.inconsistent({ file, problem: `${AUDIT_ENTRY}: ${firstIssue(audit.error)}` });
      const { createHash } = await import('node:crypto');
      const readEvidence = async (e: TransferEvidence): Promise<Buffer> => {
        const bytes = await reader.read(evidenceEntry(e.id));
        if (e.size !== null && bytes.length !== e.size) {
          throw SYNC_ERRORS.inconsistent({
            file,
            problem: `evidence ${e.id} (${oneLine(e.name, 80)}) holds ${bytes.length} bytes, its record ${e.size}`,
          });
        }
        if (e.sha256 && createHash('sha256').update(bytes).digest('hex') !== e.sha256) {
          throw SYNC_ERRORS.modified({
            file,
            problem: `evidence ${e.id} (${oneLine(e.name, 80)}) does not match its recorded SHA-256`,
          });
        }
        return bytes;
      };
      const imported = await deps.assessment.import(principal, {
        data: data as never,
        frameworks,
        asCopy: input.asCopy,
        evidence: readEvidence,
        history: audit.data.map((h) => ({
          seq: h.seq,
          at: h.at,
          actor: h.actor.label,
          action: h.action,
          targetType: h.target.type,
          targetId: h.target.id,
          details: h.details,
          hash: h.hash,
        })),
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
          inconsistent: (problem) => SYNC_ERRORS.inconsistent({ file, problem: oneLine(problem, 400) }),
        },
        ...(input.progress ? { progress: input.progress } : {}),
      });
      return { file, ...imported };
    } finally {
      await reader.close();
    }
  };
}
