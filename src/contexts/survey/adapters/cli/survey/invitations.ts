import { defineVerb } from '../../../../../module.js';

export interface InvitationsOptions {
  readonly survey: string;
}

export default defineVerb<InvitationsOptions>({
  output: { fields: ['survey', 'anonymous', 'invited', 'opened', 'completed', 'people'] },
  examples: [
    'renfe survey invitations security-culture',
    'renfe survey invitations security-culture --json invited,completed',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const s = await app.survey.invitations(principal, opts.survey);
    const { table } = await import('../../../../../cli/table.js');
    ctx.data(s, () =>
      [
        `${s.survey}: ${s.invited} invited, ${s.opened} opened, ${s.completed} completed${s.anonymous ? ' (anonymous: nobody is named)' : ''}`,
        table(
          ['EMAIL', 'OPENED', 'COMPLETED', 'EXPIRES'],
          s.people.map((p) => [p.email, p.opened ? 'yes' : 'no', p.completed ? 'yes' : 'no', p.expiresAt.slice(0, 10)]),
        ),
      ]
        .filter(Boolean)
        .join('\n'),
    );
  },
});
