import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvText } from '../../../../../kernel/csv.js';
import { defineVerb } from '../../../../../module.js';
import { SURVEY_ERRORS } from '../../../errors.js';
import type { SurveyDefinition } from '../../../domain/survey.js';

export interface ExportOptions {
  readonly survey: string;
  readonly format: string;
  readonly out: string;
}

export default defineVerb<ExportOptions>({
  flags: (c) =>
    c
      .option('--format <format>', 'csv (one row per response, RFC 4180) or json', 'csv')
      .requiredOption('--out <file>', 'where to write it ("-" for stdout)'),
  examples: [
    'renfe survey export security-culture --out responses.csv',
    'renfe survey export security-culture --format json --out - | jq length',
  ],
  async run(opts, ctx) {
    if (opts.format !== 'csv' && opts.format !== 'json') {
      throw SURVEY_ERRORS.badImport({ where: '--format', problem: `"${opts.format}" is not csv or json` });
    }
    const { app, principal } = await ctx.principal();
    const out = opts.out === '-' ? ctx.io.stdout : createWriteStream(opts.out, { mode: 0o600 });
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    let definition: SurveyDefinition | undefined;
    let count = 0;
    for await (const item of await app.survey.export(principal, opts.survey)) {
      if ('definition' in item) {
        definition = item.definition;
        const ids = definition.questions.map((q) => q.id);
        if (opts.format === 'csv')
          await write(csvText([['response', 'day', ...(definition.anonymous ? [] : ['email']), ...ids]]));
        else await write(`{"schema":"renfe.survey-responses/v1","survey":${JSON.stringify(item.survey)},"responses":[`);
        continue;
      }
      const d = definition as SurveyDefinition;
      if (opts.format === 'csv') {
        const cells = d.questions.map((q) => {
          const v = item.answers[q.id];
          return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : (v as string | number);
        });
        await write(
          csvText([[item.response, item.day ?? '', ...(d.anonymous ? [] : [item.email ?? '']), ...cells]]).replace(
            /^\uFEFF/,
            '',
          ),
        );
      } else {
        await write(`${count > 0 ? ',' : ''}${JSON.stringify(item)}`);
      }
      count++;
    }
    if (opts.format === 'json') await write(']}\n');
    if (out !== ctx.io.stdout) {
      out.end();
      await once(out, 'finish');
    }
    ctx.done(`Exported ${count} responses${opts.out === '-' ? '' : ` to ${opts.out}`}.`);
  },
});
