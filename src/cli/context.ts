import { dirname, join } from 'node:path';
import { Chalk } from 'chalk';
import { CLI_ERRORS } from './errors.js';
import type { Principal } from '../kernel/principal.js';
import type { App, AppOptions } from '../composition.js';
import type { ConfigStore, Profile } from './config/config-store.js';
import { type IO, readAll } from './io.js';
import type { Prompter } from './prompter.js';
import type { VerbDefinition } from '../module.js';
import { applyJq, type Column, type JsonRequest, parseLimit, renderTable, selectFields } from './output.js';

export interface GlobalOptions {
  readonly db?: string;
  readonly profile?: string;
  readonly org?: string;
  readonly json: boolean;
  readonly debug: boolean;
  readonly color: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** What one invocation resolved: profile, database, organisation, credentials. */
export interface Runtime {
  readonly config: ConfigStore;
  readonly profileName: string;
  readonly profile: Profile;
  readonly databaseUrl: string;
  readonly target: AppOptions['target'];
  readonly location: string;
  readonly orgSlug: string | undefined;
  readonly apiToken: string | undefined;
}

/**
 * Handed to every cli file. Everything heavy (config, database, prompts) is
 * loaded on first use, so `--help` and `--version` load none of it.
 */
export class CommandContext {
  #runtime: Runtime | undefined;
  #app: App | undefined;
  #globals: GlobalOptions = { json: false, debug: false, color: true };
  #verb: VerbDefinition<any> | undefined;
  #verbTakesArguments = false;
  #verbPath: readonly string[] = [];
  #jsonRequest: JsonRequest | undefined;
  #pending: Promise<void>[] = [];

  constructor(
    readonly io: IO,
    readonly env: Env,
    /** Tests script the terminal's answers through their own Prompter. */
    private readonly prompterOverride?: Prompter,
  ) {}

  setGlobals(globals: GlobalOptions): void {
    this.#globals = globals;
  }

  get globals(): GlobalOptions {
    return this.#globals;
  }

  /** The verb that runs (its output fields decide what `--json <fields>` accepts). */
  setVerb(verb: VerbDefinition<any>, takesArguments: boolean, path: readonly string[] = []): void {
    this.#verb = verb;
    this.#verbTakesArguments = takesArguments;
    this.#verbPath = path;
  }

  /** The words of the verb that runs (`billing status`). */
  get verbPath(): readonly string[] {
    return this.#verbPath;
  }

  get verbTakesArguments(): boolean {
    return this.#verbTakesArguments;
  }

  get verb(): VerbDefinition<any> | undefined {
    return this.#verb;
  }

  setJsonRequest(request: JsonRequest | undefined): void {
    this.#jsonRequest = request;
  }

  /** Output still being written (a `--jq` filter runs asynchronously); main waits for it. */
  async settle(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    await Promise.all(pending);
  }

  get interactive(): boolean {
    return this.io.stdinIsTTY && this.io.stdoutIsTTY;
  }

  get color(): boolean {
    return this.#globals.color && this.env.NO_COLOR === undefined && this.io.stderrIsTTY;
  }

  async runtime(): Promise<Runtime> {
    if (this.#runtime) return this.#runtime;
    const { ConfigStore } = await import('./config/config-store.js');
    const { parseDatabaseTarget, describeTarget } = await import('../persistence/connect.js');
    const config = new ConfigStore(this.env.RENFE_CONFIG_DIR || undefined);
    const profileName = this.#globals.profile ?? (this.env.RENFE_PROFILE || config.currentProfileName);
    const profile = config.profile(profileName);
    const databaseUrl =
      this.#globals.db ??
      (this.env.RENFE_DATABASE_URL || undefined) ??
      (profile.settings.database as string | undefined) ??
      (await defaultDatabasePath(this.env));
    const target = parseDatabaseTarget(databaseUrl);
    this.#runtime = {
      config,
      profileName,
      profile,
      databaseUrl,
      target,
      location: describeTarget(target),
      orgSlug: this.#globals.org ?? (this.env.RENFE_ORG || undefined) ?? (profile.settings.org as string | undefined),
      apiToken: this.env.RENFE_TOKEN || undefined,
    };
    return this.#runtime;
  }

  /** The wired application on the resolved database. */
  async app(schema: AppOptions['schema'] = 'current'): Promise<App> {
    if (this.#app) return this.#app;
    const runtime = await this.runtime();
    const { openApp } = await import('../composition.js');
    const s = runtime.profile.settings;
    // What this profile asks for; the organisations' policies win unless these are stricter.
    const num = <T extends number | undefined = undefined>(key: string, fallback?: T): number | T =>
      typeof s[key] === 'number' ? (s[key] as number) : (fallback as T);
    const text = (variable: string, key: string) => this.env[variable] || String(s[key] ?? '');
    this.#app = await openApp({
      target: runtime.target,
      schema,
      settings: {
        sessionHours: num('session.hours'),
        lockout: {
          maxFailures: num('lockout.maxFailures'),
          windowMinutes: num('lockout.windowMinutes'),
          lockMinutes: num('lockout.lockMinutes'),
        },
      },
      keyDir: this.env.RENFE_KEY_DIR || join(dirname(runtime.config.path), 'keys'),
      auditKey: text('RENFE_AUDIT_KEY', 'audit.key') || undefined,
      billing: {
        secretKey: text('STRIPE_SECRET_KEY', 'stripe.secretKey') || undefined,
        webhookSecret: text('STRIPE_WEBHOOK_SECRET', 'stripe.webhookSecret') || undefined,
        apiBase: text('RENFE_STRIPE_API_BASE', 'stripe.apiBase') || undefined,
        plansFile: text('RENFE_BILLING_PLANS', 'billing.plansFile') || undefined,
        graceDays: num('billing.graceDays', 7),
        successUrl: text('RENFE_BILLING_SUCCESS_URL', 'billing.successUrl') || undefined,
        cancelUrl: text('RENFE_BILLING_CANCEL_URL', 'billing.cancelUrl') || undefined,
      },
      ai: {
        baseUrl: text('RENFE_AI_BASE_URL', 'ai.baseUrl'),
        model: text('RENFE_AI_MODEL', 'ai.model'),
        apiKey: text('RENFE_AI_API_KEY', 'ai.apiKey'),
      },
    });
    return this.#app;
  }

