/**
 * The survey context: questionnaires to people (definitions and versions),
 * one-time invitations, anonymous or named responses taken in the terminal or
 * imported from form exports, and results computed in the database.
 */
export type { SurveyResults } from './application/results.query.js';
