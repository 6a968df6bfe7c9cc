import type { CommandContext } from '../../../../../cli/context.js';
import { CLI_ERRORS } from '../../../../../cli/errors.js';
import { progressBar } from '../../../../../cli/progress.js';
import type { SyncRunInput, SyncSummary } from '../../../application/sync.commands.js';
import { openPeer } from './peer.js';

export interface RunOptions {
  readonly assessment?: string[];
  readonly survey?: string[];
  readonly course?: string[];
  readonly batch?: string;
  readonly peerOrg?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The flags push and pull share. */
export function runFlags(c: import('commander').Command): import('commander').Command {
  return c
    .option('--assessment <id>', 'only this assessment (repeat for more)', collect)
    .option('--survey <key@version>', "only this survey version's responses (repeat for more)", collect)
    .option('--course <key@version>', "only this course version's attempts (repeat for more)", collect)
    .option('--peer-org <slug>', "the organisation on the other side (else its profile's, or your only one there)")
    .option('--batch <n>', 'records per batch; each batch commits on both sides with the sync state (default 200)');
}

/** Opens the peer, runs a push or pull with a progress bar, prints the summary, and closes the peer. */
export async function runSync(
  ctx: CommandContext,
  peerName: string,
  opts: RunOptions & { all?: boolean },
  verb: 'push' | 'pull',
): Promise<void> {
  let batchSize: number | undefined;
  if (opts.batch !== undefined) {
    batchSize = Number(opts.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw CLI_ERRORS.usage({ problem: `--batch must be a whole number above 0, got "${opts.batch}"` });
  }
  for (const [flag, refs] of [
    ['--survey', opts.survey],
    ['--course', opts.course],
  ] as const) {
    const bad = refs?.find((r) => !/^[^@\s]+@\d+$/.test(r));
    if (bad !== undefined) throw CLI_ERRORS.usage({ problem: `${flag} takes a version as key@version, got "${bad}"` });
  }
  const { app, principal } = await ctx.principal();
  const peer = await openPeer(ctx, peerName, opts.peerOrg);
  // Only for tests of an interrupted sync: a pause after each committed batch.
  const pause = Number(ctx.env.RENFE_SYNC_TEST_PAUSE_MS ?? 0);
  const bar = progressBar(ctx, verb === 'push' ? 'sending' : 'receiving');
  let summary: SyncSummary;
  try {
    const input: SyncRunInput = {
      peer: peer.connection,
      ...(opts.assessment ? { assessments: opts.assessment } : {}),
      ...(opts.survey ? { surveys: opts.survey } : {}),
      ...(opts.course ? { courses: opts.course } : {}),
      ...(opts.all ? { all: true } : {}),
      ...(batchSize ? { batchSize } : {}),
      ...(pause > 0 ? { afterBatch: () => new Promise<void>((r) => setTimeout(r, pause)) } : {}),
      progress: bar.update,
    };
    summary = await (verb === 'push' ? app.sync.push(principal, input) : app.sync.pull(principal, input));
  } finally {
    bar.end();
    await peer.close();
  }
  ctx.data(summary, () => '');
  for (const note of summary.notes) ctx.warn(note);
  const moved = verb === 'push' ? `sent ${summary.sent}` : `received ${summary.received}`;
  ctx.done(
    `${verb === 'push' ? 'Pushed to' : 'Pulled from'} ${summary.organisation} at ${summary.peer}: ${moved}, ` +
      `${summary.unchanged} unchanged, ${summary.conflicts} in conflict` +
      (summary.waiting > 0 ? `; ${summary.waiting} to ${verb === 'push' ? 'pull' : 'push'}` : '') +
      '.',
  );
  if (summary.conflicts > 0) ctx.say('See them with: renfe sync conflicts');
}

/** An answer or record value in a few words. */
export function shortValue(value: unknown): string {
  if (value === null || value === undefined) return '(deleted)';
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if ('value' in v) {
    const answer = Array.isArray(v.value) ? v.value.join(',') : String(v.value);
    return v.note ? `${answer} (${String(v.note)})` : answer;
  }
  if ('status' in v && 'requirement' in v) return `${String(v.status)}${v.owner ? ` ${String(v.owner)}` : ''}`;
  if ('name' in v) return String(v.name);
  return JSON.stringify(v);
}
