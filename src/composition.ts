import { initWorkspace } from './contexts/auth/application/init-workspace.command.js';
import { login } from './contexts/auth/application/login.command.js';
import { logout } from './contexts/auth/application/logout.command.js';
import { authenticate } from './contexts/auth/application/authenticate.query.js';
import { createOrganization } from './contexts/auth/application/create-organization.command.js';
import { listOrganizations } from './contexts/auth/application/list-organizations.query.js';
import { showOrganization } from './contexts/auth/application/show-organization.query.js';
import { addUser } from './contexts/auth/application/add-user.command.js';
import { listUsers, showUser } from './contexts/auth/application/list-users.query.js';
import { changeRole } from './contexts/auth/application/change-role.command.js';
import { setUserStatus } from './contexts/auth/application/set-user-status.command.js';
import { changePassword } from './contexts/auth/application/change-password.command.js';
import { createToken } from './contexts/auth/application/create-token.command.js';
import { listTokens } from './contexts/auth/application/list-tokens.query.js';
import { revokeToken } from './contexts/auth/application/revoke-token.command.js';
import type {
  AuthDeps,
  AuthSettings,
  AuthStore,
  PasswordHasher,
  UnitOfWork,
} from './contexts/auth/application/ports.js';
import type { AuditLog } from './contexts/audit/index.js';
import type { AssessmentDeps, AssessmentStore, ShippedCatalogs } from './contexts/assessment/application/ports.js';
import { kyselyAssessmentStore } from './contexts/assessment/adapters/persistence/kysely-assessment-store.js';
import { fileShippedCatalogs } from './contexts/assessment/adapters/files/shipped-catalogs.js';
import { frameworkFileReader } from './contexts/assessment/adapters/files/framework-file-reader.js';
import { listFrameworks, showFramework } from './contexts/assessment/application/framework.queries.js';
import { importFramework } from './contexts/assessment/application/import-framework.command.js';
import { createAssessment } from './contexts/assessment/application/create-assessment.command.js';
import {
  assessmentQuestions,
  listAssessments,
  openAssessment,
  showAssessment,
} from './contexts/assessment/application/assessment.queries.js';
import { answerQuestion } from './contexts/assessment/application/answer-question.command.js';
import { addEvidence, listEvidence } from './contexts/assessment/application/add-evidence.command.js';
import { listFindings, updateFinding } from './contexts/assessment/application/findings.queries.js';
import { compareAssessmentsQuery } from './contexts/assessment/application/compare.query.js';
import { assessmentCoverage } from './contexts/assessment/application/coverage.query.js';
import { assessmentScores } from './contexts/assessment/application/score-assessment.query.js';
import { upgradeAssessment } from './contexts/assessment/application/upgrade-assessment.command.js';
import type {
  NarrativeWriter,
  Renderer,
  ReportFormat,
  ReportingDeps,
  ReportingStore,
} from './contexts/reporting/application/ports.js';
import { kyselyReportingStore } from './contexts/reporting/adapters/persistence/kysely-reporting-store.js';
import { fileTemplateStore } from './contexts/reporting/adapters/templates/file-template-store.js';
import { fsReportFiles } from './contexts/reporting/adapters/files/fs-report-files.js';
import { deterministicNarrativeWriter } from './contexts/reporting/adapters/narrative/deterministic-narrative-writer.js';
import { openAiNarrativeWriter } from './contexts/reporting/adapters/narrative/openai-narrative-writer.js';
import { loadRenderer } from './contexts/reporting/adapters/renderers.js';
import { generateReport } from './contexts/reporting/application/generate-report.command.js';
import { listReports, listTemplates, verifyReport } from './contexts/reporting/application/report.queries.js';
import { assessmentDataHash, assessmentSnapshot } from './contexts/assessment/application/snapshot.query.js';
import { importAnswers } from './contexts/assessment/application/import-answers.command.js';
import { changeStatus, deleteAssessment } from './contexts/assessment/application/lifecycle.command.js';
import { kyselyAuthStore } from './contexts/auth/adapters/persistence/kysely-auth-store.js';
import { scryptPasswordHasher } from './contexts/auth/adapters/crypto/scrypt-password-hasher.js';
import { kyselyAuditLog, kyselyAuditReader } from './contexts/audit/adapters/persistence/kysely-audit-log.js';
import { listAudit } from './contexts/audit/application/list-audit.query.js';
import { verifyAudit } from './contexts/audit/application/verify-audit.query.js';
import { type Clock, systemClock } from './kernel/clock.js';
import { connect, type DatabaseTarget } from './persistence/connect.js';
import type { DatabaseHandle } from './persistence/database.js';
import {
  migrateToLatest,
  readSchemaState,
  type SchemaState,
  schemaBehindError,
  schemaNewerError,
} from './persistence/migrator.js';

export interface AppOptions {
  readonly target: DatabaseTarget;
  readonly settings: AuthSettings;
  readonly clock?: Clock;
  /** Tests pass a cheaper hasher; the CLI always uses the default (scrypt at OWASP's parameters). */
  readonly hasher?: PasswordHasher;
  /** Tests may point at their own catalog folder. */
  readonly shipped?: ShippedCatalogs;
  /** Tests may replace renderers and the narrative writer (e.g. an AI writer on a fake endpoint). */
  readonly renderer?: (format: ReportFormat) => Promise<Renderer>;
  readonly narratives?: NarrativeWriter;
  /** The endpoint for `--ai` narratives (profile ai.* or RENFE_AI_*); used when it has a model and a key. */
  readonly ai?: { readonly baseUrl: string; readonly model: string; readonly apiKey: string } | undefined;
  /**
   * 'current': refuse to run unless the schema is up to date (the default);
   * 'migrate': bring it up to date first (init); 'any': no check (db status).
   */
  readonly schema?: 'current' | 'migrate' | 'any';
}

