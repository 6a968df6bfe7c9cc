import type { CommandContext } from '../../../../../cli/context.js';
import type { ScheduleDto } from '../../../application/schedule.commands.js';

export const SCHEDULE_FIELDS = ['name', 'job', 'cron', 'timezone', 'next', 'queue', 'scheduledBy', 'input'] as const;

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

/** One schedule as fields (or JSON). */
export async function scheduleView(ctx: CommandContext, s: ScheduleDto): Promise<void> {
  const { fields } = await import('../../../../../cli/table.js');
  ctx.data(s, () =>
    fields([
      ['name', s.name],
      ['job', s.job],
      ['cron', `${s.cron} (${s.timezone})`],
      ['next', `${when(s.next)} UTC`],
      ['runs on', `the ${s.queue} workers`],
      ['scheduled by', s.scheduledBy],
    ]),
  );
}

export const scheduleColumns = [
  { header: 'NAME', value: (s: ScheduleDto) => s.name },
  { header: 'JOB', value: (s: ScheduleDto) => s.job },
  { header: 'CRON', value: (s: ScheduleDto) => s.cron },
  { header: 'TZ', value: (s: ScheduleDto) => s.timezone },
  { header: 'NEXT', value: (s: ScheduleDto) => s.next ?? '', human: (s: ScheduleDto) => `${when(s.next)} UTC` },
  { header: 'BY', value: (s: ScheduleDto) => s.scheduledBy },
];
