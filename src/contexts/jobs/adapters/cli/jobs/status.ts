import { defineVerb } from '../../../../../module.js';
import { JOB_STATES } from '../../../domain/job.js';

export type StatusOptions = Record<string, never>;

export default defineVerb<StatusOptions>({
  output: { fields: ['engine', 'queues', 'workers', 'active', 'mail', 'schedules'] },
  examples: [
    'renfe jobs status',
    'renfe jobs status --json queues',
    "renfe jobs status --jq '.queues[] | select(.counts.failed > 0)'",
  ],
  async run(_opts, ctx) {
    const { app, principal } = await ctx.principal();
    const s = await app.jobs.status(principal);
    ctx.data(s, () => {
      const width = Math.max(...s.queues.map((q) => q.queue.length));
      const lines = [
        `queue engine: ${s.engine}`,
        '',
        `${'QUEUE'.padEnd(width)}  ${JOB_STATES.map((st) => st.toUpperCase()).join('  ')}`,
      ];
      for (const q of s.queues) {
        lines.push(
          `${q.queue.padEnd(width)}  ${JOB_STATES.map((st) => String(q.counts[st]).padStart(st.length)).join('  ')}`,
        );
      }
      lines.push('');
      if (s.workers.length === 0)
        lines.push('workers: none has run a job in the last 15 minutes (start one with `renfe worker`)');
      else {
        lines.push('workers (last 15 minutes):');
        for (const w of s.workers)
          lines.push(`  ${w.worker}  ${w.runs} run(s), last ${w.lastSeen.slice(0, 19).replace('T', ' ')}`);
      }
      if (s.active.length > 0) {
        lines.push('running now:');
        for (const a of s.active) {
          lines.push(
            `  ${a.id}  ${a.queue} ${a.kind} since ${(a.startedAt ?? '-').slice(0, 19).replace('T', ' ')} (lease ${a.leaseSeconds}s)`,
          );
        }
      }
      lines.push(`mail: ${s.mail.accepted} accepted, ${s.mail.rejected} rejected, ${s.mail.deferred} deferred`);
      for (const sc of s.schedules) lines.push(`schedule: ${sc.name} ${sc.kind} at "${sc.cron}" (${sc.timezone})`);
      return lines.join('\n');
    });
  },
});
