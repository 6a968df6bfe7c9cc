import type { StoreFactory } from '../../module.js';
import { kyselyReportingStore } from './adapters/persistence/kysely-reporting-store.js';

/** Reporting's part of every unit of work (loaded without its use cases). */
export const reportingStores: StoreFactory = (executor) => ({ reporting: kyselyReportingStore(executor) });
