import type { CommandContext } from '../../../../../cli/context.js';
import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';

export interface TrainingReportOptions {
  readonly out: string;
  readonly course?: string;
  readonly lang: string;
  readonly format: string;
  readonly template: string;
  readonly firm?: string;
  readonly logo?: string;
  readonly color?: string;
}

/** Shared with `report generate --training`: the flags both forms take, and the call. */
export async function runTrainingReport(opts: TrainingReportOptions, ctx: CommandContext): Promise<void> {
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
  const { app, principal } = await ctx.principal();
  const result = await app.reporting.generateTraining(principal, {
    course: opts.course,
    template: opts.template,
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
  const { content, ...summary } = result;
  const what = `${result.courses} courses, ${result.assigned} assignments, ${result.overdue} overdue; ${result.format}, ${result.size} bytes, sha256 ${result.fileHash.slice(0, 16)}…`;
  if (content) {
    ctx.io.stdout.write(content);
    ctx.done(`Wrote the training report to stdout (${what}).`);
  } else {
    ctx.data(summary, () => result.file);
    ctx.done(`Wrote ${result.file} (${what}).`);
  }
}

export default defineVerb<TrainingReportOptions>({
  flags: (c) =>
    c
      .requiredOption('--out <file>', 'where to write the report; - for stdout')
      .option('--course <course>', 'one course (id or id@version); every course by default')
      .option('--lang <lang>', 'en or es', 'en')
      .option('--format <format>', 'pdf, or json for the data the PDF is drawn from', 'pdf')
      .option('--template <name-or-path>', 'training, or the path of your own training template', 'training')
      .option('--firm <name>', 'firm name on the report (default: profile report.firmName)')
      .option('--logo <file>', 'logo, PNG or JPEG (default: profile report.logo)')
      .option('--color <hex>', 'primary colour #rrggbb (default: profile report.color)'),
  description:
    'Completion by course and by role, the overdue list and completions per month over the last twelve months. The report is recorded (`renfe report list`, subject `training` or `training:<course>`) and sealed, so `renfe report verify` recognises it and tells whether the figures have moved since.',
  examples: [
    'renfe training report --out training.pdf',
    'renfe training report --course phishing --lang es --out formacion-phishing.pdf',
    'renfe training report --out training.pdf --firm "Acme Consulting" --logo logo.png --color #0b6e4f',
    'renfe training report --format json --out - | jq .totals',
  ],
  run: runTrainingReport,
});
