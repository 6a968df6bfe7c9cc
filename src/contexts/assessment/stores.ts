import type { StoreFactory } from '../../module.js';
import { kyselyAssessmentTransfer } from './adapters/persistence/kysely-assessment-transfer.js';
import { kyselyAssessmentStore } from './adapters/persistence/kysely-assessment-store.js';

/** The assessment context's part of every unit of work (loaded without its use cases). */
export const assessmentStores: StoreFactory = (executor) => ({
  store: kyselyAssessmentStore(executor),
  assessmentTransfer: kyselyAssessmentTransfer(executor),
});
