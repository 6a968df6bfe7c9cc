import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { AppError } from '../../../../kernel/app-error.js';
import { AUDIT_ERRORS } from '../../errors.js';

export function registerAuditCommands(program: Command, ctx: CommandContext): void {
  const audit = program.command('audit').description("the organisation's tamper-evident audit trail");

  examples(
    audit
      .command('list')
      .description('list audit entries, newest first')
      .option('--limit <n>', 'how many entries', '50')
      .option('--action <action>', 'only this action, e.g. auth.login_failed')
      .action(async (opts: { limit: string; action?: string }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) {
          throw new AppError(
            'invalid-input',
            'INPUT.INVALID',
            `--limit must be a positive whole number, got "${opts.limit}"`,
          );
        }
        const { app, principal } = await ctx.principal();
        const events = await app.audit.list(principal, { limit, action: opts.action });
        const { table } = await import('../../../../cli/table.js');
        ctx.data(events, () =>
          table(
            ['#', 'AT', 'ACTOR', 'ACTION', 'TARGET', 'DETAILS'],
            events.map((e) => [e.seq, e.at, e.actor.label, e.action, e.target.type, JSON.stringify(e.details)]),
          ),
        );
      }),
    ['renfe audit list --limit 20', 'renfe audit list --action auth.login_failed --json'],
  );

  examples(
    audit
      .command('verify')
      .description('recompute the hash chain; exits 5 naming the first bad entry if any was edited or removed')
      .option('--against <file>', 'also check the chain against a checkpoint written by `audit checkpoint`')
      .action(async (opts: { against?: string }) => {
        const against = opts.against ? await readCheckpointFile(opts.against) : undefined;
        const { app, principal } = await ctx.principal();
        const verdict = await app.audit.verify(principal, against);
        if (!verdict.ok) {
          if (ctx.globals.json) ctx.data(verdict, () => '');
          throw AUDIT_ERRORS.brokenChain({
            organization: verdict.organization,
            seq: verdict.seq,
            problem: verdict.problem,
          });
        }
        const cp = verdict.checkpoint;
        ctx.data(
          verdict,
          () =>
            `ok: ${verdict.count} entries verified` +
            (cp
              ? `; entry ${cp.seq} matches the checkpoint of ${cp.at} signed by key ${cp.keyId}` +
                (cp.keyKnown ? '' : ' (not a key held here: compare its id with the one your owners keep)')
              : ''),
        );
      }),
    ['renfe audit verify', 'renfe audit verify --against head.json'],
  );

  examples(
    audit
      .command('checkpoint')
      .description("sign the chain's head with the organisation's key; keep the file outside the database")
      .requiredOption('--out <file>', 'where to write the checkpoint (JSON, mode 0600)')
      .action(async (opts: { out: string }) => {
        const { app, principal } = await ctx.principal();
        const checkpoint = await app.audit.checkpoint(principal);
        const { writeFile } = await import('node:fs/promises');
        await writeFile(opts.out, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
        ctx.data(
          { file: opts.out, seq: checkpoint.seq, hash: checkpoint.hash, keyId: checkpoint.keyId },
          () => opts.out,
        );
        ctx.done(`Checkpoint of entry ${checkpoint.seq} signed by key ${checkpoint.keyId} written to ${opts.out}.`);
      }),
    ['renfe audit checkpoint --out head.json', 'renfe audit verify --against head.json'],
  );
}

async function readCheckpointFile(file: string): Promise<{ file: string; content: unknown }> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw AUDIT_ERRORS.badCheckpoint({ file, problem: code === 'ENOENT' ? 'no such file' : String(code) });
  }
  if (text.length > 1_000_000) throw AUDIT_ERRORS.badCheckpoint({ file, problem: 'larger than any checkpoint' });
  try {
    return { file, content: JSON.parse(text) };
  } catch {
    throw AUDIT_ERRORS.badCheckpoint({ file, problem: 'not JSON' });
  }
}
