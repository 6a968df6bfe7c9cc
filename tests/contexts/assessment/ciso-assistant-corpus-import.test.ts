import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, testApp } from '../../support/app.js';

/**
 * The CISO Assistant sample beside the repository (`../shared/ciso-assistant-sample/`,
 * unchanged from intuitem/ciso-assistant-community), imported into a database as a
 * user would: frameworks first, then mapping libraries. Skipped, with a notice,
 * where the sample is absent.
 */
const SAMPLE = fileURLToPath(new URL('../../../../shared/ciso-assistant-sample/', import.meta.url));
const present = existsSync(SAMPLE);
if (!present) console.warn(`ciso-assistant corpus: ${SAMPLE} is absent; the import test is skipped`);

const files = present
  ? readdirSync(SAMPLE)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort((a, b) => Number(a.startsWith('mapping-')) - Number(b.startsWith('mapping-')) || a.localeCompare(b))
  : [];

describe.skipIf(!present).each(DIALECTS)('the CISO Assistant sample imported on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  const outcomes: { file: string; result: string }[] = [];

  beforeAll(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme Consulting', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });

  afterAll(async () => {
    try {
      await app.close();
    } finally {
      await database.drop();
    }
  });

  it('imports every framework and mapping library, refuses the others as unsupported, and stores every node', async () => {
    for (const file of files) {
      const raw = parse(readFileSync(`${SAMPLE}${file}`, 'utf8')) as {
        objects?: { framework?: { requirement_nodes?: unknown[] }; requirement_mapping_sets?: unknown[] };
      };
      const nodes = raw.objects?.framework?.requirement_nodes?.length ?? 0;
      try {
        const result = await app.assessment.importFramework(owner, { path: `${SAMPLE}${file}` });
        if (result.framework) {
          const stored = await app.handle.db
            .selectFrom('assessment_requirements as r')
            .innerJoin('assessment_frameworks as f', 'f.id', 'r.framework_id')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('f.framework_key', '=', result.framework.id)
            .where('f.version', '=', result.framework.version)
            .executeTakeFirstOrThrow();
          expect(Number(stored.n), file).toBe(nodes);
        }
        // Frameworks first: every link of a mapping library finds its requirements (shipped or imported).
        for (const m of result.mappingSets) expect(m.unresolved, `${file}: ${m.id}`).toBe(0);
        const unresolved = result.mappingSets.map((m) => `${m.id}: ${m.unresolved ?? '?'} of ${m.mappings}`);
        outcomes.push({ file, result: `imported${unresolved.length ? ` (${unresolved.join('; ')})` : ''}` });
      } catch (error) {
        const e = error as { kind?: string; message: string };
        expect(e.kind, `${file}: ${e.message}`).toBe('unsupported');
        expect(nodes).toBe(0);
        outcomes.push({ file, result: 'refused: unsupported' });
      }
    }
    console.info(outcomes.map((o) => `${o.file}: ${o.result}`).join('\n'));
    expect(outcomes.filter((o) => o.result.startsWith('imported'))).toHaveLength(18);
    expect(outcomes.filter((o) => o.result.startsWith('refused'))).toHaveLength(3);
  }, 240_000);

  it('leaves the shipped ids to the shipped catalogs', async () => {
    for (const id of ['iso27001-2022', 'nist-csf-2.0', 'soc2-2017']) {
      const shown = await app.assessment.showFramework(owner, id);
      expect(shown.revision ?? null, id).toBeNull();
    }
    expect((await app.assessment.showFramework(owner, 'iso27001-2013')).version).toBe('2013');
  });
});
