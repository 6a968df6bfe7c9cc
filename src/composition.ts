import type { AuthSettings, PasswordHasher } from './contexts/auth/application/ports.js';
import type { BillingSettings } from './contexts/billing/index.js';
import { mergePermissions, type PermissionTable } from './contexts/auth/index.js';
import type { NarrativeWriter, Renderer, ReportFormat } from './contexts/reporting/application/ports.js';
import type { ShippedCatalogs } from './contexts/assessment/application/ports.js';
import { type Clock, systemClock } from './kernel/clock.js';
import type { AnyErrorCatalogue } from './kernel/errors.js';
import { KERNEL_ERRORS } from './kernel/kernel-errors.js';
import { currentTenantScope, inPrincipalScope, inTenant, isPrincipal } from './kernel/tenant-scope.js';
import type { ContextModule, Shared, StoreFactory, UsageCounter } from './module.js';
import { PERSISTENCE_ERRORS } from './persistence/errors.js';
import { MODULES, type Modules } from './modules.js';
import { connect, type DatabaseTarget } from './persistence/connect.js';
import type { DatabaseHandle } from './persistence/database.js';
import {
  type Migrations,
  migrateToLatest,
  readSchemaState,
  type SchemaState,
  schemaBehindError,
  schemaNewerError,
} from './persistence/migrator.js';

