import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A data folder shipped with renfe (`frameworks`, `templates`, `plans`,
 * `surveys`, `courses`): found by walking up from this module, in the source
 * tree (tests) or in the bundle, to the folder that holds package.json and it.
 */
export function packageFolder(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, name))) return join(dir, name);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${name}/ folder of renfe`);
    dir = parent;
  }
}
