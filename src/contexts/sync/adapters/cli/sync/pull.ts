import { defineVerb } from '../../../../../module.js';
import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { type RunOptions, runFlags, runSync } from './view.js';

export interface PullOptions extends RunOptions {
  readonly from?: string;
  readonly all?: boolean;
}

export default defineVerb<PullOptions>({
  flags: (c) =>
    runFlags(
      c
        .option('--from <profile-or-url>', 'the central database: a profile name, or a database URL')
        .option(
          '--all',
          'every assessment (and survey version with responses, and course) of the organisation there, not only those synced before',
        ),
    ),
  description:
    'Brings what changed there since the last sync into the assessments this workspace synced with it before ' +
    '(or those named with --assessment, or --all); an assessment not here yet comes whole. Also brings the ' +
    'submitted responses of survey versions both sides hold and the finished attempts of courses both sides ' +
    'hold (of people who are members here). Conflicts are kept here, never overwritten.',
  examples: [
    'renfe sync pull --from central',
    'renfe sync pull --from central --assessment k3m9x2pq --json',
    'renfe sync pull --from central --survey security-culture@1',
  ],
  async run(opts, ctx) {
    if (!opts.from) throw CLI_ERRORS.missingFlag({ flag: '--from <profile-or-url>' });
    await runSync(ctx, opts.from, opts, 'pull');
  },
});
