import { defineVerb } from '../../../../../module.js';
import type { PeerStatus } from '../../../application/sync.queries.js';
import { openPeer } from './peer.js';

export interface StatusOptions {
  readonly with?: string;
  readonly peerOrg?: string;
}

export default defineVerb<StatusOptions>({
  flags: (c) =>
    c
      .option('--with <profile-or-url>', 'compare with this database (else: what changed here per peer)')
      .option('--peer-org <slug>', "the organisation on the other side (else its profile's, or your only one there)"),
  output: {
    fields: [
      'peer',
      'organisation',
      'lastPushAt',
      'lastPullAt',
      'compared',
      'toSend',
      'toReceive',
      'unchanged',
      'conflicts',
      'assessments',
      'surveys',
      'training',
      'notes',
    ],
    list: true,
  },
  examples: ['renfe sync status', 'renfe sync status --with central --json'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    let rows: PeerStatus[];
    if (opts.with) {
      const peer = await openPeer(ctx, opts.with, opts.peerOrg);
      try {
        rows = await app.sync.status(principal, { peer: peer.connection });
      } finally {
        await peer.close();
      }
    } else {
      rows = await app.sync.status(principal, {});
    }
    for (const note of rows.flatMap((r) => r.notes)) ctx.warn(note);
    if (rows.length === 0 && !ctx.globals.json) {
      ctx.say('Not synced with any database yet: renfe sync push --to <profile-or-url>');
      return;
    }
    await ctx.list(rows, [
      { header: 'PEER', value: (r) => r.peer },
      { header: 'ORG', value: (r) => r.organisation },
      { header: 'TO SEND', value: (r) => String(r.toSend) },
      { header: 'TO RECEIVE', value: (r) => (r.compared ? String(r.toReceive) : '?') },
      { header: 'UNCHANGED', value: (r) => String(r.unchanged) },
      { header: 'CONFLICTS', value: (r) => String(r.conflicts) },
      { header: 'LAST PUSH', value: (r) => r.lastPushAt ?? '', human: (r) => r.lastPushAt ?? 'never' },
    ]);
  },
});
