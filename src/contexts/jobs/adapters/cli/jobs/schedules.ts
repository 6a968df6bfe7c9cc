import { defineVerb } from '../../../../../module.js';
import { SCHEDULE_FIELDS, scheduleColumns } from './schedule-view.js';

export interface SchedulesOptions {
  readonly limit?: string;
}

export default defineVerb<SchedulesOptions>({
  output: { fields: SCHEDULE_FIELDS, list: true },
  examples: ['renfe jobs schedules', 'renfe jobs schedules --json name,next'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const schedules = await app.jobs.schedules(principal);
    await ctx.list(schedules, scheduleColumns, { limit: opts.limit });
    if (schedules.length === 0)
      ctx.say('No schedules; make one with `renfe jobs schedule <name> --cron ... --job ...`.');
  },
});
