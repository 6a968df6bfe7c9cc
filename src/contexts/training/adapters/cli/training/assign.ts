import { defineVerb } from '../../../../../module.js';

export interface AssignOptions {
  readonly course: string;
  readonly user?: string;
  readonly role?: string;
  readonly all?: boolean;
  readonly due: string;
  readonly onNewVersion?: string;
  readonly retake?: boolean;
}

export default defineVerb<AssignOptions>({
  flags: (c) =>
    c
      .requiredOption('--course <id>', 'the course')
      .option('--user <email>', 'one member')
      .option('--role <role>', 'everyone holding the role, now and later (owner, admin, consultant, viewer)')
      .option('--all', 'every member, now and later')
      .requiredOption('--due <date>', 'the day it is due (YYYY-MM-DD)')
      .option('--on-new-version <policy>', 'keep (a completion of an earlier version counts) or retake', 'keep')
      .option('--retake', 'ask everyone in this audience to take the newest version now'),
  description:
    'Role and --all assignments are resolved when read: people who join the role later have the course too. Assigning again to the same audience changes the due date and policy.',
  examples: [
    'renfe training assign --course phishing --all --due 2027-06-30',
    'renfe training assign --course passwords-mfa --role consultant --due 2027-05-31 --on-new-version retake',
    'renfe training assign --course gdpr-personal-data --user lea@acme.test --due 2027-04-15',
  ],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const a = await app.training.assign(principal, opts);
    ctx.data(a, () => a.id);
    ctx.done(
      `${a.course} ${a.outcome === 'updated' ? 'reassigned' : 'assigned'} to ${a.audience}, due ${a.due} (on a new version: ${a.policy}).`,
    );
    if (a.overdue) ctx.warn(`the due date ${a.due} has already passed: the assignment is overdue from today`);
  },
});
