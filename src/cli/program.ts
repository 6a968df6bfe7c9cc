import { Command, Option } from 'commander';
import { registerAssessmentCommands } from '../contexts/assessment/adapters/cli/assessment.cli.js';
import { registerFrameworkCommands } from '../contexts/assessment/adapters/cli/framework.cli.js';
import { registerReportCommands } from '../contexts/reporting/adapters/cli/report.cli.js';
import { registerAuditCommands } from '../contexts/audit/adapters/cli/audit.cli.js';
import { registerAuthCommands } from '../contexts/auth/adapters/cli/auth.cli.js';
import { registerOrgCommands } from '../contexts/auth/adapters/cli/org.cli.js';
import { registerTokenCommands } from '../contexts/auth/adapters/cli/token.cli.js';
import { registerUserCommands } from '../contexts/auth/adapters/cli/user.cli.js';
import { registerConfigCommands } from './config/config.cli.js';
import type { CommandContext } from './context.js';
import { registerDbCommands } from './db.cli.js';
import { VERSION } from './version.js';

/**
 * The command tree. Building it loads only commander and the cli files, which
 * import their use cases lazily inside their actions.
 */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('renfe');
  program
    .description('Security and compliance assessments, surveys, training and reports, on SQLite or PostgreSQL.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--db <url-or-path>', 'database: a SQLite file, sqlite:<path> or postgres://... (env RENFE_DATABASE_URL)')
    .option('--profile <name>', 'configuration profile to use (env RENFE_PROFILE)')
    .option('--org <slug>', 'organisation to act on (env RENFE_ORG)')
    .option('--json', 'print data as JSON (errors as JSON on stderr)')
    .option('--debug', 'print stack traces of errors')
    .addOption(new Option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)'))
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
        json: opts.json === true,
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

Exit codes: 0 ok, 1 unexpected, 2 usage, 3 invalid input, 4 not found, 5 conflict,
6 not authenticated, 7 forbidden, 8 unavailable, 9 limit reached, 10 below threshold,
11 database schema mismatch, 130 interrupted.`,
    );

  registerAuthCommands(program, ctx);
  registerOrgCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerTokenCommands(program, ctx);
  registerFrameworkCommands(program, ctx);
  registerAssessmentCommands(program, ctx);
  registerReportCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerDbCommands(program, ctx);
  registerConfigCommands(program, ctx);

  // Every subcommand inherits the error and output handling of the root.
  for (const command of allCommands(program)) {
    command.exitOverride().showSuggestionAfterError(true).configureOutput(program.configureOutput());
  }
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}
