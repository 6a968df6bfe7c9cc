import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';
import { JOBS_ERRORS, reportFileName } from '../../../../jobs/index.js';
import { emailList } from './queued.js';

export interface BatchOptions {
  readonly assessments?: string;
  readonly allFinal?: boolean;
  readonly template: string;
  readonly format: string;
  readonly outDir: string;
  readonly lang: string;
  readonly async?: boolean;
  readonly email?: string;
  readonly firm?: string;
  readonly logo?: string;
  readonly color?: string;
  readonly appendix?: boolean;
}

/** Assessment ids, one a line; blank lines and `#` comments skipped; none twice. */
function readIds(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw JOBS_ERRORS.badAssessmentList({
      file,
      problem: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    });
  }
  const ids: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const id = raw.replace(/#.*$/, '').trim();
    if (id === '') return;
    const first = seen.get(id);
    if (first !== undefined) {
      throw JOBS_ERRORS.badAssessmentList({ file, problem: `line ${i + 1}: ${id} is already on line ${first}` });
    }
    seen.set(id, i + 1);
    ids.push(id);
  });
  if (ids.length === 0) throw JOBS_ERRORS.badAssessmentList({ file, problem: 'no assessment ids in it' });
  return ids;
}

export default defineVerb<BatchOptions>({
  flags: (c) =>
    c
      .option('--assessments <file>', 'the assessments to report on: a file of ids, one a line')
      .option('--all-final', 'every final assessment of the organisation')
      .option(
        '--template <name-or-path>',
        'executive, full, gap, soa, coverage, or the path of your own template',
        'executive',
      )
      .option('--format <format>', 'pdf, json, csv, md or oscal', 'pdf')
      .requiredOption('--out-dir <dir>', 'where the reports go, one file per assessment: <id>-<template>.<ext>')
      .option('--lang <lang>', 'en or es', 'en')
      .option('--async', 'queue one job per assessment for `renfe worker` and print the job ids')
      .option('--email <addresses>', 'mail each finished report to these addresses, comma-separated (queues them)')
      .option('--firm <name>', 'firm name on the reports (default: profile report.firmName)')
      .option('--logo <file>', 'logo, PNG or JPEG (default: profile report.logo)')
      .option('--color <hex>', 'primary colour #rrggbb (default: profile report.color)')
      .option(
        '--appendix',
        'add the appendix to each report: every question, answer and note, with evidence names and SHA-256',
      ),
  examples: [
    'renfe report batch --all-final --template executive --out-dir reports/',
    'renfe report batch --assessments ids.txt --template executive --out-dir /srv/reports --async',
    'renfe report batch --all-final --out-dir /srv/reports --email ciso@client.test --lang es',
  ],
  description:
    'One report per assessment. Without --async they are rendered here, one after another; with --async (or --email) each becomes a job, all queued in one transaction, and workers render them in parallel.',
  async run(opts, ctx) {
    if ((opts.assessments === undefined) === (opts.allFinal !== true)) throw JOBS_ERRORS.batchSource();
    const ids = opts.assessments === undefined ? null : readIds(opts.assessments);
    const color = opts.color ?? (await ctx.setting('report.color'));
    if (color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(color)) {
      throw KERNEL_ERRORS.invalidInput({ problem: `--color must be #rrggbb, got "${color}"` });
    }
    const dir = resolve(opts.outDir);
    const { app, principal } = await ctx.principal();
    const logo = opts.logo ?? (ctx.settingSync('report.logo') as string | undefined) ?? null;
    const report = {
      template: opts.template,
      format: opts.format,
      language: opts.lang,
      ai: false,
      includeSubject: false,
      appendix: opts.appendix === true,
      branding: {
        firmName:
          opts.firm ?? (ctx.settingSync('report.firmName') as string | undefined) ?? principal.org?.name ?? 'renfe',
        logoPath: logo === null ? null : resolve(logo),
        primaryColor: (color ?? '#1f4e79').toLowerCase(),
      },
    };
    const templateName = opts.template.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
    const outFor = (id: string) => join(dir, reportFileName(id, templateName, opts.format));
    const source = opts.assessments ?? '--all-final';
    const email = emailList(opts.email);

    if (opts.async || email.length > 0) {
      const queued = await app.jobs.enqueueBatch(principal, {
        assessmentIds: ids,
        source,
        report,
        outFor,
        email: email.length > 0 ? { to: email, language: opts.lang } : undefined,
      });
      await ctx.list(queued, [
        { header: 'JOB', value: (q) => q.id },
        { header: 'ASSESSMENT', value: (q) => q.assessmentId },
        { header: 'FILE', value: (q) => q.out },
        { header: 'NEW', value: (q) => q.created, human: (q) => (q.created ? 'queued' : 'already waiting') },
      ]);
      ctx.done(
        `Queued ${queued.filter((q) => q.created).length} of ${queued.length} reports; \`renfe worker\` renders them into ${dir}.`,
      );
      return;
    }

    const items = await app.jobs.batchItems(principal, { assessmentIds: ids, source, outFor });
    mkdirSync(dir, { recursive: true });
    const { withSpinner } = await import('../../../../../cli/progress.js');
    const written: { assessmentId: string; file: string; fileHash: string; size: number }[] = [];
    for (const [i, item] of items.entries()) {
      const result = await withSpinner(ctx, `[${i + 1}/${items.length}] ${item.assessmentId} ${item.subject}`, () =>
        app.reporting.generate(principal, { ...report, assessmentId: item.assessmentId, out: item.out }),
      );
      for (const w of result.warnings) ctx.warn(`${item.assessmentId}: ${w}`);
      written.push({
        assessmentId: item.assessmentId,
        file: result.file,
        fileHash: result.fileHash,
        size: result.size,
      });
      ctx.say(`[${i + 1}/${items.length}] ${result.file}`);
    }
    await ctx.list(written, [
      { header: 'ASSESSMENT', value: (w) => w.assessmentId },
      { header: 'FILE', value: (w) => w.file },
      { header: 'SHA-256', value: (w) => w.fileHash, human: (w) => `${w.fileHash.slice(0, 12)}…` },
    ]);
    ctx.done(`Wrote ${written.length} reports into ${dir}.`);
  },
});
