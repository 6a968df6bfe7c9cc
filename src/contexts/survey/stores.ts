import type { StoreFactory } from '../../module.js';
import { kyselySurveyStore } from './adapters/persistence/kysely-survey-store.js';
import { kyselyMailedInvitations } from './adapters/persistence/kysely-mailed-invitations.js';
import { kyselySyncedResponses } from './adapters/persistence/kysely-synced-responses.js';

/** The survey context's part of every unit of work (loaded without its use cases). */
export const surveyStores: StoreFactory = (executor) => ({
  survey: kyselySurveyStore(executor),
  surveyMail: kyselyMailedInvitations(executor),
  surveySync: kyselySyncedResponses(executor),
});
