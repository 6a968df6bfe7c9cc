import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanCatalog } from '../../application/ports.js';
import { type Plan, PlanFile, plansFrom } from '../../domain/plans.js';
import { BILLING_ERRORS } from '../../errors.js';
import { packageFolder } from '../../../../kernel/package-folder.js';

/** The package's shipped `plans/plans.yaml`, from source (tests) or from the bundle. */
export function shippedPlansFile(): string {
  return join(packageFolder('plans'), 'plans.yaml');
}

/** Plans from a YAML file (the firm's, else the shipped one), read and checked once. */
export function filePlanCatalog(path?: string): PlanCatalog {
  let loaded: Promise<Plan[]> | undefined;
  return {
    plans() {
      loaded ??= (async () => {
        const file = path || shippedPlansFile();
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          throw BILLING_ERRORS.badPlansFile({ file, problem: (error as NodeJS.ErrnoException).code ?? String(error) });
        }
        const { parseYaml } = await import('./yaml.js');
        let data: unknown;
        try {
          data = parseYaml(text, { maxAliasCount: 100 });
        } catch (error) {
          throw BILLING_ERRORS.badPlansFile({ file, problem: (error as Error).message.split('\n')[0] ?? 'not YAML' });
        }
        const result = PlanFile.safeParse(data);
        if (!result.success) {
          const issue = result.error.issues[0];
          throw BILLING_ERRORS.badPlansFile({
            file,
            problem: `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid'}`,
          });
        }
        return plansFrom(result.data);
      })();
      return loaded;
    },
  };
}
