import type { CommandContext } from '../../../../cli/context.js';
import { CLI_ERRORS } from '../../../../cli/errors.js';

/**
 * The size limit of imported files: RENFE_IMPORT_MAX_MB, else the profile's
 * `import.maxFileMB`, else the reader's default (64 MiB).
 */
export async function importMaxBytes(ctx: CommandContext): Promise<number | undefined> {
  const raw = ctx.env.RENFE_IMPORT_MAX_MB || (await ctx.setting('import.maxFileMB'));
  if (raw === undefined || raw === '') return undefined;
  const mib = Number(raw);
  if (!Number.isFinite(mib) || mib <= 0) {
    throw CLI_ERRORS.badConfigValue({
      problem: `the import size limit (RENFE_IMPORT_MAX_MB or import.maxFileMB) must be a positive number of MiB, got "${raw}"`,
    });
  }
  return Math.floor(mib * 1048576);
}
