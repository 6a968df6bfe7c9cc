import { newId, newShortId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { walkRequirements } from '../domain/catalog.js';
import { catalogHash } from '../domain/catalog-hash.js';
import type { TransferDeps } from './assessment-export.query.js';
import type { AssessmentTransfer, TransferEvidence, TransferFramework } from './transfer.port.js';

/** An audit entry of the assessment in the workspace it came from, carried to this one. */
export interface ImportedHistoryEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly details: Record<string, unknown>;
  readonly hash: string;
}

/** The errors the caller raises for refusals (its own catalogue names them). */
export interface ImportRefusals {
  exists(id: string): Error;
  frameworkDiffers(ref: string): Error;
  inconsistent(problem: string): Error;
}

export interface ImportAssessmentInput {
  readonly data: AssessmentTransfer;
  readonly frameworks: readonly TransferFramework[];
  /** Import under a new id (and new evidence ids) when the assessment is already here. */
  readonly asCopy: boolean;
  /** The bytes of one evidence file, read (and checked) by the caller when the row is written. */
  readonly evidence: (evidence: TransferEvidence) => Promise<Buffer | null>;
  /** Where the data came from, for the audit entry. */
  readonly origin: Readonly<Record<string, unknown>>;
  /**
   * The assessment's audit entries where it came from, oldest first: each is
   * appended to this organisation's chain as `audit.imported`, by the
   * importer, naming its origin (a foreign chain cannot be joined as it was).
   */
  readonly history?: readonly ImportedHistoryEntry[];
  readonly refuse: ImportRefusals;
  /** Records written of all the import has (answers and findings at once, then each evidence file and history entry). */
  readonly progress?: (done: number, total: number) => void;
}

export interface ImportedAssessment {
  readonly id: string;
  readonly copiedFrom: string | null;
  readonly frameworksInstalled: readonly string[];
  readonly answers: number;
  readonly evidence: number;
  readonly findings: number;
  /** Statement of Applicability decisions. */
  readonly applicability: number;
  /** Audit entries of its origin appended to this chain as `audit.imported`. */
  readonly history: number;
}

/** Checks that every row names a framework of the assessment and a question or requirement of it. */
export function checkTransfer(data: AssessmentTransfer, frameworks: readonly TransferFramework[]): string | null {
  const refs = new Set(data.assessment.frameworks);
  if (refs.size !== data.assessment.frameworks.length) return 'the assessment lists a framework twice';
  if (frameworks.length !== refs.size || frameworks.some((f) => !refs.has(f.ref))) {
    return `the frameworks (${frameworks.map((f) => f.ref).join(', ')}) are not those of the assessment (${[...refs].join(', ')})`;
  }
  const questions = new Map<string, Set<string>>();
  const requirements = new Map<string, Set<string>>();
  for (const f of frameworks) {
    if (f.ref !== `${f.catalog.id}@${f.catalog.version}` || f.ref !== `${f.key}@${f.version}`)
      return `framework ${f.ref} holds the catalog of ${f.catalog.id}@${f.catalog.version}`;
    const walked = [...walkRequirements(f.catalog.requirements)];
    requirements.set(f.ref, new Set(walked.map((w) => w.requirement.id)));
    questions.set(f.ref, new Set(walked.flatMap((w) => w.requirement.questions.map((q) => q.id))));
  }
  const once = new Set<string>();
  const twice = (kind: string, ...parts: string[]) => {
    const key = [kind, ...parts].join('\u0000');
    if (once.has(key)) return true;
    once.add(key);
    return false;
  };
  for (const a of data.answers) {
    if (!questions.get(a.framework)?.has(a.question)) return `answer to ${a.framework}:${a.question}: no such question`;
    if (twice('answer', a.framework, a.question)) return `answer to ${a.framework}:${a.question}: given twice`;
  }
  for (const e of data.evidence) {
    if (!questions.get(e.framework)?.has(e.question))
      return `evidence ${e.id} on ${e.framework}:${e.question}: no such question`;
    if (twice('evidence', e.id)) return `evidence ${e.id}: listed twice`;
  }
  for (const f of data.findings) {
    if (!requirements.get(f.framework)?.has(f.requirement)) {
      return `finding on ${f.framework}:${f.requirement}: no such requirement`;
    }
    if (twice('finding', f.framework, f.requirement)) return `finding on ${f.framework}:${f.requirement}: listed twice`;
  }
  for (const d of data.applicability ?? []) {
    if (!requirements.get(d.framework)?.has(d.requirement)) {
      return `applicability of ${d.framework}:${d.requirement}: no such requirement`;
    }
    if (twice('applicability', d.framework, d.requirement)) {
      return `applicability of ${d.framework}:${d.requirement}: decided twice`;
    }
  }
  return null;
}

/**
 * Imports an assessment given as plain data, in one transaction: the framework
 * versions it uses (matched by content hash, installed when missing), the
 * assessment under its own id (or a new one with `asCopy`), its answers,
 * findings tracking and evidence. Any refusal or failure writes nothing.
 */
