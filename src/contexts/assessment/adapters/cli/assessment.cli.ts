import type { Command } from 'commander';
import type { CommandContext } from '../../../../cli/context.js';
import { examples } from '../../../../cli/help.js';
import { AppError } from '../../../../kernel/app-error.js';
import { registerQuestionnaireCommand } from './questionnaire.cli.js';
import { registerAnalysisCommands } from './analysis.cli.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function registerAssessmentCommands(program: Command, ctx: CommandContext): Command {
  const assessment = program
    .command('assessment')
    .description('assessments of a subject against one or more frameworks');

  examples(
    assessment
      .command('create')
      .description('create an assessment (prints its id)')
      .requiredOption('--subject <name>', 'who or what is assessed: the client, site or system')
      .requiredOption('--framework <id>', 'framework id or id@version (repeatable)', collect)
      .option('--domain <id>', 'assess only this top-level domain (repeatable)', collect)
      .option('--level <level>', 'applicability level, e.g. an ENS category: basica, media, alta')
      .option('--scope <text>', 'a description of the scope')
      .option('--target-level <n>', 'target maturity level 0-5', '3')
      .action(
        async (opts: {
          subject: string;
          framework: string[];
          domain?: string[];
          level?: string;
          scope?: string;
          targetLevel: string;
        }) => {
          const targetLevel = Number(opts.targetLevel);
          if (!Number.isFinite(targetLevel)) {
            throw new AppError(
              'invalid-input',
              'INPUT.INVALID',
              `--target-level must be a number from 0 to 5, got "${opts.targetLevel}"`,
            );
          }
          const { app, principal } = await ctx.principal();
          const created = await app.assessment.create(principal, {
            subject: opts.subject,
            frameworks: opts.framework,
            targetLevel,
            ...(opts.domain ? { domains: opts.domain } : {}),
            ...(opts.level ? { level: opts.level } : {}),
            ...(opts.scope ? { description: opts.scope } : {}),
          });
          ctx.data(created, () => created.id);
          ctx.done(
            `Created assessment ${created.id} of ${created.subject} against ${created.frameworks.map((f) => `${f.id} ${f.version}`).join(', ')}.`,
          );
        },
      ),
    [
      'renfe assessment create --subject "Hospital Central" --framework iso27001-2022',
      'renfe assessment create --subject "Ayuntamiento" --framework ens-2022 --level media --json',
      'renfe assessment create --subject "ACME SaaS" --framework nist-csf-2.0 --framework iso27001-2022 --domain GV --target-level 4',
    ],
  );

  examples(
    assessment
      .command('list')
      .description("list the organisation's assessments")
      .action(async () => {
        const { app, principal } = await ctx.principal();
        const items = await app.assessment.list(principal);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(items, () =>
          table(
            ['ID', 'SUBJECT', 'FRAMEWORKS', 'STATUS', 'ANSWERED', 'UPDATED'],
            items.map((a) => [
              a.id,
              a.subject,
              a.frameworks.map((f) => f.id).join(', '),
              a.status,
              `${a.progress.answered}/${a.progress.asked}`,
              a.updatedAt.slice(0, 16).replace('T', ' '),
            ]),
          ),
        );
      }),
    ['renfe assessment list', 'renfe assessment list --json'],
  );

  examples(
    assessment
      .command('show <id>')
      .description('show an assessment: status, progress, and with --questions every question and answer')
      .option('--questions', 'list every question with its answer')
      .option('--lang <lang>', 'language (en, es)', 'en')
      .action(async (id: string, opts: { questions?: boolean; lang: string }) => {
        const { app, principal } = await ctx.principal();
        const summary = await app.assessment.show(principal, id);
        const { fields, table } = await import('../../../../cli/table.js');
        if (opts.questions) {
          const rows = await app.assessment.questions(principal, id, opts.lang);
          ctx.data({ ...summary, questions: rows }, () =>
            table(
              ['QUESTION', 'TYPE', 'ANSWER', 'NOTE', 'TEXT'],
              rows
                .filter((r) => r.asked)
                .map((r) => [
                  `${r.framework}:${r.question}`,
                  r.type,
                  formatValue(r.value),
                  r.note ?? '',
                  r.text.length > 70 ? `${r.text.slice(0, 69)}…` : r.text,
                ]),
            ),
          );
          return;
        }
        const scores = await app.assessment.scores(principal, id, opts.lang);
        const pct = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)}%`);
        ctx.data({ ...summary, scores }, () =>
          fields([
            ['id', summary.id],
            ['subject', summary.subject],
            ['status', summary.status],
            ['frameworks', summary.frameworks.map((f) => `${f.id} ${f.version}`).join(', ')],
            [
              'scope',
              [summary.scope.description, summary.scope.domains?.join(', '), summary.scope.level]
                .filter(Boolean)
                .join('; ') || 'whole framework',
            ],
            ['target level', summary.targetLevel],
            ['answered', `${summary.progress.answered}/${summary.progress.asked}`],
            ...scores.map(
              (s) =>
                [
                  s.framework,
                  `compliance ${pct(s.compliance)}, maturity ${s.maturity ?? '-'}, gap ${s.gap ?? '-'}; ${s.counts.compliant} compliant, ${s.counts.partially_compliant} partial, ${s.counts.non_compliant} non compliant, ${s.counts.not_assessed} not assessed`,
                ] as const,
            ),
            ['created', `${summary.createdAt} by ${summary.createdBy}`],
            ['updated', summary.updatedAt],
            ...(summary.sealedHash ? ([['sealed', summary.sealedHash]] as const) : []),
          ]),
        );
      }),
    [
      'renfe assessment show k3m9x2pq',
      'renfe assessment show k3m9x2pq --questions --lang es',
      'renfe assessment show k3m9x2pq --json',
    ],
  );

  examples(
    assessment
      .command('answer <id> <question> [value]')
      .description('answer one question (yes/partial/no/na, a level 0-5, a choice id, a number or text)')
      .option('--note <text>', 'a note on the answer')
      .option('--clear', 'remove the answer')
      .action(
        async (id: string, question: string, value: string | undefined, opts: { note?: string; clear?: boolean }) => {
          if (value === undefined && !opts.clear && opts.note === undefined) {
            throw new AppError('usage', 'CLI.MISSING_ARGUMENT', 'missing the answer value (or --clear)');
          }
          const { app, principal } = await ctx.principal();
          let answerValue: unknown = opts.clear ? null : value;
          if (answerValue === undefined) {
            const rows = await app.assessment.questions(principal, id);
            answerValue =
              rows.find((r) => r.question === question || `${r.framework}:${r.question}` === question)?.value ?? null;
            if (answerValue === null)
              throw new AppError(
                'usage',
                'CLI.MISSING_ARGUMENT',
                `${question} has no answer yet: give a value with the note`,
              );
          }
          const result = await app.assessment.answer(principal, {
            assessmentId: id,
            question,
            value: answerValue,
            note: opts.note,
          });
          ctx.data(result, () => '');
          ctx.done(
            result.value === null
              ? `Cleared ${result.framework}:${result.question}.`
              : `${result.framework}:${result.question} = ${formatValue(result.value)}.`,
          );
        },
      ),
    [
      'renfe assessment answer k3m9x2pq A.5.1.Q1 yes --note "Policy v3 approved 2026-03"',
      'renfe assessment answer k3m9x2pq nist-csf-2.0:GV.OC-01.Q1 partial',
      'renfe assessment answer k3m9x2pq A.5.1.Q1 --clear',
    ],
  );

  for (const [verb, description] of [
    ['start', 'mark an assessment in progress (also done by the first answer)'],
    ['review', 'submit an assessment for review'],
    ['finalize', 'make a reviewed assessment final: locked and sealed with a content hash'],
    ['reopen', 'reopen a final assessment for changes (admins; audited)'],
  ] as const) {
    examples(
      assessment
        .command(`${verb} <id>`)
        .description(description)
        .action(async (id: string) => {
          const { app, principal } = await ctx.principal();
          const result = await app.assessment.changeStatus(principal, id, verb);
          ctx.data(result, () => result.sealedHash ?? '');
          ctx.done(
            `Assessment ${id} is now ${result.status.replace('_', ' ')}${result.sealedHash ? ` (sealed ${result.sealedHash.slice(0, 16)}…)` : ''}.`,
          );
        }),
      [`renfe assessment ${verb} k3m9x2pq`],
    );
  }

  examples(
    assessment
      .command('upgrade <id>')
      .description(
        'move an assessment to another version of its framework; answers carry over where unchanged or mapped',
      )
      .requiredOption('--to <version>', 'the framework version to move to')
      .option('--framework <id>', 'which framework, when the assessment has several')
      .action(async (id: string, opts: { to: string; framework?: string }) => {
        const { app, principal } = await ctx.principal();
        const r = await app.assessment.upgrade(principal, id, opts.framework, opts.to);
        const mapped = r.carried.filter((c) => c.via === 'mapped').length;
        ctx.data(r, () =>
          [
            `Needs a new answer (${r.needsAnswer.length}):`,
            ...r.needsAnswer.map((q) => `  ${q}`),
            ...(r.dropped.length ? [`Answers dropped (${r.dropped.length}): ${r.dropped.join(', ')}`] : []),
          ].join('\n'),
        );
        ctx.done(
          `Assessment ${id} moved from ${r.framework} ${r.from} to ${r.to}: ${r.carried.length} answers carried (${mapped} through mappings), ${r.needsAnswer.length} questions need an answer.`,
        );
      }),
    [
      'renfe assessment upgrade k3m9x2pq --to 2.1',
      'renfe assessment upgrade k3m9x2pq --framework acme-controls --to 2027 --json',
    ],
  );

  examples(
    assessment
      .command('delete <id>')
      .description('delete an assessment and its answers (admins; not when final)')
      .action(async (id: string) => {
        const { app, principal } = await ctx.principal();
        await app.assessment.delete(principal, id);
        ctx.done(`Deleted assessment ${id}.`);
      }),
    ['renfe assessment delete k3m9x2pq'],
  );
  const evidence = assessment.command('evidence').description('evidence attached to answers');
  examples(
    evidence
      .command('add <id> <question>')
      .description('attach a file (stored with its SHA-256, up to 25 MiB) or a link to a question')
      .option('--file <path>', 'a file to store with the assessment')
      .option('--url <url>', 'a link')
      .action(async (id: string, question: string, opts: { file?: string; url?: string }) => {
        if (!opts.file === !opts.url)
          throw new AppError('usage', 'CLI.MISSING_FLAG', 'give exactly one of --file <path> or --url <url>');
        const { readEvidenceFile } = await import('./evidence-file.js');
        const file = opts.file ? await readEvidenceFile(opts.file) : undefined;
        const { app, principal } = await ctx.principal();
        const added = await app.assessment.addEvidence(principal, { assessmentId: id, question, file, url: opts.url });
        ctx.data(added, () => added.id);
        ctx.done(`Attached ${added.name} to ${added.question}${added.sha256 ? ` (sha256 ${added.sha256})` : ''}.`);
      }),
    [
      'renfe assessment evidence add k3m9x2pq A.5.1.Q1 --file policy-v3.pdf',
      'renfe assessment evidence add k3m9x2pq A.8.13.Q1 --url https://wiki.acme.test/backups',
    ],
  );
  examples(
    evidence
      .command('list <id>')
      .description('list the evidence of an assessment with names and hashes')
      .action(async (id: string) => {
        const { app, principal } = await ctx.principal();
        const items = await app.assessment.listEvidence(principal, id);
        const { table } = await import('../../../../cli/table.js');
        ctx.data(items, () =>
          table(
            ['ID', 'QUESTION', 'KIND', 'NAME', 'SHA-256', 'BYTES'],
            items.map((e) => [e.id, e.question, e.kind, e.name, e.sha256 ?? '', e.size ?? '']),
          ),
        );
      }),
    ['renfe assessment evidence list k3m9x2pq --json'],
  );

  registerQuestionnaireCommand(assessment, ctx);
  registerAnalysisCommands(program, assessment, ctx);
  return assessment;
}
