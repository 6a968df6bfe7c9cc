import { Command, Option } from 'commander';
import type { CommandEntry, ContextModule, VerbDefinition } from '../module.js';
import { MODULES } from '../modules.js';
import type { CommandContext } from './context.js';
import { examples } from './help.js';
import { EXIT_HELP } from './exit-codes.js';
import { VERSION } from './version.js';

/** Global options that take a value: skipped when finding the command words in argv. */
const VALUE_OPTIONS = new Set(['--db', '--profile', '--org']);

/** The command words at the start of argv (`user add`), global options skipped. */
export function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') break;
    if (token.startsWith('-')) {
      if (VALUE_OPTIONS.has(token)) i++;
      continue;
    }
    words.push(token);
  }
  return words;
}

/** The verb entry the words name, if any (the longest path that matches). */
export function matchVerb(entries: readonly CommandEntry[], words: readonly string[]) {
  let best: Extract<CommandEntry, { kind: 'verb' }> | undefined;
  for (const entry of entries) {
    if (entry.kind !== 'verb') continue;
    if (entry.path.every((w, i) => words[i] === w) && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best;
}

/**
 * The command tree. Building it loads only commander and the module
 * manifests; of the verbs, only the one argv names is imported (the others
 * are listed by their summary), and it imports its use cases when it runs.
 */
export async function buildProgram(ctx: CommandContext, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('renfe');
  program
    .description('Security and compliance assessments and reports, on SQLite or PostgreSQL.')
    .version(VERSION, '-v, --version', 'print the version')
    .option('--db <url-or-path>', 'database: a SQLite file, sqlite:<path> or postgres://... (env RENFE_DATABASE_URL)')
    .option('--profile <name>', 'configuration profile to use (env RENFE_PROFILE)')
    .option('--org <slug>', 'organisation to act on (env RENFE_ORG)')
    .option('--json', 'print data as JSON (errors as JSON on stderr); read commands take --json <fields>')
    .option('--jq <expression>', 'filter the JSON output with a jq expression (implies --json)')
    .option('--debug', 'print stack traces of errors')
    .addOption(new Option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)'))
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
    })
    .hook('preAction', (_root, action) => {
      const opts = action.optsWithGlobals() as Record<string, unknown>;
      ctx.setGlobals({
        ...(typeof opts.db === 'string' ? { db: opts.db } : {}),
        ...(typeof opts.profile === 'string' ? { profile: opts.profile } : {}),
        ...(typeof opts.org === 'string' ? { org: opts.org } : {}),
        json: opts.json === true || typeof opts.jq === 'string',
        debug: opts.debug === true,
        color: opts.color !== false,
      });
    })
    .addHelpText(
      'after',
      `
Examples:
  $ renfe init --org "Acme Consulting" --email ana@acme.test --password-stdin < pw.txt
  $ renfe whoami --json
  $ renfe assessment create --subject "Hospital Central" --framework iso27001-2022
  $ renfe assessment run k3m9x2pq
  $ renfe report generate k3m9x2pq --template executive --out executive.pdf
  $ RENFE_TOKEN=rnf_tok_... renfe report generate k3m9x2pq --format json --out r.json --fail-under 70

${EXIT_HELP}`,
    );

  const words = commandWords(argv);
  const entries = (MODULES as readonly ContextModule[]).flatMap((m) => m.commands ?? []);
  const chosen = matchVerb(entries, words);
  const groups = new Map<string, Command>([['', program]]);
  const group = (path: readonly string[]): Command => {
    const key = path.join(' ');
    const found = groups.get(key);
    if (found) return found;
    const parent = group(path.slice(0, -1));
    const created = parent.command(path[path.length - 1] as string);
    groups.set(key, created);
    return created;
  };

  for (const entry of entries) {
    if (entry.kind === 'legacy') {
      (await entry.load())(program, ctx);
      for (const command of program.commands) groups.set(command.name(), command);
    } else if (entry.kind === 'noun') {
      group(entry.path).description(entry.summary);
    } else {
      const parent = group(entry.path.slice(0, -1));
      const command = parent.command(entry.path[entry.path.length - 1] as string).description(entry.summary);
      if (entry.args) command.arguments(entry.args);
      if (entry === chosen) defineVerbCommand(command, (await entry.load()).default, ctx, entry.path);
    }
  }

  // Every subcommand inherits the error and output handling of the root.
  for (const command of allCommands(program)) {
    command
      .exitOverride()
      .showSuggestionAfterError(true)
      .configureOutput(program.configureOutput())
      .configureHelp({ showGlobalOptions: true });
  }
  return program;
}

/** Gives a verb's command its flags, examples and action. */
function defineVerbCommand(
  command: Command,
  definition: VerbDefinition<any>,
  ctx: CommandContext,
  path: readonly string[],
): void {
  if (definition.description) command.addHelpText('after', `\n${definition.description}\n`);
  definition.flags?.(command);
  if (definition.output?.list) command.option('--limit <n>', 'show at most n items');
  examples(command, definition.examples);
  ctx.setVerb(definition, command.registeredArguments.length > 0, path);
  command.action(async (...values: unknown[]) => {
    const opts = values[values.length - 2] as Record<string, unknown>;
    const positional: Record<string, unknown> = {};
    command.registeredArguments.forEach((argument, i) => {
      positional[camel(argument.name())] = values[i];
    });
    await definition.run({ ...opts, ...positional }, ctx);
  });
}

function camel(name: string): string {
  return name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}
