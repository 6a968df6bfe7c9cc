import type { StoreFactory } from '../../module.js';
import { kyselyTrainingStore } from './adapters/persistence/kysely-training-store.js';

/** The training context's part of every unit of work (loaded without its use cases). */
export const trainingStores: StoreFactory = (executor) => ({ training: kyselyTrainingStore(executor) });