export function importAssessment(deps: TransferDeps) {
  return async (principal: Principal, input: ImportAssessmentInput): Promise<ImportedAssessment> => {
    const access = allow(principal, 'assessment.write');
    const { orgId } = access;
    const problem = checkTransfer(input.data, input.frameworks);
    if (problem) throw input.refuse.inconsistent(problem);
    return access.change(deps.transferUow, async (tx) => {
      const sourceId = input.data.assessment.id;
      const taken = await tx.assessmentTransfer.idTaken(orgId, sourceId);
      if (taken.taken && !input.asCopy) throw input.refuse.exists(sourceId);
      const id = taken.taken ? newShortId() : sourceId;
      const evidenceIds = new Map(input.data.evidence.map((e) => [e.id, e.id]));
      const takenEvidence = await tx.assessmentTransfer.evidenceIdsTaken([...evidenceIds.keys()]);
      if (takenEvidence.length > 0 && !input.asCopy) throw input.refuse.exists(sourceId);
      if (id !== sourceId || takenEvidence.length > 0)
        for (const e of input.data.evidence) evidenceIds.set(e.id, newId());

      await tx.entitlements.reserve(orgId, 'assessments_per_month');
      const installed: string[] = [];
      const frameworkIds = new Map<string, string>();
      const repo = tx.store.frameworks(orgId);
      for (const f of input.frameworks) {
        const versions = (await repo.versions(f.key)).filter((v) => v.version === f.version);
        const hashes = await tx.assessmentTransfer.frameworkHashes(versions.map((v) => v.id));
        const same = versions.find((v) => hashes.get(v.id)?.contentHash === f.contentHash);
        if (same) {
          frameworkIds.set(f.ref, same.id);
          continue;
        }
        const head = (await deps.shipped.list()).find((s) => s.key === f.key && s.version === f.version);
        const shipped = head && !versions.some((v) => v.shared) ? await deps.shipped.load(f.key) : null;
        const now = deps.clock.now();
        if (shipped && catalogHash(shipped) === f.contentHash) {
          const saved = await repo.save(shipped, { shared: true, origin: 'shipped', contentHash: f.contentHash }, now);
          frameworkIds.set(f.ref, saved.id);
        } else {
          if (versions.some((v) => !v.shared)) throw input.refuse.frameworkDiffers(f.ref);
          const saved = await repo.save(
            f.catalog,
            { shared: false, origin: 'bundle', contentHash: f.contentHash },
            now,
          );
          frameworkIds.set(f.ref, saved.id);
        }
        installed.push(f.ref);
        await tx.record({
          action: 'framework.installed',
          targetType: 'framework',
          targetId: frameworkIds.get(f.ref) as string,
          details: { framework: f.key, version: f.version, contentHash: f.contentHash, from: 'import' },
        });
      }

      const data: AssessmentTransfer = { ...input.data, assessment: { ...input.data.assessment, id } };
      await tx.assessmentTransfer.insert(orgId, data, frameworkIds);
      const history = input.history ?? [];
      const total =
        input.data.answers.length + input.data.findings.length + input.data.evidence.length + history.length;
      let done = input.data.answers.length + input.data.findings.length;
      input.progress?.(done, total);
      for (const e of input.data.evidence) {
        const content = e.kind === 'file' ? await input.evidence(e) : null;
        await tx.assessmentTransfer.insertEvidence(
          id,
          { ...e, id: evidenceIds.get(e.id) as string },
          frameworkIds.get(e.framework) as string,
          content,
        );
        input.progress?.(++done, total);
      }
      await tx.record({
        action: 'assessment.imported',
        targetType: 'assessment',
        targetId: id,
        details: {
          ...(id !== sourceId ? { copyOf: sourceId } : {}),
          origin: input.origin,
          frameworks: input.data.assessment.frameworks,
          answers: input.data.answers.length,
          evidence: input.data.evidence.length,
          findings: input.data.findings.length,
          applicability: input.data.applicability?.length ?? 0,
        },
      });
      const origin = (input.origin as { organisation?: unknown }).organisation ?? null;
      const localTarget = (targetId: string | null) =>
        targetId === sourceId
          ? id
          : targetId?.startsWith(`${sourceId}:`)
            ? `${id}${targetId.slice(sourceId.length)}`
            : targetId;
      for (const h of history) {
        await tx.record({
          action: 'audit.imported',
          targetType: h.targetType,
          targetId: localTarget(h.targetId),
          details: {
            origin: { organisation: origin, seq: h.seq, at: h.at, actor: h.actor, hash: h.hash },
            action: h.action,
            details: h.details,
          },
        });
        input.progress?.(++done, total);
      }
      return {
        id,
        copiedFrom: id !== sourceId ? sourceId : null,
        frameworksInstalled: installed,
        answers: input.data.answers.length,
        evidence: input.data.evidence.length,
        findings: input.data.findings.length,
        applicability: input.data.applicability?.length ?? 0,
        history: history.length,
      };
    });
  };
}
