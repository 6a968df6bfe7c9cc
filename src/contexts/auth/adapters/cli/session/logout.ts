import { defineVerb } from '../../../../../module.js';

export type LogoutOptions = Record<string, never>;

export default defineVerb<LogoutOptions>({
  examples: ['renfe logout'],
  async run(_opts, ctx) {
    const runtime = await ctx.runtime();
    const stored = runtime.profile.sessions[runtime.location];
    if (!stored) {
      ctx.say('Not logged in.');
      return;
    }
    const app = await ctx.app();
    await app.auth.logout(stored.token);
    runtime.config.clearSession(runtime.profileName, runtime.location);
    ctx.done(`Logged out ${stored.email}.`);
  },
});
