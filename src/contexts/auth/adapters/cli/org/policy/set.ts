import { defineVerb } from '../../../../../../module.js';
import { KERNEL_ERRORS } from '../../../../../../kernel/kernel-errors.js';
import { policyText } from './view.js';

export interface SetOptions {
  readonly maxFailures?: string;
  readonly windowMinutes?: string;
  readonly lockMinutes?: string;
  readonly sessionHours?: string;
}

function number(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) {
    throw KERNEL_ERRORS.invalidInput({ problem: `${flag} must be a whole number, got "${v}"` });
  }
  return n;
}

export default defineVerb<SetOptions>({
  flags: (c) =>
    c
      .option('--max-failures <n>', 'failed logins that lock an account (3 to 20)')
      .option('--window-minutes <n>', 'window in which failures count (1 to 1440)')
      .option('--lock-minutes <n>', 'how long a lock lasts (1 to 1440)')
      .option('--session-hours <n>', 'how long a login lasts (1 to 720)'),
  examples: ['renfe org policy set --max-failures 5 --lock-minutes 30', 'renfe org policy set --session-hours 8'],
  async run(opts, ctx) {
    const { app, principal } = await ctx.principal();
    const p = await app.auth.setOrgPolicy(principal, {
      maxFailures: number('--max-failures', opts.maxFailures),
      windowMinutes: number('--window-minutes', opts.windowMinutes),
      lockMinutes: number('--lock-minutes', opts.lockMinutes),
      sessionHours: number('--session-hours', opts.sessionHours),
    });
    const text = await policyText(p);
    ctx.data(p, () => text);
    ctx.done(`Login policy of ${p.organization} updated.`);
  },
});
