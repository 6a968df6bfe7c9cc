import { defineVerb } from '../../../../../module.js';
import { shortValue } from './view.js';

export interface ConflictsOptions {
  readonly all?: boolean;
  readonly assessment?: string;
  readonly limit?: string;
}

export default defineVerb<ConflictsOptions>({
  flags: (c) => c.option('--all', 'resolved conflicts too').option('--assessment <id>', "only this assessment's"),
  output: {
    fields: [
      'id',
      'assessment',
      'record',
      'kind',
      'peer',
      'local',
      'remote',
      'detectedAt',
      'resolvedAt',
      'resolvedBy',
      'resolution',
    ],
    list: true,
  },
  examples: ['renfe sync conflicts', 'renfe sync conflicts --assessment k3m9x2pq --json'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const rows = await app.sync.conflicts(principal, { all: opts.all === true, assessment: opts.assessment });
    if (rows.length === 0 && !ctx.globals.json) {
      ctx.say(opts.all ? 'No sync conflicts.' : 'No open sync conflicts.');
      return;
    }
    await ctx.list(
      rows,
      [
        { header: 'ID', value: (r) => r.id },
        { header: 'ASSESSMENT', value: (r) => r.assessment },
        { header: 'RECORD', value: (r) => r.record },
        { header: 'HERE', value: (r) => shortValue(r.local?.value) },
        { header: 'BY', value: (r) => r.local?.by ?? '' },
        { header: 'AT', value: (r) => r.local?.at ?? '' },
        { header: 'THERE', value: (r) => shortValue(r.remote?.value) },
        { header: 'BY', value: (r) => r.remote?.by ?? '' },
        { header: 'AT', value: (r) => r.remote?.at ?? '' },
        ...(opts.all ? [{ header: 'RESOLVED', value: (r: (typeof rows)[number]) => r.resolution ?? '' }] : []),
      ],
      { limit: opts.limit },
    );
  },
});
