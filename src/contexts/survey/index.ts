/**
 * The survey context: questionnaires to people (definitions and versions),
 * one-time invitations, anonymous or named responses taken in the terminal or
 * imported from form exports, and results computed in the database.
 * For assessments: `app.survey.evidence(principal, ['iso27001-2022:A.6.3'])`.
 * For sync: `syncVersions`, `syncResponses` (submitted responses with their
 * answers, an anonymous survey's without email or time), `adoptVersion` (a
 * version from another database's stored definition) and `receiveResponses`.
 */
export type { SurveyResults } from './application/results.query.js';
export type { SurveyEvidence } from './application/evidence.query.js';
export type { SyncedResponse, SyncedSurveyVersion } from './application/synced-responses.query.js';
export type { AdoptSurveyInput, ReceiveResponsesInput, SyncOrigin } from './application/receive-responses.command.js';
