import type { Shared } from '../../module.js';
import { courseFiles } from './adapters/files/course-files.js';
import { assignCourse } from './application/assign.command.js';
import { issueCertificate, verifyCertificate } from './application/certificate.commands.js';
import { deleteCourse, importCourse } from './application/course.commands.js';
import type { TrainingDeps, TrainingStore } from './application/ports.js';
import {
  annulAttempt,
  answerQuestion,
  completeModule,
  openCourse,
  recordCompletion,
  startQuiz,
  submitQuiz,
  takeWithAnswers,
} from './application/take.commands.js';
import {
  listAssignments,
  listAttempts,
  listCourses,
  listOverdue,
  showCourse,
  trainingEvidence,
  trainingStatus,
} from './application/training.queries.js';
import { trainingReminders } from './application/reminders.query.js';
import { trainingReport } from './application/training-report.query.js';
import { attemptsForSync, courseVersionsForSync } from './application/synced-attempts.query.js';
import { receiveAttempts } from './application/receive-attempts.command.js';

export function wireTraining(shared: Shared) {
  const deps: TrainingDeps = {
    uow: { read: shared.read.training as TrainingStore, run: shared.transaction },
    clock: shared.clock,
    files: courseFiles,
    certificate: async () => (await import('./adapters/pdf/certificate-pdf.js')).renderCertificate,
  };
  return {
    importCourse: importCourse(deps),
    listCourses: listCourses(deps),
    showCourse: showCourse(deps),
    deleteCourse: deleteCourse(deps),
    assign: assignCourse(deps),
    assignments: listAssignments(deps),
    overdue: listOverdue(deps),
    reminders: trainingReminders(deps),
    status: trainingStatus(deps),
    attempts: listAttempts(deps),
    open: openCourse(deps),
    completeModule: completeModule(deps),
    startQuiz: startQuiz(deps),
    answer: answerQuestion(deps),
    submit: submitQuiz(deps),
    takeWithAnswers: takeWithAnswers(deps),
    record: recordCompletion(deps),
    annul: annulAttempt(deps),
    certificate: issueCertificate(deps),
    verify: verifyCertificate(deps),
    evidence: trainingEvidence(deps),
    report: trainingReport(deps),
    shipped: () => courseFiles.shipped(),
    syncVersions: courseVersionsForSync(deps),
    syncAttempts: attemptsForSync(deps),
    receiveAttempts: receiveAttempts(deps),
  };
}
