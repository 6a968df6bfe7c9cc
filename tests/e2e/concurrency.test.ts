import { describe, expect, it } from 'vitest';
import { describeRun, expectExit, inBatches, initWorkspace, Sandbox } from './helpers.js';
import type { SpawnResult } from './spawn.js';
import { DIALECTS } from '../support/databases.js';

const LOOPS = 4;
const CREATES_PER_LOOP = 5;

describe.each(DIALECTS)('several processes writing one database on $name', (dialect) => {
  it('four concurrent `org create` loops all succeed, with unique slugs and intact audit chains', async () => {
    const sandbox = await Sandbox.on(dialect);
    const owner = sandbox.person('owner');
    const { organization } = await initWorkspace(owner, 'Head Office', 'ana@acme.test');

    // Four loops run at once; each runs its five creates one after the other.
    // Every create uses the same name, so the slug choice races too.
    const runs: SpawnResult[] = (
      await Promise.all(
        Array.from({ length: LOOPS }, async () => {
          const mine: SpawnResult[] = [];
          for (let i = 0; i < CREATES_PER_LOOP; i++)
            mine.push(await owner.run(['--json', 'org', 'create', 'Branch Office']));
          return mine;
        }),
      )
    ).flat();

    expect(runs).toHaveLength(LOOPS * CREATES_PER_LOOP);
    for (const r of runs) {
      expectExit(r, 0);
      expect(r.stderr, describeRun(r)).not.toMatch(/locked|busy/i);
    }
    const createdSlugs = runs.map((r) => (JSON.parse(r.stdout) as { slug: string }).slug);
    expect(new Set(createdSlugs).size).toBe(LOOPS * CREATES_PER_LOOP);

    const orgs = await owner.json<Array<{ slug: string; role: string }>>(['org', 'list']);
    expect(orgs).toHaveLength(1 + LOOPS * CREATES_PER_LOOP);
    const expected = [
      'branch-office',
      ...Array.from({ length: LOOPS * CREATES_PER_LOOP - 1 }, (_, i) => `branch-office-${i + 2}`),
    ];
    expect(createdSlugs.sort()).toEqual(expected.sort());
    expect(orgs.map((o) => o.slug).sort()).toEqual([organization.slug, ...expected].sort());
    expect(orgs.every((o) => o.role === 'owner')).toBe(true);

    // Every chain, the original organisation's and each new one's, verifies.
    const verdicts = await inBatches([organization.slug, ...createdSlugs], LOOPS, (slug) =>
      owner.json<{ ok: boolean; count: number }>(['--org', slug, 'audit', 'verify']),
    );
    expect(verdicts[0]).toEqual({ ok: true, count: 3, organization: organization.slug });
    for (const v of verdicts.slice(1)) expect(v).toMatchObject({ ok: true, count: 2 });
  });
});
