import type { CommandContext } from '../../../../../cli/context.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';
import type { GenerateOptions } from './generate.js';

/**
 * `report generate --training`: the training report, as `renfe training
 * report` draws it, with the flags of `report generate`.
 */
export async function generateTraining(opts: GenerateOptions, ctx: CommandContext, color: string | undefined) {
  if (opts.assessment) {
    throw KERNEL_ERRORS.invalidInput({
      problem: `--training reports on training, not on assessment ${opts.assessment}`,
    });
  }
  if (opts.async || opts.wait || opts.email !== undefined || opts.ai || opts.failUnder !== undefined) {
    throw KERNEL_ERRORS.invalidInput({
      problem: '--training takes --course, --lang, --format (pdf, json), --template and the branding flags only',
    });
  }
  const { app, principal } = await ctx.principal();
  const toStdout = opts.out === '-';
  const result = await app.reporting.generateTraining(principal, {
    course: opts.course,
    // The default template of assessment reports stands for the training one here.
    template: opts.template === 'full' ? 'training' : opts.template,
    format: opts.format,
    out: toStdout ? null : opts.out,
    language: opts.lang,
    branding: {
      firmName:
        opts.firm ?? (ctx.settingSync('report.firmName') as string | undefined) ?? principal.org?.name ?? 'renfe',
      logoPath: opts.logo ?? (ctx.settingSync('report.logo') as string | undefined) ?? null,
      primaryColor: (color ?? '#1f4e79').toLowerCase(),
    },
  });
  if (opts.mode !== undefined && !toStdout) {
    const { chmod } = await import('node:fs/promises');
    await chmod(opts.out, parseInt(opts.mode, 8));
  }
  const { content, ...summary } = result;
  const what = `${result.template}, ${result.format}, ${result.size} bytes, sha256 ${result.fileHash.slice(0, 16)}…`;
  if (content) {
    ctx.io.stdout.write(content);
    ctx.done(`Wrote the training report to stdout (${what}).`);
  } else {
    ctx.data(summary, () => result.file);
    ctx.done(`Wrote ${result.file} (${what}).`);
  }
}
