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

/** Above this many items a progress bar is worth drawing. */
const HANDFUL = 20;

/**
 * A progress bar on stderr (`label [#######.......]  120/1500`), redrawn in
 * place at most every 80 ms, only on a terminal, never under --json, and only
 * when the work has more than a handful of items; `end` clears it.
 */
export function progressBar(ctx: CommandContext, label: string) {
  const shown = ctx.io.stderrIsTTY && !ctx.globals.json;
  let drawn = false;
  let last = 0;
  return {
    update(done: number, total: number): void {
      if (!shown || total <= HANDFUL) return;
      const now = Date.now();
      if (done !== total && now - last < 80) return;
      last = now;
      const width = 30;
      const filled = Math.round((Math.min(done, total) / total) * width);
      ctx.io.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    end(): void {
      if (drawn) ctx.io.stderr.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
