import type { Principal } from '../../kernel/principal.js';
import type { Shared } from '../../module.js';
import { surveyFiles } from './adapters/files/survey-files.js';
import { importResponses } from './application/import-responses.command.js';
import { inviteToSurvey } from './application/invite.command.js';
import { inviteByMail, type InvitationMail, mailedToken } from './application/invite-by-mail.command.js';
import { kyselyMailedInvitations } from './adapters/persistence/kysely-mailed-invitations.js';
import type { SurveyDeps, SurveyStore } from './application/ports.js';
import { answerSurvey, openSurvey, respondToSurvey, submitSurvey } from './application/respond.commands.js';
import { surveyResults } from './application/results.query.js';
import { closeSurvey, createSurvey, deleteSurvey, publishSurvey } from './application/survey.commands.js';
import { listSurveys, showSurvey, surveyInvitations } from './application/survey.queries.js';
import { exportResponses } from './application/export-responses.query.js';
import { surveyEvidence } from './application/evidence.query.js';
import { adoptSurveyVersion, receiveResponses } from './application/receive-responses.command.js';
import {
  responsesForSync,
  type SurveySyncDeps,
  type SyncedResponseStore,
  surveyVersionsForSync,
} from './application/synced-responses.query.js';

/** What the survey context reads of auth: the organisation's members. */
interface MemberReads {
  listUsers(principal: Principal): Promise<readonly { email: string; role: string; status: string }[]>;
}

/** What the survey context asks of jobs: invitation mails queued in its own transaction. */
interface MailJobs {
  queueInvitationMails(scope: unknown, principal: Principal, mails: readonly InvitationMail[]): Promise<string[]>;
}

export function wireSurvey(shared: Shared, wired: Readonly<Record<string, unknown>>) {
  const auth = wired.auth as MemberReads;
  const jobs = wired.jobs as MailJobs;
  const deps: SurveyDeps = {
    uow: { read: shared.read.survey as SurveyStore, run: shared.transaction },
    clock: shared.clock,
    files: surveyFiles,
    membersWithRole: async (principal, role) =>
      (await auth.listUsers(principal)).filter((m) => m.role === role && m.status === 'active').map((m) => m.email),
  };
  const syncDeps: SurveySyncDeps = {
    ...deps,
    synced: shared.read.surveySync as SyncedResponseStore,
    syncUow: { run: shared.transaction },
  };
  const mailDeps = {
    ...deps,
    mail: { queue: jobs.queueInvitationMails },
    mailed: kyselyMailedInvitations(shared.db),
  };
  return {
    create: createSurvey(deps),
    list: listSurveys(deps),
    show: showSurvey(deps),
    publish: publishSurvey(deps),
    close: closeSurvey(deps),
    delete: deleteSurvey(deps),
    invite: inviteToSurvey(deps),
    inviteByMail: inviteByMail(mailDeps),
    mailedToken: mailedToken(mailDeps),
    invitations: surveyInvitations(deps),
    open: openSurvey(deps),
    answer: answerSurvey(deps),
    submit: submitSurvey(deps),
    respond: respondToSurvey(deps),
    import: importResponses(deps),
    results: surveyResults(deps),
    export: exportResponses(deps),
    evidence: surveyEvidence(deps),
    shipped: () => surveyFiles.shipped(),
    syncVersions: surveyVersionsForSync(syncDeps),
    syncResponses: responsesForSync(syncDeps),
    adoptVersion: adoptSurveyVersion(syncDeps),
    receiveResponses: receiveResponses(syncDeps),
  };
}
