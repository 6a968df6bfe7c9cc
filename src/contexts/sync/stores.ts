import type { StoreFactory } from '../../module.js';
import { kyselySyncStore } from './adapters/persistence/kysely-sync-store.js';

/** The sync context's part of every unit of work. */
export const syncStores: StoreFactory = (executor) => ({ sync: kyselySyncStore(executor) });
