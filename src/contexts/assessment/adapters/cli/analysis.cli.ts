import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { AppError } from '../../../../kernel/app-error.js';

const pct = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '-' : x.toFixed(1));

/** Commands that read results: scores, comparison, coverage, answer export and import, findings. */
export function registerAnalysisCommands(program: Command, assessment: Command, ctx: CommandContext): void {
  examples(
    assessment
      .command('score <id>')
      .description('scores per framework and domain: compliance %, maturity, gap to target, results')
      .option('--lang <lang>', 'language (en, es)', 'en')
      .option('--requirements', 'also list every requirement with its result')
      .action(async (id: string, opts: { lang: string; requirements?: boolean }) => {
        const { app, principal } = await ctx.principal();
        const scores = await app.assessment.scores(principal, id, opts.lang);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(scores, () =>
          scores
            .map((s) =>
              [
                `${s.framework} ${s.version}: compliance ${pct(s.compliance)}, maturity ${num(s.maturity)} (gap ${num(s.gap)}), answered ${(s.progress * 100).toFixed(0)}%`,
                table(
                  ['DOMAIN', 'TITLE', 'COMPLIANCE', 'MATURITY', 'GAP', 'OK', 'PARTIAL', 'NO', 'N/A', 'OPEN'],
                  s.domains.map((d) => [
                    d.id,
                    d.title,
                    pct(d.compliance),
                    num(d.maturity),
                    num(d.gap),
                    d.counts.compliant,
                    d.counts.partially_compliant,
                    d.counts.non_compliant,
                    d.counts.not_applicable,
                    d.counts.not_assessed,
                  ]),
                ),
                ...(opts.requirements
                  ? [
                      table(
                        ['REQUIREMENT', 'RESULT', 'SCORE', 'MATURITY', 'ANSWERED'],
                        s.requirements.map((r) => [
                          r.id,
                          r.result,
                          num(r.score === null ? null : r.score * 100),
                          num(r.maturity),
                          `${r.answered}/${r.asked}`,
                        ]),
                      ),
                    ]
                  : []),
              ].join('\n'),
            )
            .join('\n\n'),
        );
      }),
    ['renfe assessment score k3m9x2pq', 'renfe assessment score k3m9x2pq --requirements --json'],
  );

  examples(
    assessment
      .command('compare <before> <after>')
      .description('compare two assessments: per requirement and domain, what improved and what regressed')
      .option('--all', 'list unchanged requirements too')
      .action(async (before: string, after: string, opts: { all?: boolean }) => {
        const { app, principal } = await ctx.principal();
        const result = await app.assessment.compare(principal, before, after);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(result, () =>
          result.frameworks
            .map((c) => {
              const rows = c.requirements.filter((r) => opts.all || r.change !== 'unchanged');
              return [
                `${c.framework}: ${JSON.stringify(c.totals)}`,
                table(
                  ['DOMAIN', 'BEFORE', 'AFTER', 'DELTA'],
                  c.domains.map((d) => [
                    d.id,
                    num(d.score.before === null ? null : d.score.before * 100),
                    num(d.score.after === null ? null : d.score.after * 100),
                    num(d.score.delta === null ? null : d.score.delta * 100),
                  ]),
                ),
                rows.length
                  ? table(
                      ['REQUIREMENT', 'BEFORE', 'AFTER', 'CHANGE'],
                      rows.map((r) => [r.id, r.before?.result ?? '-', r.after?.result ?? '-', r.change]),
                    )
                  : 'No requirement changed.',
              ].join('\n');
            })
            .join('\n\n'),
        );
      }),
    ['renfe assessment compare k3m9x2pq p7w2r8ta', 'renfe assessment compare k3m9x2pq p7w2r8ta --json'],
  );

  examples(
    assessment
      .command('coverage <id>')
      .description('carry the results to another framework through the mappings, showing where each came from')
      .requiredOption('--framework <id>', 'the framework to infer (id or id@version)')
      .option('--lang <lang>', 'language (en, es)', 'en')
      .action(async (id: string, opts: { framework: string; lang: string }) => {
        const { app, principal } = await ctx.principal();
        const cov = await app.assessment.coverage(principal, id, opts.framework, opts.lang);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(cov, () =>
          [
            `${cov.target.id} ${cov.target.version} inferred from assessment ${cov.assessment}: ${Object.entries(
              cov.counts,
            )
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
            table(
              ['REQUIREMENT', 'RESULT', 'FROM'],
              cov.requirements.map((r) => [
                r.requirementId,
                r.result,
                r.sources
                  .filter((s) => s.carried)
                  .map(
                    (s) =>
                      `${s.framework}:${s.requirement} (${s.result}, ${s.path.map((p) => p.relationship).join('→')})`,
                  )
                  .join('; ') || '-',
              ]),
            ),
          ].join('\n'),
        );
      }),
    [
      'renfe assessment coverage k3m9x2pq --framework iso27001-2022',
      'renfe assessment coverage k3m9x2pq --framework iso27001-2022 --json',
    ],
  );

  examples(
    assessment
      .command('export-answers <id>')
      .description('write every question with its answer and note, as CSV (default) or JSON')
      .option('--format <format>', 'csv or json', 'csv')
      .option('--out <file>', 'write to a file instead of stdout')
      .option('--lang <lang>', 'language of question text (en, es)', 'en')
      .action(async (id: string, opts: { format: string; out?: string; lang: string }) => {
        if (!['csv', 'json'].includes(opts.format))
          throw new AppError('invalid-input', 'INPUT.INVALID', `--format must be csv or json, got "${opts.format}"`);
        const { app, principal } = await ctx.principal();
        const rows = await app.assessment.questions(principal, id, opts.lang);
        let text: string;
        if (opts.format === 'json' || ctx.globals.json)
          text = `${JSON.stringify({ assessment: id, answers: rows }, null, 2)}\n`;
        else {
          const { csvFromRecords } = await import('../../../../kernel/csv.js');
          text = csvFromRecords(
            ['framework', 'question', 'value', 'note', 'asked', 'domain', 'requirement', 'type', 'text'],
            rows.map((r) => ({
              framework: r.framework,
              question: r.question,
              value: typeof r.value === 'object' && r.value !== null ? r.value.join(',') : (r.value ?? ''),
              note: r.note ?? '',
              asked: r.asked ? 'yes' : 'no',
              domain: r.domain,
              requirement: r.requirement,
              type: r.type,
              text: r.text,
            })),
          );
        }
        if (opts.out) {
          await writeFile(opts.out, text);
          ctx.done(`Wrote ${rows.length} questions to ${opts.out}.`);
        } else ctx.io.stdout.write(text);
      }),
    [
      'renfe assessment export-answers k3m9x2pq > answers.csv',
      'renfe assessment export-answers k3m9x2pq --format json --out answers.json',
    ],
  );

  examples(
    assessment
      .command('import-answers <id> <file>')
      .description(
        'import answers from CSV (columns question or framework+question, value, note) or JSON; all rows or none',
      )
      .action(async (id: string, file: string) => {
        const { readAnswerRows } = await import('./answer-file.js');
        const { importMaxBytes } = await import('./import-limit.js');
        const rows = await readAnswerRows(file, { maxBytes: await importMaxBytes(ctx) });
        const { app, principal } = await ctx.principal();
        const result = await app.assessment.importAnswers(principal, id, rows);
        ctx.data(result, () => '');
        ctx.done(
          `Imported ${result.imported} answers into ${id}${result.skipped ? ` (${result.skipped} rows without a value left as they were)` : ''}.`,
        );
      }),
    ['renfe assessment import-answers k3m9x2pq answers.csv', 'renfe assessment import-answers k3m9x2pq answers.json'],
  );

  const finding = program
    .command('finding')
    .description('findings: every gap of an assessment, with owner, due date and status');
  examples(
    finding
      .command('list')
      .description('list the findings of an assessment, most severe first')
      .requiredOption('--assessment <id>', 'the assessment')
      .option('--lang <lang>', 'language (en, es)', 'en')
      .action(async (opts: { assessment: string; lang: string }) => {
        const { app, principal } = await ctx.principal();
        const items = await app.assessment.findings(principal, opts.assessment, opts.lang);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(items, () =>
          items.length === 0
            ? 'No findings.'
            : table(
                ['ID', 'SEVERITY', 'RESULT', 'TITLE', 'OWNER', 'DUE', 'STATUS'],
                items.map((f) => [
                  f.id,
                  f.severity,
                  f.result,
                  f.title.length > 50 ? `${f.title.slice(0, 49)}…` : f.title,
                  f.owner,
                  f.due,
                  f.status,
                ]),
              ),
        );
      }),
    ['renfe finding list --assessment k3m9x2pq', 'renfe finding list --assessment k3m9x2pq --json'],
  );
  examples(
    finding
      .command('update <id>')
      .description('set the owner, due date or status of a finding')
      .option('--owner <who>', 'who fixes it (empty to clear)')
      .option('--due <date>', 'due date YYYY-MM-DD (empty to clear)')
      .option('--status <status>', 'open, in_progress, resolved or accepted')
      .action(async (id: string, opts: { owner?: string; due?: string; status?: string }) => {
        const { app, principal } = await ctx.principal();
        const f = await app.assessment.updateFinding(principal, id, opts);
        ctx.data(f, () => '');
        ctx.done(`Finding ${f.id}: ${f.status}${f.owner ? `, owner ${f.owner}` : ''}${f.due ? `, due ${f.due}` : ''}.`);
      }),
    ['renfe finding update k3m9x2pq:A.5.3 --owner "Luis Pérez" --due 2027-03-31 --status in_progress'],
  );
  examples(
    finding
      .command('export')
      .description('write the plan of action and milestones (every finding) as CSV or JSON')
      .requiredOption('--assessment <id>', 'the assessment')
      .option('--format <format>', 'csv or json', 'csv')
      .option('--out <file>', 'write to a file instead of stdout')
      .option('--lang <lang>', 'language (en, es)', 'en')
      .action(async (opts: { assessment: string; format: string; out?: string; lang: string }) => {
        if (!['csv', 'json'].includes(opts.format))
          throw new AppError('invalid-input', 'INPUT.INVALID', `--format must be csv or json, got "${opts.format}"`);
        const { app, principal } = await ctx.principal();
        const items = await app.assessment.findings(principal, opts.assessment, opts.lang);
        let text: string;
        if (opts.format === 'json')
          text = `${JSON.stringify({ assessment: opts.assessment, findings: items }, null, 2)}\n`;
        else {
          const { csvFromRecords } = await import('../../../../kernel/csv.js');
          text = csvFromRecords(
            [
              'id',
              'framework',
              'requirement',
              'title',
              'severity',
              'result',
              'score',
              'gap',
              'recommendation',
              'owner',
              'due',
              'status',
            ],
            items.map((f) => ({
              id: f.id,
              framework: f.framework,
              requirement: f.requirement,
              title: f.title,
              severity: f.severity,
              result: f.result,
              score: f.score ?? '',
              gap: f.gap ?? '',
              recommendation: f.recommendation,
              owner: f.owner ?? '',
              due: f.due ?? '',
              status: f.status,
            })),
          );
        }
        if (opts.out) {
          await writeFile(opts.out, text);
          ctx.done(`Wrote ${items.length} findings to ${opts.out}.`);
        } else ctx.io.stdout.write(text);
      }),
    [
      'renfe finding export --assessment k3m9x2pq --out poam.csv',
      'renfe finding export --assessment k3m9x2pq --format json',
    ],
  );
}