export interface AppOptions {
  readonly target: DatabaseTarget;
  readonly settings: AuthSettings;
  readonly clock?: Clock;
  /** Tests pass a cheaper hasher; the CLI always uses the default (scrypt at OWASP's parameters). */
  readonly hasher?: PasswordHasher;
  /** Tests may point at their own catalog folder. */
  readonly shipped?: ShippedCatalogs;
  /** Tests may replace renderers and the narrative writer (e.g. an AI writer on a fake endpoint). */
  readonly renderer?: (format: ReportFormat) => Promise<Renderer>;
  readonly narratives?: NarrativeWriter;
  /** The endpoint for `--ai` narratives (profile ai.* or RENFE_AI_*); used when it has a model and a key. */
  readonly ai?: { readonly baseUrl: string; readonly model: string; readonly apiKey: string } | undefined;
  /** Stripe and plan settings (profile stripe.* and billing.*, or STRIPE_* variables). */
  readonly billing?: BillingSettings;
  /** The folder of organisations' signing keys (audit checkpoints, report signatures), outside the database. */
  readonly keyDir?: string | undefined;
  /** The secret that authenticates audit entries (RENFE_AUDIT_KEY or the profile's audit.key); never stored in the database. */
  readonly auditKey?: string | undefined;
  /**
   * 'current': refuse to run unless the schema is up to date (the default);
   * 'migrate': bring it up to date first (init); 'any': no check (db status).
   */
  readonly schema?: 'current' | 'migrate' | 'any';
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type ServicesOf<M> = M extends ContextModule<infer Name, infer Services> ? { readonly [K in Name]: Services } : never;
/** Each module's use cases under its name: `app.auth.login`, `app.assessment.create`, ... */
export type ModuleServices = UnionToIntersection<ServicesOf<Modules[number]>>;

/** The merged permission table of every module. */
export function permissionTable(): PermissionTable {
  return mergePermissions(MODULES.map((m: ContextModule) => m.permissions ?? {}));
}

/** Every error catalogue: each module's, then the database layer's and the kernel's. */
export async function errorCatalogues(): Promise<
  readonly { readonly owner: string; readonly catalogue: AnyErrorCatalogue }[]
> {
  const modules = MODULES as readonly ContextModule[];
  const own = await Promise.all(
    modules.flatMap((m) => (m.errors ? [m.errors().then((catalogue) => ({ owner: m.name, catalogue }))] : [])),
  );
  return [
    ...own,
    { owner: 'persistence', catalogue: PERSISTENCE_ERRORS },
    { owner: 'kernel', catalogue: KERNEL_ERRORS },
  ];
}

/** Every module's migrations, checked for names declared twice; each is loaded only when it runs. */
export function allMigrations(): Migrations {
  const merged: Record<string, Migrations[string]> = {};
  for (const module of MODULES as readonly ContextModule[]) {
    for (const [name, load] of Object.entries(module.migrations ?? {})) {
      if (name in merged) throw new Error(`migration ${name} is declared twice`);
      merged[name] = {
        up: async (db) => (await load()).up(db),
        down: async (db) => (await load()).down?.(db),
      };
    }
  }
  return merged;
}

/** Connects, checks the schema, and wires every use case to its adapters. */
export async function openApp(options: AppOptions) {
  const handle = await connect(options.target, { create: (options.schema ?? 'current') !== 'current' });
  try {
    return await wire(handle, options);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function wire(handle: DatabaseHandle, options: AppOptions) {
  const clock = options.clock ?? systemClock;
  const migrations = allMigrations();
  if (options.schema === 'migrate') await migrateToLatest(handle.db, migrations);
  let schema: SchemaState = await readSchemaState(handle.db, migrations);
  if ((options.schema ?? 'current') === 'current' && schema.pending.length > 0) throw schemaBehindError(schema);

  const modules = MODULES as readonly ContextModule[];
  // Nothing of a module is loaded until a command calls one of its use cases:
  // `org list` loads auth's wiring, not survey's or billing's.
  let usage: Promise<Record<string, UsageCounter>> | undefined;
  const loadUsage = () =>
    (usage ??= Promise.all(modules.map(async (m) => (await m.usage?.()) ?? {})).then(
      (parts) => Object.assign({}, ...parts) as Record<string, UsageCounter>,
    ));
  const storeShared = { capabilities: handle.capabilities, clock, loadUsage, options };
  let ready: Promise<Shared> | undefined;
  const loadShared = () =>
    (ready ??= (async () => {
      const factories = await Promise.all(modules.flatMap((m) => (m.stores ? [m.stores()] : [])));
      const storesOver = (executor: Parameters<StoreFactory>[0]) =>
        Object.assign({}, ...factories.map((factory) => factory(executor, storeShared))) as Record<string, any>;
      return {
        db: handle.db,
        capabilities: handle.capabilities,
        clock,
        read: storesOver(handle.db),
        options,
        permissions: permissionTable(),
        loadUsage,
        /** One transaction across contexts: each context's unit of work is a view of it. */
        transaction(work) {
          if (schema.unknown.length > 0) return Promise.reject(schemaNewerError(schema));
          return handle.db.transaction().execute((trx) => work(storesOver(trx)));
        },
      } satisfies Shared;
    })());
  const services = new Map<string, Promise<Record<string, (...args: unknown[]) => unknown>>>();
  const servicesOf = (name: string) => {
    let found = services.get(name);
    if (!found) {
      const module = modules.find((m) => m.name === name && m.wire);
      if (!module?.wire) throw new Error(`no module ${name} with use cases`);
      const wire = module.wire;
      found = loadShared().then(
        (shared) => wire(shared, lazy) as Promise<Record<string, (...args: unknown[]) => unknown>>,
      );
      services.set(name, found);
    }
    return found;
  };
  /**
   * A module's use cases, each wiring the module on its first call (`then` is
   * left out: a facade is not a promise). Each call runs in the tenant scope
   * of the principal it is given (`kernel/tenant-scope.ts`); a call without
   * one keeps its caller's scope, and at the top reaches no organisation
   * until the use case declares a cross-tenant purpose.
   */
  const facade = (name: string) =>
    new Proxy(
      {},
      {
        get: (_, key) =>
          typeof key !== 'string' || key === 'then'
            ? undefined
            : (...args: unknown[]) => {
                const call = () => servicesOf(name).then((s) => (s[key] as (...a: unknown[]) => unknown)(...args));
                const principal = args.find(isPrincipal);
                if (principal) return inPrincipalScope(principal, call);
                return currentTenantScope() ? call() : inTenant('', '', call);
              },
      },
    );
  const lazy: Readonly<Record<string, unknown>> = Object.fromEntries(
    modules.filter((m) => m.wire).map((m) => [m.name, facade(m.name)]),
  );

  return {
    ...(lazy as ModuleServices),
    handle,
    get schema() {
      return schema;
    },
    db: {
      async migrate() {
        const applied = await migrateToLatest(handle.db, migrations);
        schema = await readSchemaState(handle.db, migrations);
        return applied;
      },
    },
    close: () => handle.close(),
  };
}

export type App = Awaited<ReturnType<typeof openApp>>;
