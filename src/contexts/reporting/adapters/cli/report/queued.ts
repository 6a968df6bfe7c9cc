import { resolve } from 'node:path';
import type { CommandContext } from '../../../../../cli/context.js';
import type { Principal } from '../../../../../kernel/principal.js';
import type { App } from '../../../../../composition.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';
import { JOBS_ERRORS } from '../../../../jobs/index.js';
import type { GenerateOptions } from './generate.js';

/** What `report generate --async|--wait` queues (the verb's flags, resolved). */
export interface QueuedReport {
  readonly assessmentId: string;
  readonly template: string;
  readonly format: string;
  readonly out: string;
  readonly language: string;
  readonly ai: boolean;
  readonly includeSubject: boolean;
  readonly branding: { readonly firmName: string; readonly logoPath: string | null; readonly primaryColor: string };
  readonly appendix: boolean;
  readonly email: readonly string[];
  readonly wait: boolean;
  readonly timeoutSeconds: number;
}

export function emailList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/**
 * Queues the report for a worker. `--async` prints the job id; `--wait` also
 * waits (a spinner on a terminal) and writes the file the worker made here.
 */
export async function queueReport(ctx: CommandContext, app: App, principal: Principal, r: QueuedReport) {
  const out = resolve(r.out);
  const queued = await app.jobs.enqueueReport(principal, {
    report: {
      assessmentId: r.assessmentId,
      template: r.template,
      format: r.format,
      // --wait takes the report back from the job: the worker may run on another machine.
      out: r.wait ? null : out,
      language: r.language,
      ai: r.ai,
      includeSubject: r.includeSubject,
      branding: { ...r.branding, logoPath: r.branding.logoPath === null ? null : resolve(r.branding.logoPath) },
      appendix: r.appendix,
    },
    email: r.email.length > 0 ? { to: r.email, language: r.language } : undefined,
  });
  if (!r.wait) {
    ctx.data({ job: queued.id, created: queued.created }, () => queued.id);
    ctx.done(
      queued.created
        ? `Queued the ${r.template} report of ${r.assessmentId} (job ${queued.id}); a worker writes ${out}${r.email.length ? ` and mails it to ${r.email.join(', ')}` : ''}.`
        : `The same report is already waiting in the queue (job ${queued.id}).`,
    );
    return;
  }
  const { withSpinner } = await import('../../../../../cli/progress.js');
  const job = await withSpinner(ctx, `Waiting for a worker to render the ${r.template} report (job ${queued.id})`, () =>
    app.jobs.wait(principal, { id: queued.id, timeoutSeconds: r.timeoutSeconds }),
  );
  const output = job.output as { contentBase64?: string; fileHash: string; size: number; warnings?: string[] };
  for (const w of output.warnings ?? []) ctx.warn(w);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(out, Buffer.from(output.contentBase64 ?? '', 'base64'), { mode: 0o600 });
  ctx.data({ job: job.id, file: out, fileHash: output.fileHash, size: output.size }, () => out);
  ctx.done(`Wrote ${out} (job ${job.id}, ${output.size} bytes, sha256 ${output.fileHash.slice(0, 16)}…).`);
}

/** `report generate` with --async, --wait or --email: checks the flags that only make sense now, then queues. */
export async function queued(
  ctx: CommandContext,
  opts: GenerateOptions,
  failUnder: number | undefined,
  color: string | undefined,
): Promise<void> {
  if (opts.out === '-') throw JOBS_ERRORS.asyncToStdout();
  if (failUnder !== undefined) {
    throw KERNEL_ERRORS.invalidInput({
      problem: '--fail-under needs the report now: it cannot go with --async or --wait',
    });
  }
  if (opts.mode !== undefined && !opts.wait) {
    throw KERNEL_ERRORS.invalidInput({ problem: '--mode with --async: the worker writes the report with mode 600' });
  }
  const timeout = Number(opts.timeout);
  if (!/^\d+$/.test(opts.timeout) || timeout < 1 || timeout > 86_400) {
    throw JOBS_ERRORS.badNumber({ flag: '--timeout', min: 1, max: 86_400, value: opts.timeout });
  }
  const { app, principal } = await ctx.principal();
  await queueReport(ctx, app, principal, {
    assessmentId: opts.assessment,
    template: opts.template,
    format: opts.format,
    out: opts.out,
    language: opts.lang,
    ai: opts.ai === true,
    includeSubject: opts.includeSubject === true,
    branding: {
      firmName:
        opts.firm ?? (ctx.settingSync('report.firmName') as string | undefined) ?? principal.org?.name ?? 'renfe',
      logoPath: opts.logo ?? (ctx.settingSync('report.logo') as string | undefined) ?? null,
      primaryColor: (color ?? '#1f4e79').toLowerCase(),
    },
    appendix: opts.appendix === true,
    email: emailList(opts.email),
    wait: opts.wait === true,
    timeoutSeconds: timeout,
  });
  if (opts.mode !== undefined && opts.wait) {
    const { chmod } = await import('node:fs/promises');
    await chmod(resolve(opts.out), parseInt(opts.mode, 8));
  }
}
