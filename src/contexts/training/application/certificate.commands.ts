import { createHash } from 'node:crypto';
import { allow } from '../../auth/index.js';
import { newId } from '../../../kernel/ids.js';
import type { Principal } from '../../../kernel/principal.js';
import { localize } from '../domain/course.js';
import { TRAINING_ERRORS } from '../errors.js';
import { dayOf } from './course-lookup.js';
import type { CertificateData, TrainingDeps } from './ports.js';

/** The marker a certificate carries in its PDF metadata: `renfe-certificate:<id> sha256:<hash>`. */
export const CERTIFICATE_MARK = /renfe-certificate:([0-9a-f-]{36}) sha256:([0-9a-f]{64})/;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * `training certificate <attempt-id>`: a one-page PDF for a passed attempt.
 * The certificate's data hash (printed on it and kept in its metadata) and the
 * file's SHA-256 are recorded, so `training verify` can tell the file is ours,
 * unaltered, and whether its attempt has since been annulled.
 */
export function issueCertificate(deps: TrainingDeps) {
  return async (principal: Principal, attemptId: string, lang?: string) => {
    const access = allow(principal, 'training.learn');
    const now = deps.clock.now();
    const render = await deps.certificate();
    return access.change(deps.uow, async ({ training, record }) => {
      const repo = training.forOrg(access.orgId);
      const attempt = await repo.attempt(attemptId);
      const own = principal.actor.type === 'user' && attempt?.userId === principal.actor.id;
      if (!attempt || (!own && !principal.grants.has('training.read')))
        throw TRAINING_ERRORS.attemptNotFound({ id: attemptId });
      if (attempt.annulledAt) throw TRAINING_ERRORS.annulled({ id: attemptId, at: attempt.annulledAt.toISOString() });
      if (attempt.status !== 'passed' || attempt.score === null || !attempt.completedAt)
        throw TRAINING_ERRORS.notPassed({ id: attemptId, status: attempt.status });
      const course = await repo.course(attempt.courseId);
      const language = lang === 'es' || lang === 'en' ? lang : attempt.language === 'es' ? 'es' : 'en';
      const certificateId = newId();
      const facts = {
        certificateId,
        name: attempt.name ?? attempt.email,
        email: attempt.email,
        course: localize(course?.definition.title, language),
        courseKey: attempt.courseKey,
        version: attempt.version,
        score: attempt.score,
        completedOn: dayOf(attempt.completedAt),
        organisation: await repo.organisationName(),
      };
      const dataHash = sha256(JSON.stringify({ ...facts, attemptId, orgId: access.orgId }));
      const data: CertificateData = { ...facts, dataHash, language };
      const bytes = await render(data);
      await repo.insertCertificate({
        id: certificateId,
        attemptId,
        dataHash,
        fileSha256: sha256(bytes),
        language,
        issuedAt: now,
        issuedBy: access.actor.label,
      });
      await record({
        action: 'training.certificate_issued',
        targetType: 'attempt',
        targetId: attemptId,
        details: { certificate: certificateId, course: `${attempt.courseKey}@${attempt.version}`, user: attempt.email },
      });
      return { certificate: certificateId, attempt: attemptId, dataHash, bytes };
    });
  };
}

export interface VerificationDto {
  readonly file: string;
  readonly verdict: 'valid' | 'not-ours' | 'revoked';
  readonly certificate: string | null;
  readonly attempt: string | null;
  readonly fileHash: string;
  readonly problem: string | null;
  readonly annulledAt: string | null;
}

/** `training verify cert.pdf`: ours and valid, not ours (unknown or altered), or revoked. */
export function verifyCertificate(deps: TrainingDeps) {
  return async (principal: Principal, file: string): Promise<VerificationDto> => {
    const { orgId } = allow(principal, 'training.learn');
    const bytes = await deps.files.readBytes(file);
    const fileHash = sha256(bytes);
    const base = { file, fileHash, certificate: null, attempt: null, annulledAt: null };
    const mark = CERTIFICATE_MARK.exec(Buffer.from(bytes).toString('latin1'));
    if (!mark) return { ...base, verdict: 'not-ours', problem: 'it carries no renfe certificate id' };
    const [, id, hash] = mark as unknown as [string, string, string];
    const repo = deps.uow.read.forOrg(orgId);
    const cert = await repo.certificate(id);
    if (!cert)
      return { ...base, certificate: id, verdict: 'not-ours', problem: `certificate ${id} was not issued here` };
    const known = { ...base, certificate: id, attempt: cert.attemptId };
    if (cert.dataHash !== hash || cert.fileSha256 !== fileHash)
      return { ...known, verdict: 'not-ours', problem: `the file was altered after certificate ${id} was issued` };
    const attempt = await repo.attempt(cert.attemptId);
    if (!attempt || attempt.annulledAt)
      return {
        ...known,
        verdict: 'revoked',
        problem: 'its attempt was annulled',
        annulledAt: attempt?.annulledAt?.toISOString() ?? null,
      };
    return { ...known, verdict: 'valid', problem: null };
  };
}
