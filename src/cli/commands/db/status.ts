import { defineVerb } from '../../../module.js';

export type StatusOptions = Record<string, never>;

export default defineVerb<StatusOptions>({
  output: { fields: ['database', 'dialect', 'state', 'applied', 'pending', 'unknown'] },
  examples: ['renfe db status', 'renfe db status --json', 'renfe db status --json state,pending'],
  async run(_opts, ctx) {
    const app = await ctx.app('any');
    const s = app.schema;
    const state = s.unknown.length ? 'newer than this renfe' : s.pending.length ? 'behind' : 'up to date';
    const status = {
      database: app.handle.location,
      dialect: app.handle.capabilities.name,
      state,
      applied: s.applied,
      pending: s.pending,
      unknown: s.unknown,
    };
    const { fields } = await import('../../table.js');
    ctx.data(status, () =>
      fields([
        ['database', status.database],
        ['dialect', status.dialect],
        ['schema', state],
        ['applied', s.applied.join(', ') || 'none'],
        ['pending', s.pending.join(', ') || 'none'],
        ...(s.unknown.length ? ([['unknown', s.unknown.join(', ')]] as const) : []),
      ]),
    );
  },
});
