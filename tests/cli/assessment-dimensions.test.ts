import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';

describe.each(DIALECTS)('assessment create --dimensions on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    const init = await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(init.code, init.stderr).toBe(0);
  });
  afterEach(async () => {
    await database.drop();
  });

  it('records the dimension levels and the category they give, and asks fewer questions than the bare category', async () => {
    const dims = 'C=alta,I=basica,T=basica,A=basica,D=na';
    const created = await ws.run([
      'assessment',
      'create',
      '--subject',
      'Sede',
      '--framework',
      'ens-2022',
      '--dimensions',
      dims,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.trim();
    const shown = JSON.parse((await ws.run(['assessment', 'show', id, '--json'])).stdout) as {
      scope: { level: string; dimensions: Record<string, string> };
      progress: { asked: number };
    };
    expect(shown.scope).toMatchObject({
      level: 'alta',
      dimensions: { C: 'alta', I: 'basica', T: 'basica', A: 'basica', D: 'na' },
    });
    const alta = (
      await ws.run(['assessment', 'create', '--subject', 'Sede', '--framework', 'ens-2022', '--level', 'alta'])
    ).stdout.trim();
    const altaShown = JSON.parse((await ws.run(['assessment', 'show', alta, '--json'])).stdout) as {
      progress: { asked: number };
    };
    expect(altaShown.progress.asked).toBe(175); // 187 questions, 12 of them asked only after an earlier answer
    expect(shown.progress.asked).toBe(142);
  });

  it('refuses a malformed value or missing dimensions with one line, and creates nothing', async () => {
    for (const [value, message] of [
      ['C=alta,I', /--dimensions: expected DIMENSION=LEVEL pairs.*not "I"/],
      ['C=alta,C=media', /each dimension once/],
      ['C=alta', /--dimensions: no level for I, T, A, D/],
    ] as const) {
      const r = await ws.run([
        'assessment',
        'create',
        '--subject',
        'X',
        '--framework',
        'ens-2022',
        '--dimensions',
        value,
      ]);
      expect(r.code).toBe(3);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const list = await ws.run(['assessment', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
