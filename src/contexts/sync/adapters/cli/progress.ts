import type { CommandContext } from '../../../../cli/context.js';

/** Above this many records a counter is shown. */
const HANDFUL = 20;

/**
 * A counter on stderr (`label 120/1500`), redrawn in place, only on a
 * terminal and never under --json; `end` clears it.
 */
export function progressCounter(ctx: CommandContext, label: string) {
  const shown = ctx.io.stderrIsTTY && !ctx.globals.json;
  let drawn = false;
  let last = 0;
  return {
    update(done: number, total: number): void {
      if (!shown || total <= HANDFUL) return;
      const now = Date.now();
      if (done !== total && now - last < 80) return;
      last = now;
      ctx.io.stderr.write(`\r${label} ${done}/${total}`);
      drawn = true;
    },
    end(): void {
      if (drawn) ctx.io.stderr.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
