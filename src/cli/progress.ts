import type { CommandContext } from './context.js';

/** A spinner on stderr while `work` runs, only on a terminal and never under --json. */
export async function withSpinner<T>(ctx: CommandContext, text: string, work: () => Promise<T>): Promise<T> {
  if (!ctx.io.stderrIsTTY || ctx.globals.json) return work();
  const { default: ora } = await import('ora');
  const spinner = ora({
    text,
    stream: ctx.io.stderr as NodeJS.WritableStream,
    color: 'cyan',
    isEnabled: ctx.color,
  }).start();
  try {
    const result = await work();
    spinner.stop();
    return result;
  } catch (error) {
    spinner.stop();
    throw error;
  }
}
