import { defineVerb } from '../../../../../../module.js';
import { POLICY_FIELDS, policyText } from './view.js';

export type ShowOptions = Record<string, never>;

export default defineVerb<ShowOptions>({
  output: { fields: POLICY_FIELDS },
  examples: [
    'renfe org policy show',
    'renfe org policy show --json',
    'renfe org policy show --json maxFailures,lockMinutes',
  ],
  async run(_opts, ctx) {
    const { app, principal } = await ctx.principal();
    const p = await app.auth.showOrgPolicy(principal);
    const text = await policyText(p);
    ctx.data(p, () => text);
  },
});
