import { defineVerb } from '../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../kernel/kernel-errors.js';

export interface ListOptions {
  readonly limit?: string;
  readonly action?: string;
}

export const AUDIT_EVENT_FIELDS = ['seq', 'at', 'actor', 'action', 'target', 'details', 'hash'] as const;

/** Entries shown when --limit is not given. */
const DEFAULT_LIMIT = '50';

export default defineVerb<ListOptions>({
  flags: (c) => c.option('--action <action>', 'only this action, e.g. auth.login_failed'),
  output: { fields: AUDIT_EVENT_FIELDS, list: true },
  description: `At most ${DEFAULT_LIMIT} entries unless --limit says otherwise.`,
  examples: [
    'renfe audit list --limit 20',
    'renfe audit list --action auth.login_failed --json',
    'renfe audit list --json seq,action,actor --jq ".[].action"',
  ],
  async run(opts, ctx) {
    const raw = opts.limit ?? DEFAULT_LIMIT;
    const limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1) {
      throw KERNEL_ERRORS.invalidInput({ problem: `--limit must be a positive whole number, got "${raw}"` });
    }
    const { app, principal } = await ctx.principal();
    const events = await app.audit.list(principal, { limit, action: opts.action });
    await ctx.list(
      events,
      [
        { header: '#', value: (e) => e.seq },
        { header: 'AT', value: (e) => e.at },
        { header: 'ACTOR', value: (e) => e.actor.label },
        { header: 'ACTION', value: (e) => e.action },
        { header: 'TARGET', value: (e) => e.target.type },
        { header: 'DETAILS', value: (e) => JSON.stringify(e.details) },
      ],
      { limit },
    );
  },
});