  /** A profile setting (after `runtime()` has been resolved). */
  settingSync(key: string): string | number | undefined {
    return this.#runtime?.profile.settings[key];
  }

  async setting(key: string): Promise<string | undefined> {
    const value = (await this.runtime()).profile.settings[key];
    return value === undefined ? undefined : String(value);
  }

  /**
   * The authenticated caller: RENFE_TOKEN, else the stored login for this
   * database. `withoutOrg` skips choosing an organisation (org list/create/use),
   * so a stale default cannot lock the user out of switching.
   */
  async principal(options: { withoutOrg?: boolean } = {}): Promise<{ app: App; principal: Principal }> {
    const app = await this.app();
    const runtime = await this.runtime();
    const principal = await app.auth.authenticate({
      apiToken: runtime.apiToken,
      sessionSecret: runtime.profile.sessions[runtime.location]?.token,
      orgSlug: options.withoutOrg ? undefined : runtime.orgSlug,
    });
    return { app, principal };
  }

  async prompter(): Promise<Prompter> {
    if (this.prompterOverride) return this.prompterOverride;
    const { inquirerPrompter } = await import('./prompter.js');
    return inquirerPrompter(this.io);
  }

  /**
   * A value from a flag, else asked on a terminal, else a usage error naming
   * the flag: commands never hang waiting for input that cannot come.
   */
  async need(value: string | undefined, flag: string, ask: (p: Prompter) => Promise<string>): Promise<string> {
    if (value !== undefined) return value;
    if (!this.interactive) {
      throw CLI_ERRORS.missingFlag({ flag });
    }
    return ask(await this.prompter());
  }

  /** Lines of stdin for --password-stdin (first line = password). */
  async stdinLines(flag: string, count: number): Promise<string[]> {
    if (this.io.stdinIsTTY) {
      throw CLI_ERRORS.stdinIsTerminal({ flag });
    }
    const lines = (await readAll(this.io.stdin)).split(/\r?\n/);
    const wanted = lines.slice(0, count);
    if (wanted.length < count || wanted.some((l) => l === '')) {
      throw CLI_ERRORS.stdinEmpty({ flag, what: count === 1 ? 'a password' : `${count} lines` });
    }
    return wanted;
  }

  /**
   * Data: JSON under --json (only the fields asked for, through --jq when
   * given), else the human rendering. Always stdout.
   */
  data(value: unknown, human: () => string): void {
    if (!this.#globals.json) {
      this.#write(human());
      return;
    }
    const request = this.#jsonRequest ?? {};
    const json = JSON.stringify(selectFields(value, request, this.#verb?.output?.fields), null, 2);
    if (request.jq === undefined) this.#write(json);
    else this.#pending.push(applyJq(json, request.jq).then((text) => this.#write(text)));
  }

  /**
   * A list: `--limit` applied, then JSON under --json, else a table (aligned
   * and in words on a terminal, raw and tab-separated through a pipe).
   */
  async list<T>(items: readonly T[], columns: readonly Column<T>[], options: { limit?: unknown } = {}): Promise<void> {
    const limit = parseLimit(options.limit);
    const shown = limit === undefined ? items : items.slice(0, limit);
    if (this.#globals.json) {
      this.data(shown, () => '');
      return;
    }
    this.#write(await renderTable(columns, shown, this.io.stdoutIsTTY));
  }

  #write(text: string): void {
    if (text !== '') this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A message for the person at the terminal. Always stderr; silent under --json. */
  say(text: string): void {
    if (!this.#globals.json) this.io.stderr.write(`${text}\n`);
  }

  /** A completed change, marked with a (green, on a colour terminal) tick. Stderr; silent under --json. */
  done(text: string): void {
    const tick = new Chalk({ level: this.color ? 1 : 0 }).green('✓');
    this.say(`${tick} ${text}`);
  }

  /** A warning: stderr even under --json. */
  warn(text: string): void {
    this.io.stderr.write(`warning: ${text}\n`);
  }

  async close(): Promise<void> {
    await this.#app?.close();
    this.#app = undefined;
  }
}

async function defaultDatabasePath(env: Env): Promise<string> {
  if (env.RENFE_DATA_DIR) return `${env.RENFE_DATA_DIR}/renfe.db`;
  const { default: envPaths } = await import('env-paths');
  return `${envPaths('renfe', { suffix: '' }).data}/renfe.db`;
}