/** Connects, checks the schema, and wires every use case to its adapters. */
export async function openApp(options: AppOptions) {
  const handle = await connect(options.target, { create: (options.schema ?? 'current') !== 'current' });
  try {
    return await wire(handle, options);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function wire(handle: DatabaseHandle, options: AppOptions) {
  const clock = options.clock ?? systemClock;
  if (options.schema === 'migrate') await migrateToLatest(handle.db);
  let schema: SchemaState = await readSchemaState(handle.db);
  if ((options.schema ?? 'current') === 'current' && schema.pending.length > 0) throw schemaBehindError(schema);

  /** One transaction across contexts: each context's unit of work is a view of it. */
  function transaction<T>(
    work: (tx: { auth: AuthStore; store: AssessmentStore; reporting: ReportingStore; audit: AuditLog }) => Promise<T>,
  ): Promise<T> {
    if (schema.unknown.length > 0) return Promise.reject(schemaNewerError(schema));
    return handle.db.transaction().execute((trx) =>
      work({
        auth: kyselyAuthStore(trx),
        store: kyselyAssessmentStore(trx),
        reporting: kyselyReportingStore(trx),
        audit: kyselyAuditLog(trx, handle.capabilities, () => clock.now()),
      }),
    );
  }
  const uow: UnitOfWork = { read: kyselyAuthStore(handle.db), run: transaction };
  const deps: AuthDeps = { uow, hasher: options.hasher ?? scryptPasswordHasher(), clock, settings: options.settings };
  const auditReader = kyselyAuditReader(handle.db);
  const assessmentDeps: AssessmentDeps = {
    uow: { read: kyselyAssessmentStore(handle.db), run: transaction },
    shipped: options.shipped ?? fileShippedCatalogs(),
    files: frameworkFileReader,
    clock,
  };

  const snapshot = assessmentSnapshot(assessmentDeps);
  const aiWriter =
    options.ai?.apiKey && options.ai.model
      ? openAiNarrativeWriter(
          options.ai,
          (orgId) => ({
            get: (hash) => kyselyReportingStore(handle.db).narratives(orgId).get(hash),
            put: (...row) => transaction(({ reporting }) => reporting.narratives(orgId).put(...row)),
          }),
          clock,
        )
      : undefined;
  const reportingDeps: ReportingDeps = {
    uow: { read: kyselyReportingStore(handle.db), run: transaction },
    snapshot,
    dataHash: assessmentDataHash(assessmentDeps),
    templates: fileTemplateStore(),
    renderer: options.renderer ?? loadRenderer,
    narratives: options.narratives ?? aiWriter ?? deterministicNarrativeWriter,
    files: fsReportFiles,
    clock,
  };

  return {
    handle,
    get schema() {
      return schema;
    },
    db: {
      async migrate() {
        const applied = await migrateToLatest(handle.db);
        schema = await readSchemaState(handle.db);
        return applied;
      },
    },
    auth: {
      init: initWorkspace(deps),
      login: login(deps),
      logout: logout(deps),
      authenticate: authenticate(deps),
      createOrganization: createOrganization(deps),
      listOrganizations: listOrganizations(deps),
      showOrganization: showOrganization(deps),
      addUser: addUser(deps),
      listUsers: listUsers(deps),
      showUser: showUser(deps),
      changeRole: changeRole(deps),
      setUserStatus: setUserStatus(deps),
      changePassword: changePassword(deps),
      createToken: createToken(deps),
      listTokens: listTokens(deps),
      revokeToken: revokeToken(deps),
    },
    assessment: {
      listFrameworks: listFrameworks(assessmentDeps),
      showFramework: showFramework(assessmentDeps),
      importFramework: importFramework(assessmentDeps),
      create: createAssessment(assessmentDeps),
      list: listAssessments(assessmentDeps),
      show: showAssessment(assessmentDeps),
      questions: assessmentQuestions(assessmentDeps),
      open: openAssessment(assessmentDeps),
      answer: answerQuestion(assessmentDeps),
      changeStatus: changeStatus(assessmentDeps),
      delete: deleteAssessment(assessmentDeps),
      addEvidence: addEvidence(assessmentDeps),
      listEvidence: listEvidence(assessmentDeps),
      scores: assessmentScores(assessmentDeps),
      findings: listFindings(assessmentDeps),
      updateFinding: updateFinding(assessmentDeps),
      compare: compareAssessmentsQuery(assessmentDeps),
      coverage: assessmentCoverage(assessmentDeps),
      importAnswers: importAnswers(assessmentDeps),
      upgrade: upgradeAssessment(assessmentDeps),
      snapshot,
    },
    reporting: {
      generate: generateReport(reportingDeps),
      list: listReports(reportingDeps),
      verify: verifyReport(reportingDeps),
      templates: listTemplates(reportingDeps),
    },
    audit: {
      list: listAudit(auditReader),
      verify: verifyAudit(auditReader),
    },
    close: () => handle.close(),
  };
}

export type App = Awaited<ReturnType<typeof openApp>>;
