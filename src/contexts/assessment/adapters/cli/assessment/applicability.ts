import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { defineVerb } from '../../../../../module.js';
import type { ApplicabilityDto } from '../../../application/applicability.command.js';
import { INCLUSION_REASONS } from '../../../domain/applicability.js';
import { ASSESSMENT_ERRORS } from '../../../errors.js';

export interface ApplicabilityOptions {
  readonly id: string;
  readonly control?: string;
  readonly applicable?: string;
  readonly justification?: string;
  readonly reason?: string[];
  readonly missing?: boolean;
  readonly lang: string;
  readonly limit?: string;
}

const YES = new Set(['yes', 'y', 'true']);
const NO = new Set(['no', 'n', 'false']);

function applicableFlag(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  throw ASSESSMENT_ERRORS.applicabilityInvalid({ problem: `--applicable must be yes or no, got "${value}"` });
}

/** `--reason risk --reason legal` or `--reason risk,legal`. */
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

export default defineVerb<ApplicabilityOptions>({
  description:
    'With --applicable, records whether a control (an Annex A control such as A.5.1, or framework:A.5.1) applies and why. ' +
    'Without it, prints the Statement of Applicability: every control, whether it applies, the reasons and justification, ' +
    'and its implementation status from the answers. An excluded control is scored as not applicable.',
  flags: (c) =>
    c
      .option('--applicable <yes|no>', 'whether the control applies')
      .option('--justification <text>', 'why it is included or excluded')
      .option(
        '--reason <reason>',
        `why it is included: ${INCLUSION_REASONS.join(', ')} (risk treatment, legal, contract, business need); repeatable`,
        collect,
      )
      .option('--missing', 'list only the controls with no justification')
      .option('--lang <lang>', 'language of the titles (en, es)', 'en'),
  output: {
    fields: [
      'framework',
      'control',
      'title',
      'applicable',
      'decided',
      'reasons',
      'justification',
      'justified',
      'status',
      'decidedBy',
      'decidedAt',
    ],
    list: true,
  },
  examples: [
    'renfe assessment applicability k3m9x2pq A.7.5 --applicable no --justification "No premises of our own: offices in a managed building"',
    'renfe assessment applicability k3m9x2pq A.5.34 --applicable yes --reason legal --justification "GDPR"',
    'renfe assessment applicability k3m9x2pq',
    'renfe assessment applicability k3m9x2pq --missing --json control,title',
  ],
  async run(opts, ctx) {
    if (opts.applicable === undefined) {
      if (opts.justification !== undefined || opts.reason !== undefined) {
        throw CLI_ERRORS.missingFlag({ flag: '--applicable' }, { hint: 'say whether the control applies: yes or no' });
      }
      const { app, principal } = await ctx.principal();
      let rows: ApplicabilityDto[] = await app.assessment.applicability(principal, opts.id, opts.lang);
      if (opts.control !== undefined) {
        const ref = opts.control;
        const colon = ref.lastIndexOf(':');
        const id = colon > 0 ? ref.slice(colon + 1) : ref;
        rows = rows.filter((r) => r.control === id && (colon <= 0 || r.framework === ref.slice(0, colon)));
        if (rows.length === 0) throw ASSESSMENT_ERRORS.requirementNotFound({ ref });
      }
      if (opts.missing) rows = rows.filter((r) => !r.justified);
      await ctx.list(
        rows,
        [
          { header: 'CONTROL', value: (r) => r.control },
          { header: 'TITLE', value: (r) => r.title },
          { header: 'APPLICABLE', value: (r) => (r.applicable ? 'yes' : 'no') },
          {
            header: 'JUSTIFICATION',
            value: (r) => [r.reasons.join(','), r.justification ?? ''].filter(Boolean).join(': '),
            human: (r) =>
              r.justified
                ? [r.reasons.join(', '), r.justification ?? ''].filter(Boolean).join(': ')
                : '! no justification',
          },
          { header: 'STATUS', value: (r) => r.status, human: (r) => r.status.replace(/_/g, ' ') },
        ],
        { limit: opts.limit },
      );
      if (!opts.missing) {
        const missing = rows.filter((r) => !r.justified).length;
        if (missing > 0) ctx.say(`${missing} of ${rows.length} controls have no justification.`);
      }
      return;
    }
    if (opts.control === undefined) {
      throw CLI_ERRORS.missingArgument({ problem: 'missing the control to decide on (e.g. A.5.1)' });
    }
    const applicable = applicableFlag(opts.applicable);
    const { app, principal } = await ctx.principal();
    const row = await app.assessment.setApplicability(principal, {
      assessmentId: opts.id,
      control: opts.control,
      applicable,
      justification: opts.justification,
      reasons: opts.reason,
    });
    ctx.data(row, () => '');
    ctx.done(
      `${row.framework}:${row.control} ${row.applicable ? 'applies' : 'is excluded'}${
        row.justified ? '.' : '; it has no justification yet.'
      }`,
    );
  },
});
