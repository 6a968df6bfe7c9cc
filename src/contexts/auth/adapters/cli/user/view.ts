import type { CommandContext } from '../../../../../cli/context.js';
import type { MemberDto } from '../../../application/dto.js';

/** One member as fields (or JSON). */
export async function memberView(ctx: CommandContext, member: MemberDto): Promise<void> {
  const { fields } = await import('../../../../../cli/table.js');
  ctx.data(member, () =>
    fields([
      ['email', member.email],
      ['name', member.name],
      ['role', member.role],
      ['status', member.status],
      ['password set', member.hasPassword ? 'yes' : 'no'],
      ['joined', member.joinedAt],
    ]),
  );
}

export const MEMBER_FIELDS = ['id', 'email', 'name', 'role', 'status', 'hasPassword', 'joinedAt'] as const;
