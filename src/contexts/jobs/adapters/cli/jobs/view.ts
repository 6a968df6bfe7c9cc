import type { CommandContext } from '../../../../../cli/context.js';
import type { JobDetailDto, JobDto } from '../../../application/dto.js';

export const JOB_FIELDS = [
  'id',
  'queue',
  'kind',
  'state',
  'attempts',
  'retryLimit',
  'queuedBy',
  'summary',
  'createdAt',
  'startAfter',
  'startedAt',
  'completedAt',
  'lastError',
  'output',
] as const;

export const JOB_DETAIL_FIELDS = [...JOB_FIELDS, 'singletonKey', 'leaseSeconds', 'input', 'runs'] as const;

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '-');

function seconds(from: string | null, to: string | null): string {
  if (!from || !to) return '-';
  return `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)}s`;
}

/** One job as fields (or JSON). */
export async function jobView(ctx: CommandContext, job: JobDto | JobDetailDto): Promise<void> {
  const { fields } = await import('../../../../../cli/table.js');
  ctx.data(job, () => {
    const rows: [string, string | number | null][] = [
      ['id', job.id],
      ['queue', job.queue],
      ['kind', job.kind],
      ['state', job.state],
      ['attempts', `${job.attempts} of ${job.retryLimit + 1}`],
      ['queued by', job.queuedBy],
      ['what', job.summary],
      ['queued', when(job.createdAt)],
      ['not before', when(job.startAfter)],
      ['started', when(job.startedAt)],
      ['finished', when(job.completedAt)],
      ['took', seconds(job.startedAt, job.completedAt)],
      ['last error', job.lastError],
    ];
    if (job.output !== null && job.output !== undefined) rows.push(['output', JSON.stringify(job.output)]);
    let text = fields(rows);
    if ('runs' in job && job.runs.length > 0) {
      const lines = job.runs.map(
        (r) =>
          `  #${r.attempt} ${r.worker} ${when(r.startedAt)} ${seconds(r.startedAt, r.finishedAt)} ${r.outcome}${r.error ? `: ${r.error}` : ''}`,
      );
      text = `${text.replace(/\n$/, '')}\nruns:\n${lines.join('\n')}`;
    }
    return text;
  });
}
