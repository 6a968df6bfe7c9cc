import type { Command } from 'commander';
import type { Kysely, Migration, Transaction } from 'kysely';
import type { CommandContext } from './cli/context.js';
import type { AnyErrorCatalogue } from './kernel/errors.js';
import type { Role } from './kernel/roles.js';
import type { Clock } from './kernel/clock.js';
import type { Database, DialectCapabilities } from './persistence/database.js';

/**
 * What a bounded context declares about itself, once. `src/modules.ts` lists
 * the modules; the composition root, the command tree, the migration list, the
 * permission table, the error documentation and the lint rules loop over that
 * list. A manifest must stay light: everything heavy (use cases, adapters,
 * migrations, verbs) is behind a dynamic `import()`.
 *
 * A context's tables join the `Database` type by declaration merging, in the
 * context's table file:
 *
 *   declare module '../../../../persistence/database.js' { interface Database extends BillingTables {} }
 */
export interface ContextModule<Name extends string = string, Services = unknown> {
  readonly name: Name;
  /**
   * Migrations by name, each loaded only when it runs; names sort in the order
   * they run and are never renamed.
   */
  readonly migrations?: Readonly<Record<string, () => Promise<Migration>>>;
  /** The actions this context checks and the roles that hold each one. */
  readonly permissions?: Readonly<Record<string, readonly Role[]>>;
  /** The context's error catalogue (loaded for docs and tests; use cases import it themselves). */
  readonly errors?: () => Promise<AnyErrorCatalogue>;
  /**
   * The context's part of a unit of work: repositories over the executor
   * (the database, or one transaction shared by every context).
   */
  readonly stores?: () => Promise<StoreFactory>;
  /**
   * What this context counts against plan limits (e.g. `users`,
   * `assessments_per_month`), read inside the transaction of the write it limits.
   */
  readonly usage?: () => Promise<Readonly<Record<string, UsageCounter>>>;
  /**
   * Builds the context's use cases, when a command first calls one; `wired`
   * holds every other module's use cases (each an async function).
   */
  readonly wire?: (shared: Shared, wired: Readonly<Record<string, unknown>>) => Promise<Services>;
  /** The context's nouns and verbs, in help order. */
  readonly commands?: readonly CommandEntry[];
}

/** Builds a context's repositories over the database or over one transaction. */
export type StoreFactory = (executor: Kysely<Database> | Transaction<Database>, shared: StoreShared) => object;

export interface StoreShared {
  readonly capabilities: DialectCapabilities;
  readonly clock: Clock;
  /** Every module's usage counters, by metric (loaded on first use). */
  loadUsage(): Promise<Readonly<Record<string, UsageCounter>>>;
  /** Options the caller passed to `openApp`. */
  readonly options: Readonly<Record<string, any>>;
}

/** Counts one metric of an organisation; `periodStart` bounds the monthly ones. */
export type UsageCounter = (
  executor: Kysely<Database> | Transaction<Database>,
  orgId: string,
  periodStart: Date,
) => Promise<number>;

/** What the composition root hands every module's `wire`. */
export interface Shared {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly clock: Clock;
  /** Repositories of every context outside a transaction (reads). */
  readonly read: Readonly<Record<string, unknown>>;
  /**
   * Runs work in one transaction; `tx` holds every context's stores for it
   * (each context sees it through its own unit-of-work type).
   */
  transaction<T>(work: (tx: any) => Promise<T>): Promise<T>;
  /** Options the caller passed to `openApp` (settings, test overrides). */
  readonly options: Readonly<Record<string, any>>;
  /** Every module's permission table, merged. */
  readonly permissions: Readonly<Record<string, readonly Role[]>>;
  /** Every module's usage counters, by metric (loaded on first use). */
  loadUsage(): Promise<Readonly<Record<string, UsageCounter>>>;
}

/** A group of verbs (`renfe user`) or a verb (`renfe user add`), by its words. */
export type CommandEntry =
  | { readonly kind: 'noun'; readonly path: readonly string[]; readonly summary: string }
  | {
      readonly kind: 'verb';
      readonly path: readonly string[];
      /** Positional arguments in commander's notation: `<id> [value]`. */
      readonly args: string;
      readonly summary: string;
      readonly load: () => Promise<{ readonly default: VerbDefinition<any> }>;
    }
  | {
      /** Commands still registered by a whole-noun function; being replaced by verb files. */
      readonly kind: 'legacy';
      readonly load: () => Promise<(program: Command, ctx: CommandContext) => void>;
    };

export function noun(path: string, summary: string): CommandEntry {
  return { kind: 'noun', path: path.split(' '), summary };
}

/** `verb('user role <email> <role>', ...)`: the words before the first `<` or `[` are the path. */
export function verb(
  usage: string,
  summary: string,
  load: () => Promise<{ readonly default: VerbDefinition<any> }>,
): CommandEntry {
  const words = usage.split(' ');
  const first = words.findIndex((w) => w.startsWith('<') || w.startsWith('['));
  const path = first === -1 ? words : words.slice(0, first);
  const args = first === -1 ? '' : words.slice(first).join(' ');
  return { kind: 'verb', path, args, summary, load };
}

/**
 * One verb, in its own file (`adapters/cli/<noun>/<verb>.ts`): the flags and
 * examples it declares, and a `run` that tests can call without commander.
 * Positional arguments arrive in `options` under their names (camelCased).
 */
export interface VerbDefinition<Options> {
  /** Declares flags on the command (positional arguments come from the manifest). */
  readonly flags?: (command: Command) => Command;
  readonly examples: readonly string[];
  /** Longer help text shown under the summary. */
  readonly description?: string;
  /**
   * A read command's fields, for `--json <fields>`; `list` adds `--limit`.
   * Leave out for commands that change state.
   */
  readonly output?: { readonly fields: readonly string[]; readonly list?: boolean };
  run(options: Options, ctx: CommandContext): Promise<void>;
}

export function defineVerb<Options>(definition: VerbDefinition<Options>): VerbDefinition<Options> {
  return definition;
}

export function defineModule<const Name extends string, Services>(
  module: ContextModule<Name, Services>,
): ContextModule<Name, Services> {
  return module;
}
