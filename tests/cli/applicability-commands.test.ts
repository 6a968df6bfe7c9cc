import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace, type CliResult } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const jsonError = (r: CliResult) => (JSON.parse(r.stderr) as { error: { code: string } }).error;

describe.each(DIALECTS)('assessment applicability on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let id: string;

  const ok = async (argv: string[]) => {
    const r = await ws.run(argv);
    expect(r.code, `renfe ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    const init = await ws.run(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(init.code, init.stderr).toBe(0);
    id = (await ok(['assessment', 'create', '--subject', 'Clinic', '--framework', 'iso27001-2022'])).stdout.trim();
  });
  afterEach(async () => {
    await database.drop();
  });

  it('records an exclusion and an inclusion, says so on stderr, and lists them with the rest', async () => {
    const excluded = await ok([
      'assessment',
      'applicability',
      id,
      'A.7.5',
      '--applicable',
      'no',
      '--justification',
      'No premises of our own',
    ]);
    expect(excluded.stdout).toBe('');
    expect(excluded.stderr).toContain('iso27001-2022:A.7.5 is excluded.');
    const included = await ok([
      'assessment',
      'applicability',
      id,
      'A.5.34',
      '--applicable',
      'yes',
      '--reason',
      'legal',
    ]);
    expect(included.stderr).toContain('A.5.34 applies.');

    const piped = await ok(['assessment', 'applicability', id]);
    const lines = piped.stdout.trim().split('\n');
    expect(lines).toHaveLength(93);
    expect(lines).toContain(
      'A.7.5\tProtecting against physical and environmental threats\tno\tNo premises of our own\tnot_applicable',
    );
    expect(lines.find((l) => l.startsWith('A.5.34\t'))).toMatch(/\tyes\tlegal\tnot_assessed$/);
    expect(piped.stderr).toContain('91 of 93 controls have no justification.');

    const one = JSON.parse((await ok(['assessment', 'applicability', id, 'A.7.5', '--json'])).stdout) as unknown[];
    expect(one).toEqual([
      expect.objectContaining({ control: 'A.7.5', applicable: false, justified: true, status: 'not_applicable' }),
    ]);
    const missing = JSON.parse(
      (await ok(['assessment', 'applicability', id, '--missing', '--json', 'control'])).stdout,
    ) as { control: string }[];
    expect(missing).toHaveLength(91);
    expect(Object.keys(missing[0] ?? {})).toEqual(['control']);
  });

  it('refuses bad input with one line and its exit code, and changes nothing', async () => {
    const bad = await ws.run(['assessment', 'applicability', id, 'A.5.1', '--applicable', 'maybe']);
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--applicable must be yes or no, got "maybe"');

    const unknown = await ws.run(['--json', 'assessment', 'applicability', id, 'A.9.9', '--applicable', 'no']);
    expect(unknown.code).toBe(4);
    expect(jsonError(unknown).code).toBe('REQUIREMENT.NOT_FOUND');

    const reason = await ws.run(['assessment', 'applicability', id, 'A.5.1', '--applicable', 'no', '--reason', 'risk']);
    expect(reason.code).toBe(3);

    const noFlag = await ws.run(['assessment', 'applicability', id, 'A.5.1', '--justification', 'x']);
    expect(noFlag.code).toBe(2);

    const listed = JSON.parse((await ok(['assessment', 'applicability', id, '--json', 'decided'])).stdout) as {
      decided: boolean;
    }[];
    expect(listed.every((r) => !r.decided)).toBe(true);
  });
});
