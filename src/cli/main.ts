import { CommanderError } from 'commander';
import { type AppError, isAppError } from '../kernel/app-error.js';
import { PERSISTENCE_ERRORS } from '../persistence/errors.js';
import { CLI_ERRORS } from './errors.js';
import { CommandContext, type Env } from './context.js';
import { EXIT, EXIT_BY_KIND } from './exit-codes.js';
import { type IO, processIO } from './io.js';
import type { Prompter } from './prompter.js';
import { buildProgram, commandWords } from './program.js';
import { takeJsonRequest } from './output.js';
import { maskSecrets } from '../kernel/mask-secrets.js';

/**
 * Runs one invocation and returns its exit code. The only place that turns
 * errors into exit codes and messages.
 */
export async function main(argv: readonly string[], io: IO, env: Env, prompter?: Prompter): Promise<number> {
  const ctx = new CommandContext(io, env, prompter);
  const json = argv.includes('--json') || argv.some((a) => a.startsWith('--json=') || a.startsWith('--jq'));
  // Under --json, commander's own usage messages are replaced by the JSON error object.
  let usageMessage = '';
  try {
    const program = await buildProgram(ctx, argv);
    if (json) {
      program.configureOutput({
        writeOut: (text) => ctx.io.stdout.write(text),
        writeErr: (text) => (usageMessage += text),
      });
      for (const command of program.commands.flatMap(function all(c): typeof program.commands {
        return [c, ...c.commands.flatMap(all)];
      })) {
        command.configureOutput(program.configureOutput());
      }
    }
    const { argv: rest, request } = takeJsonRequest(
      argv,
      ctx.verb?.output?.fields,
      !ctx.verbTakesArguments,
      ctx.verbPath,
    );
    ctx.setJsonRequest(request);
    // Bare `renfe` and a bare noun (`renfe assessment`) print their help and succeed.
    const words = commandWords(rest);
    const target = words.reduce<typeof program | undefined>(
      (command, word) => command?.commands.find((c) => c.name() === word || c.aliases().includes(word)),
      program,
    );
    if (
      target &&
      target.commands.length > 0 &&
      words.length === commandWords(argv).length &&
      !rest.some(isHelpOrVersion)
    ) {
      if (words.length === 0 || target !== program) {
        ctx.io.stdout.write(target.helpInformation());
        return EXIT.ok;
      }
    }
    await program.parseAsync(rest, { from: 'user' });
    await ctx.settle();
    return EXIT.ok;
  } catch (error) {
    return report(ctx, error, argv, usageMessage);
  } finally {
    await ctx.close().catch(() => {});
  }
}

function isHelpOrVersion(token: string): boolean {
  return token === '--help' || token === '-h' || token === '--version' || token === '-v';
}

function report(ctx: CommandContext, error: unknown, argv: readonly string[], usageMessage = ''): number {
  const json =
    ctx.globals.json || argv.includes('--json') || argv.some((a) => a.startsWith('--json=') || a.startsWith('--jq'));
  const debug = ctx.globals.debug || argv.includes('--debug');
  // Errors may quote a database URL, a driver's message or a stack: credentials never reach the terminal.
  const write = (text: string) => ctx.io.stderr.write(maskSecrets(text));
  if (error instanceof CommanderError) {
    // Commander has already printed its message (help, version or a usage error), except under --json.
    if (error.exitCode === 0) return EXIT.ok;
    if (json) {
      const message = (usageMessage || error.message).split('\n')[0]?.replace(/^error: /, '') ?? error.message;
      const usage = CLI_ERRORS.usage({ problem: message });
      write(
        `${JSON.stringify({ error: { code: usage.code, kind: usage.kind, message: usage.message, hint: usage.hint ?? null } })}\n`,
      );
    }
    return EXIT.usage;
  }
  if (isPromptExit(error)) {
    return EXIT.interrupted;
  }
  const appError = isAppError(error) ? error : translateDriverError(error);
  if (appError) {
    if (json) {
      write(
        `${JSON.stringify({ error: { code: appError.code, kind: appError.kind, message: appError.message, hint: appError.hint ?? null } })}\n`,
      );
    } else {
      write(`error: ${appError.message}${appError.hint ? ` (${appError.hint})` : ''}\n`);
    }
    if (debug && appError.stack) write(`${appError.stack}\n`);
    return EXIT_BY_KIND[appError.kind];
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (json) {
    write(
      `${JSON.stringify({ error: { code: 'INTERNAL', kind: 'internal', message, hint: 'rerun with --debug' } })}\n`,
    );
  } else {
    write(`error: ${message} (unexpected; rerun with --debug for details)\n`);
  }
  if (debug && error instanceof Error && error.stack) write(`${error.stack}\n`);
  return EXIT.failure;
}

function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** Constraint violations that slip past the use cases' own checks (races between processes). */
function translateDriverError(error: unknown): AppError | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return PERSISTENCE_ERRORS.conflict();
  }
  if (code === 'SQLITE_BUSY' || code === '40001' || code === '40P01') {
    return PERSISTENCE_ERRORS.busy();
  }
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01') {
    return PERSISTENCE_ERRORS.unavailable({ problem: `lost the database connection (${code})` });
  }
  return null;
}

/** Entry point of the built CLI. */
export async function run(): Promise<void> {
  // A reader that stops early (`renfe ... | head`) closes the pipe: what is left to print has nowhere to
  // go, and the command finishes as it would have. Any other failure of the terminal fails the command.
  let broken = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') broken = true;
    });
  }
  const code = await main(process.argv.slice(2), processIO(), process.env);
  process.exitCode = broken && code === EXIT.ok ? EXIT.failure : code;
}
