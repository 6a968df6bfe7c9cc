import { defineVerb } from '../../../../../module.js';
import type { WhoAmIDto } from '../../../application/dto.js';

export type WhoamiOptions = Record<string, never>;

export default defineVerb<WhoamiOptions>({
  output: { fields: ['actor', 'organization', 'role', 'database'] },
  examples: ['renfe whoami', 'renfe whoami --json', 'renfe whoami --json organization --jq .organization.slug'],
  async run(_opts, ctx) {
    const { principal } = await ctx.principal();
    const { whoAmIDto } = await import('../../../application/dto.js');
    const { fields } = await import('../../../../../cli/table.js');
    const runtime = await ctx.runtime();
    const dto: WhoAmIDto & { database: string } = { ...whoAmIDto(principal), database: runtime.location };
    ctx.data(dto, () =>
      fields([
        [dto.actor.type === 'user' ? 'user' : 'token', dto.actor.label],
        ['organisation', dto.organization ? `${dto.organization.name} (${dto.organization.slug})` : 'none selected'],
        ['role', dto.role],
        ['database', dto.database],
      ]),
    );
  },
});
