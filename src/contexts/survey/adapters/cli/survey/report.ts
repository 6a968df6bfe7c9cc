import type { CommandContext } from '../../../../../cli/context.js';
import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';

export interface SurveyReportOptions {
  readonly survey: string;
  readonly out: string;
  readonly lang: string;
  readonly template: string;
  readonly firm?: string;
  readonly logo?: string;
  readonly color?: string;
}

/** The survey report's flags and call, for `survey report` (and any other verb that draws one). */
export async function runSurveyReport(opts: SurveyReportOptions, ctx: CommandContext): Promise<void> {
  const color = opts.color ?? (await ctx.setting('report.color'));
  if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(color)) {
    throw KERNEL_ERRORS.invalidInput({ problem: `--color must be #rrggbb, got "${color}"` });
  }
  const { app, principal } = await ctx.principal();
  const { withSpinner } = await import('../../../../../cli/progress.js');
  const result = await withSpinner(ctx, `Rendering the survey report of ${opts.survey}`, () =>
    app.reporting.generateSurvey(principal, {
      survey: opts.survey,
      template: opts.template,
      out: opts.out,
      language: opts.lang,
      branding: {
        firmName:
          opts.firm ?? (ctx.settingSync('report.firmName') as string | undefined) ?? principal.org?.name ?? 'renfe',
        logoPath: opts.logo ?? (ctx.settingSync('report.logo') as string | undefined) ?? null,
        primaryColor: (color ?? '#1f4e79').toLowerCase(),
      },
    }),
  );
  if (result.withheld) ctx.warn('fewer completed responses than the anonymity threshold: the report shows no figures');
  ctx.data(result, () => result.file);
  ctx.done(`Wrote ${result.file} (${result.survey}, ${result.size} bytes, sha256 ${result.fileHash.slice(0, 16)}…).`);
}

export default defineVerb<SurveyReportOptions>({
  flags: (c) =>
    c
      .requiredOption('--out <file>', 'where to write the PDF')
      .option('--lang <lang>', 'en or es', 'en')
      .option('--template <name-or-path>', 'survey, or the path of your own survey template', 'survey')
      .option('--firm <name>', 'firm name on the report (default: profile report.firmName)')
      .option('--logo <file>', 'logo, PNG or JPEG (default: profile report.logo)')
      .option('--color <hex>', 'primary colour #rrggbb (default: profile report.color)'),
  description:
    'A PDF of the results: cover, invited, started, completed and response rate, one chart per question (bars; a diverging bar for Likert statements; promoters, passives and detractors with the score for NPS) and the free-text answers. Questions answered by fewer people than the survey’s anonymity threshold show no figures. The report is recorded (`renfe report list`, subject `survey:<id>@<version>`) and sealed, so `renfe report verify` recognises it and tells whether the results have moved since.',
  examples: [
    'renfe survey report security-culture --out culture.pdf',
    'renfe survey report security-culture@2 --lang es --out cultura.pdf',
    'renfe survey report security-culture --out culture.pdf --firm "Acme Consulting" --logo logo.png --color #0b6e4f',
  ],
  run: runSurveyReport,
});
