import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import { expectExit, initWorkspace, lines, type Person, Sandbox, STACK_FRAME } from './helpers.js';

/**
 * Files built to break a parser or a database: each is bad input (exit 3),
 * reported in one line naming the file and the limit, and nothing changes.
 */
describe.each(DIALECTS)('hostile imported files on $name', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await dialect.fresh();
  });
  afterAll(async () => {
    await database.drop();
  });

  async function workspace(): Promise<{ ana: Person; dir: string; assessment: string }> {
    const sandbox = Sandbox.create();
    const ana = sandbox.person('ana', { env: { RENFE_DATABASE_URL: database.url } });
    await initWorkspace(ana, 'Acme', 'ana@acme.test');
    const created = await ana.ok(['assessment', 'create', '--subject', 'Plant', '--framework', 'nist-csf-2.0']);
    return { ana, dir: sandbox.root, assessment: created.stdout.trim() };
  }

  /** What a refused import must leave exactly as it was. */
  async function state(ana: Person, assessment: string): Promise<string> {
    const [frameworks, answers, audit] = await Promise.all([
      ana.json(['framework', 'list']),
      ana.json(['assessment', 'export-answers', assessment, '--format', 'json']),
      ana.json(['audit', 'list', '--limit', '1000']),
    ]);
    return JSON.stringify({ frameworks, answers, audit });
  }

  function refused(r: Awaited<ReturnType<Person['run']>>, file: string, reason: RegExp): void {
    expectExit(r, 3);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr), r.stderr).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr).not.toMatch(/unexpected/i);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(reason);
  }

  it('deep nesting, alias bombs, NUL characters, oversized files and fields give exit 3 and change nothing', async () => {
    const { ana, dir, assessment } = await workspace();
    const before = await state(ana, assessment);
    const file = (name: string, content: string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const head = 'id: evil\nversion: "1"\nname: Evil\nrequirements:\n';
    const cases: { path: string; reason: RegExp; env?: Record<string, string> }[] = [
      {
        path: file('deep.json', `{"id":"evil","requirements":${'['.repeat(200_000)}${']'.repeat(200_000)}}`),
        reason: /nested deeper than 100 levels/,
      },
      {
        path: file('deep-flow.yaml', `${head}  - ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`),
        reason: /nested deeper than 100 levels/,
      },
      {
        path: file(
          'bomb.yaml',
          [
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
            ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
            'requirements: *i',
          ].join('\n'),
        ),
        reason: /more than 10000 YAML alias expansions/,
      },
      {
        path: file('nul.yaml', `${head}  - id: A.1\n    title: "Access\u0000 control"\n`),
        reason: /line 6, column \d+: a NUL character/,
      },
      {
        path: file(
          'nul-escape.json',
          '{"id":"evil","version":"1","name":"Evil","requirements":[{"id":"A","title":"x\\u0000y"}]}',
        ),
        reason: /requirements\[0\]\.title: a NUL character/,
      },
      {
        path: file('long.yaml', `${head}  - id: A.1\n    title: "${'x'.repeat(70_000)}"\n`),
        reason: /requirements\[0\]\.title: a text of 70000 characters; one text field is limited to 65536/,
      },
      {
        path: file('long.csv', `requirement_id,requirement_title\nA.1,${'y'.repeat(70_000)}\n`),
        reason: /row 2, column 2: a text of 70000 characters/,
      },
      {
        path: file('big.yaml', `${head}${'  - id: A.1\n    title: padding padding padding\n'.repeat(30_000)}`),
        reason: /is 1\.\d MiB; imported files are limited to 1 MiB/,
        env: { RENFE_IMPORT_MAX_MB: '1' },
      },
    ];
    for (const c of cases) {
      refused(await ana.run(['framework', 'import', c.path], c.env ? { env: c.env } : {}), c.path, c.reason);
    }

    const answers: { path: string; reason: RegExp }[] = [
      {
        path: file('nul.csv', 'question,value,note\nGV.OC-01.Q1,yes,"tab\u0000le"\n'),
        reason: /line 2, column \d+: a NUL character/,
      },
      {
        path: file('nul.json', '[{"question":"GV.OC-01.Q1","value":"yes","note":"a\\u0000b"}]'),
        reason: /\[0\]\.note: a NUL character/,
      },
      {
        path: file('deep-answers.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
        reason: /nested deeper than 100/,
      },
      { path: file('empty.csv', ''), reason: /no answers in the file/ },
      { path: file('header-only.csv', 'question,value,note\n'), reason: /no answers in the file/ },
      { path: file('empty.json', '[]'), reason: /no answers in the file/ },
    ];
    for (const c of answers)
      refused(await ana.run(['assessment', 'import-answers', assessment, c.path]), c.path, c.reason);

    expect(await state(ana, assessment)).toBe(before);
  });
});
