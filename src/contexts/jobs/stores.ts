import type { StoreFactory } from '../../module.js';
import { kyselyJobsStore } from './adapters/persistence/kysely-jobs-store.js';

/** The jobs context's part of every unit of work (loaded without its use cases). */
export const jobsStores: StoreFactory = (executor, shared) => ({ jobs: kyselyJobsStore(executor, shared) });
