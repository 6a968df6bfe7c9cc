import { defineVerb } from '../../../../../module.js';
import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { type RunOptions, runFlags, runSync } from './view.js';

export interface PushOptions extends RunOptions {
  readonly to?: string;
}

export default defineVerb<PushOptions>({
  flags: (c) => runFlags(c.option('--to <profile-or-url>', 'the central database: a profile name, or a database URL')),
  description:
    'Sends every record changed here since the last sync (answers and notes, findings tracking, evidence and its ' +
    'files, the assessment itself, submitted survey responses, finished training attempts); deletions go as ' +
    "tombstones. A survey version missing there is created there; an anonymous survey's responses carry no " +
    'email and no time finer than the day. A record changed on both sides is kept as a ' +
    'conflict here and sent by no side until resolved. The central side checks your login and role there and ' +
    'audits each change on its own chain. Pushing again sends nothing new.',
  examples: [
    'renfe sync push --to central',
    'renfe sync push --to postgres://renfe@db.example.com/renfe --assessment k3m9x2pq --json',
    'renfe sync push --to central --survey security-culture@1 --course phishing@1',
  ],
  async run(opts, ctx) {
    if (!opts.to) throw CLI_ERRORS.missingFlag({ flag: '--to <profile-or-url>' });
    await runSync(ctx, opts.to, opts, 'push');
  },
});
