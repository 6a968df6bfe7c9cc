import type { StoreFactory } from '../../module.js';
import { kyselyAuthStore } from './adapters/persistence/kysely-auth-store.js';

/** Auth's part of every unit of work (loaded without its use cases). */
export const authStores: StoreFactory = (executor) => ({ auth: kyselyAuthStore(executor) });
