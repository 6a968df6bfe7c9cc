import type { App } from '../../../../composition.js';
import type { Principal } from '../../../../kernel/principal.js';
import { actorLabel } from '../../../../kernel/principal.js';
import { allow } from '../../../auth/index.js';
import type { PeerConnection } from '../../application/sync-ports.js';

/**
 * The other side of a sync as an opened renfe application and the person
 * signed in there: every call is one of that application's use cases, so it
 * makes its own organisation and role checks and writes its own audit entries.
 */
export function appPeer(app: App, principal: Principal, location: string): PeerConnection {
  const org = principal.org as NonNullable<Principal['org']>;
  return {
    location,
    organisation: { id: org.id, slug: org.slug },
    actor: actorLabel(principal),
    records: (id) => app.sync.records(principal, { id, location }),
    receive: async (input) => {
      await app.sync.receive(principal, { ...input, location });
    },
    create: (input) => app.assessment.import(principal, input),
    export: (id) => app.assessment.export(principal, id),
    evidence: (assessmentId, evidenceId) => app.sync.evidence(principal, { assessmentId, evidenceId }),
    assessments: () => app.sync.assessments(principal),
    surveyVersions: () => app.sync.surveyVersions(principal),
    surveyResponses: (ref) => app.sync.surveyResponses(principal, ref),
    adoptSurvey: (input) => app.sync.adoptSurvey(principal, input),
    receiveResponses: (input) => app.sync.receiveResponses(principal, input),
    courseVersions: () => app.sync.courseVersions(principal),
    courseAttempts: (ref) => app.sync.courseAttempts(principal, ref),
    receiveAttempts: (input) => app.sync.receiveAttempts(principal, input),
    check: (permission) => {
      allow(principal, permission);
    },
  };
}
