import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { AppError } from '../../../../kernel/app-error.js';

export function registerReportCommands(program: Command, ctx: CommandContext): void {
  const report = program
    .command('report')
    .description('reports: PDF from templates, and JSON, CSV, Markdown and OSCAL exports');

  examples(
    report
      .command('templates')
      .description('list the report templates')
      .action(async () => {
        const { app, principal } = await ctx.principal();
        const templates = await app.reporting.templates(principal);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(templates, () =>
          table(
            ['TEMPLATE', 'NAME', 'SECTIONS'],
            templates.map((t) => [t.id, t.name.en ?? t.id, t.sections.join(', ')]),
          ),
        );
      }),
    ['renfe report templates', 'renfe report templates --json'],
  );

  examples(
    report
      .command('generate <assessment>')
      .description('render a report of an assessment and record its hashes')
      .option(
        '--template <name-or-path>',
        'executive, full, gap, soa, coverage, or the path of your own template',
        'full',
      )
      .option('--format <format>', 'pdf, json, csv, md or oscal', 'pdf')
      .requiredOption('--out <file>', 'where to write the report; - for stdout')
      .option('--lang <lang>', 'en or es', 'en')
      .option('--ai', 'write the narrative with the configured AI endpoint (falls back to one written from the data)')
      .option('--include-subject', "send the subject's name to the AI endpoint (redacted by default)")
      .option(
        '--fail-under <percent>',
        'exit 10 when compliance is under this percentage (the report is still written)',
      )
      .option('--firm <name>', 'firm name on the report (default: profile report.firmName)')
      .option('--logo <file>', 'logo, PNG or JPEG (default: profile report.logo)')
      .option('--color <hex>', 'primary colour #rrggbb (default: profile report.color)')
      .option('--mode <octal>', 'file mode of the report (default 600: only you can read it), e.g. 640')
      .action(
        async (
          assessment: string,
          opts: {
            template: string;
            format: string;
            out: string;
            lang: string;
            ai?: boolean;
            includeSubject?: boolean;
            failUnder?: string;
            firm?: string;
            logo?: string;
            color?: string;
            mode?: string;
          },
        ) => {
          if (opts.mode !== undefined && !/^0?[0-7]{3}$/.test(opts.mode)) {
            throw new AppError(
              'invalid-input',
              'INPUT.INVALID',
              `--mode must be an octal file mode such as 600 or 640, got "${opts.mode}"`,
            );
          }
          let failUnder: number | undefined;
          if (opts.failUnder !== undefined) {
            failUnder = Number(opts.failUnder);
            if (!Number.isFinite(failUnder)) {
              throw new AppError(
                'invalid-input',
                'INPUT.INVALID',
                `--fail-under must be a number from 0 to 100, got "${opts.failUnder}"`,
              );
            }
          }
          const color = opts.color ?? (await ctx.setting('report.color'));
          if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(color)) {
            throw new AppError('invalid-input', 'INPUT.INVALID', `--color must be #rrggbb, got "${color}"`);
          }
          const toStdout = opts.out === '-';
          if (toStdout && opts.format === 'pdf' && ctx.io.stdoutIsTTY) {
            throw new AppError(
              'invalid-input',
              'INPUT.INVALID',
              '--out -: a PDF is not written to a terminal',
              'redirect stdout to a file or a pipe, or give --out a file name',
            );
          }
          const { app, principal } = await ctx.principal();
          const { withSpinner } = await import('../../../../cli/progress.js');
          const result = await withSpinner(ctx, `Rendering ${opts.template} report (${opts.format})`, () =>
            app.reporting.generate(principal, {
              assessmentId: assessment,
              template: opts.template,
              format: opts.format,
              out: toStdout ? null : opts.out,
              language: opts.lang,
              ai: opts.ai === true,
              includeSubject: opts.includeSubject === true,
              failUnder,
              branding: {
                firmName:
                  opts.firm ??
                  (ctx.settingSync('report.firmName') as string | undefined) ??
                  principal.org?.name ??
                  'renfe',
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
              throw new AppError(
                'below-threshold',
                'REPORT.BELOW_THRESHOLD',
                `compliance ${c} is under the threshold of ${failUnder}%`,
              );
            }
            ctx.io.stderr.write(`compliance ${c} meets the threshold of ${failUnder}%\n`);
          }
        },
      ),
    [
      'renfe report generate k3m9x2pq --template executive --out executive.pdf',
      'renfe report generate k3m9x2pq --template full --lang es --out informe.pdf --ai',
      'renfe report generate k3m9x2pq --format json --out report.json --fail-under 70',
      'renfe report generate k3m9x2pq --format csv --template gap --out - > findings.csv',
      'renfe report generate k3m9x2pq --format oscal --out assessment-results.json',
      'renfe report generate k3m9x2pq --template soa --out soa.pdf --firm "Acme Consulting" --logo logo.png --color #0b6e4f',
    ],
  );

  examples(
    report
      .command('list')
      .description('list generated reports with their hashes')
      .option('--assessment <id>', 'only reports of this assessment')
      .action(async (opts: { assessment?: string }) => {
        const { app, principal } = await ctx.principal();
        const items = await app.reporting.list(principal, opts.assessment);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(items, () =>
          table(
            ['ID', 'ASSESSMENT', 'TEMPLATE', 'FORMAT', 'FILE', 'SHA-256', 'BY', 'AT'],
            items.map((r) => [
              r.id,
              r.assessment,
              r.template,
              r.format,
              r.file,
              `${r.fileHash.slice(0, 12)}…`,
              r.createdBy,
              r.createdAt.slice(0, 16).replace('T', ' '),
            ]),
          ),
        );
      }),
    ['renfe report list', 'renfe report list --assessment k3m9x2pq --json'],
  );

  examples(
    report
      .command('verify <file>')
      .description(
        'check that a file is a report renfe produced and whether its assessment has changed since (exit 4: not ours; exit 5: data changed)',
      )
      .action(async (file: string) => {
        const { app, principal } = await ctx.principal();
        const v = await app.reporting.verify(principal, file);
        if (ctx.globals.json) ctx.data(v, () => '');
        if (!v.produced) {
          throw new AppError(
            'not-found',
            'REPORT.UNKNOWN',
            v.problem
              ? `${file} is not a report renfe sealed for this organisation: ${v.problem}`
              : `${file} is not a report renfe recorded in this organisation (sha256 ${v.fileHash})`,
          );
        }
        const r = v.report as NonNullable<typeof v.report>;
        if (v.dataUnchanged === false) {
          throw new AppError(
            'conflict',
            'REPORT.DATA_CHANGED',
            `${file} is report ${r.id} of assessment ${r.assessment} (${r.createdAt}), but the assessment has changed since`,
          );
        }
        if (!ctx.globals.json) {
          ctx.data(
            v,
            () =>
              `ok: ${file} is report ${r.id} of assessment ${r.assessment}, made ${r.createdAt} by ${r.createdBy}; ` +
              `${v.seal === 'valid' ? "its seal verifies with the organisation's key and " : ''}its data is unchanged`,
          );
        }
      }),
    ['renfe report verify executive.pdf', 'renfe report verify report.json --json'],
  );
}
