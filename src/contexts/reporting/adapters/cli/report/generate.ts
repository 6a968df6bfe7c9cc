import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';
import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { REPORTING_ERRORS } from '../../../errors.js';

export interface GenerateOptions {
  /** Absent with --training. */
  readonly assessment: string;
  readonly training?: boolean;
  readonly course?: string;
  readonly template: string;
  readonly format: string;
  readonly out: string;
  readonly lang: string;
  readonly ai?: boolean;
  readonly includeSubject?: boolean;
  readonly failUnder?: string;
  readonly appendix?: boolean;
  readonly firm?: string;
  readonly logo?: string;
  readonly color?: string;
  readonly mode?: string;
  readonly async?: boolean;
  readonly wait?: boolean;
  readonly email?: string;
  readonly timeout: string;
}

export default defineVerb<GenerateOptions>({
  flags: (c) =>
    c
      .option(
        '--template <name-or-path>',
        'executive, full, gap, soa, coverage, or the path of your own template',
        'full',
      )
      .option('--format <format>', 'pdf, json, csv, md or oscal', 'pdf')
      .option('--training', 'the training report instead of an assessment report (as `renfe training report`)')
      .option('--course <course>', 'with --training: one course (id or id@version)')
      .requiredOption('--out <file>', 'where to write the report; - for stdout')
      .option('--lang <lang>', 'en or es', 'en')
      .option('--ai', 'write the narrative with the configured AI endpoint (falls back to one written from the data)')
      .option('--appendix', 'add the appendix: every question, answer and note, with evidence names and SHA-256')
      .option('--include-subject', "send the subject's name to the AI endpoint (redacted by default)")
      .option(
        '--fail-under <percent>',
        'exit 10 when compliance is under this percentage (the report is still written)',
      )
      .option('--firm <name>', 'firm name on the report (default: profile report.firmName)')
      .option('--logo <file>', 'logo, PNG or JPEG (default: profile report.logo)')
      .option('--color <hex>', 'primary colour #rrggbb (default: profile report.color)')
      .option('--mode <octal>', 'file mode of the report (default 600: only you can read it), e.g. 640')
      .option('--async', 'queue the report for `renfe worker` and print the job id')
      .option('--wait', 'queue the report, wait for a worker to render it, and write it to --out')
      .option(
        '--email <addresses>',
        'mail the finished report to these addresses, comma-separated (queues it, as --async does)',
      )
      .option('--timeout <seconds>', 'with --wait: how long to wait for a worker', '600'),
  examples: [
    'renfe report generate k3m9x2pq --template executive --out executive.pdf',
    'renfe report generate k3m9x2pq --template full --lang es --out informe.pdf --ai',
    'renfe report generate k3m9x2pq --template full --appendix --out full-with-answers.pdf',
    'renfe report generate k3m9x2pq --format json --out report.json --fail-under 70',
    'renfe report generate k3m9x2pq --format csv --template gap --out - > findings.csv',
    'renfe report generate k3m9x2pq --format oscal --out assessment-results.json',
    'renfe report generate k3m9x2pq --template soa --out soa.pdf --firm "Acme Consulting" --logo logo.png --color #0b6e4f',
    'renfe report generate k3m9x2pq --format md --out report.md --mode 640',
    'renfe report generate k3m9x2pq --template executive --out /srv/reports/executive.pdf --async --email ciso@client.test',
    'renfe report generate k3m9x2pq --template executive --out executive.pdf --wait',
    'renfe report generate --training --lang es --out formacion.pdf',
  ],
  async run(opts, ctx) {
    if (opts.mode !== undefined && !/^0?[0-7]{3}$/.test(opts.mode)) {
      throw KERNEL_ERRORS.invalidInput({
        problem: `--mode must be an octal file mode such as 600 or 640, got "${opts.mode}"`,
      });
    }
    let failUnder: number | undefined;
    if (opts.failUnder !== undefined) {
      failUnder = Number(opts.failUnder);
      if (!Number.isFinite(failUnder)) {
        throw KERNEL_ERRORS.invalidInput({
          problem: `--fail-under must be a number from 0 to 100, got "${opts.failUnder}"`,
        });
      }
    }
    const color = opts.color ?? (await ctx.setting('report.color'));
    if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(color)) {
      throw KERNEL_ERRORS.invalidInput({ problem: `--color must be #rrggbb, got "${color}"` });
    }
    const toStdout = opts.out === '-';
    if (toStdout && opts.format === 'pdf' && ctx.io.stdoutIsTTY) {
      throw KERNEL_ERRORS.invalidInput(
        { problem: '--out -: a PDF is not written to a terminal' },
        { hint: 'redirect stdout to a file or a pipe, or give --out a file name' },
      );
    }
    if (opts.training) {
      const { generateTraining } = await import('./generate-training.js');
      return generateTraining(opts, ctx, color);
    }
    if (!opts.assessment) {
      throw CLI_ERRORS.missingArgument({ problem: 'missing the assessment id (or --training)' });
    }
    if (opts.async || opts.wait || opts.email !== undefined) {
      const { queued } = await import('./queued.js');
      return queued(ctx, opts, failUnder, color);
    }
    const { app, principal } = await ctx.principal();
    const { withSpinner } = await import('../../../../../cli/progress.js');
    const result = await withSpinner(ctx, `Rendering ${opts.template} report (${opts.format})`, () =>
      app.reporting.generate(principal, {
        assessmentId: opts.assessment,
        template: opts.template,
        format: opts.format,
        out: toStdout ? null : opts.out,
        language: opts.lang,
        ai: opts.ai === true,
        includeSubject: opts.includeSubject === true,
        appendix: opts.appendix === true,
        failUnder,
        branding: {
          firmName:
            opts.firm ?? (ctx.settingSync('report.firmName') as string | undefined) ?? principal.org?.name ?? 'renfe',
          logoPath: opts.logo ?? (ctx.settingSync('report.logo') as string | undefined) ?? null,
          primaryColor: (color ?? '#1f4e79').toLowerCase(),
        },
      }),
    );
    if (opts.mode !== undefined && !toStdout) {
      const { chmod } = await import('node:fs/promises');
      await chmod(opts.out, parseInt(opts.mode, 8));
    }
    for (const w of result.warnings) ctx.warn(w);
    const { content, ...summary } = result;
    const what = `${result.template}, ${result.format}, ${result.size} bytes, sha256 ${result.fileHash.slice(0, 16)}…`;
    if (content) {
      // stdout carries the report alone.
      ctx.io.stdout.write(content);
      ctx.done(`Wrote the report to stdout (${what}).`);
    } else {
      ctx.data(summary, () => result.file);
      ctx.done(`Wrote ${result.file} (${what}).`);
    }
    if (failUnder !== undefined) {
      const c = result.compliance === null ? 'no score' : `${result.compliance.toFixed(1)}%`;
      if (result.belowThreshold) {
        throw REPORTING_ERRORS.belowThreshold({ compliance: c, threshold: failUnder });
      }
      ctx.io.stderr.write(`compliance ${c} meets the threshold of ${failUnder}%\n`);
    }
  },
});
