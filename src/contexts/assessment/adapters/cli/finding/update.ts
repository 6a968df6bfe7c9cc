import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { defineVerb } from '../../../../../module.js';
import { FINDING_STATUS_HELP } from './view.js';

export interface UpdateOptions {
  readonly id: string;
  readonly owner?: string;
  readonly due?: string;
  readonly status?: string;
}

export default defineVerb<UpdateOptions>({
  flags: (c) =>
    c
      .option('--owner <who>', 'who fixes it (empty to clear)')
      .option('--due <date>', 'due date YYYY-MM-DD (empty to clear)')
      .option('--status <status>', FINDING_STATUS_HELP),
  examples: ['renfe finding update k3m9x2pq:A.5.3 --owner "Luis Pérez" --due 2027-03-31 --status in_progress'],
  async run(opts, ctx) {
    const { id, owner, due, status } = opts;
    if (owner === undefined && due === undefined && status === undefined) {
      throw CLI_ERRORS.missingFlag({ flag: '--owner, --due or --status' }, { hint: 'nothing to change' });
    }
    const { app, principal } = await ctx.principal();
    const f = await app.assessment.updateFinding(principal, id, { owner, due, status });
    ctx.data(f, () => '');
    ctx.done(`Finding ${f.id}: ${f.status}${f.owner ? `, owner ${f.owner}` : ''}${f.due ? `, due ${f.due}` : ''}.`);
  },
});
