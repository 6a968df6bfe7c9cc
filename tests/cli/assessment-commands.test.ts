import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace, type CliResult } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
const UPGRADE = 'tests/contexts/assessment/fixtures/upgrade';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The error object `--json` prints on stderr. */
const jsonError = (r: CliResult) => (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;

describe.each(DIALECTS)('assessment, framework and finding commands on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;
  /** An assessment of NIST CSF 2.0's Recover domain: RC.RP-01 yes, RC.RP-02 level 4, RC.RP-03 no. */
  let id: string;

  const ok = async (argv: string[], options: Parameters<CliWorkspace['run']>[1] = {}) => {
    const r = await ws.run(argv, options);
    expect(r.code, `renfe ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const json = async <T = any>(argv: string[]): Promise<T> => JSON.parse((await ok([...argv, '--json'])).stdout) as T;
  /** Someone else in the organisation, through an API token of that role. */
  const as = async (role: string) => {
    const token = (await ok(['token', 'create', '--name', `t-${role}`, '--role', role])).stdout.trim();
    return (argv: string[]) => new CliWorkspace(database.url).run(argv, { env: { RENFE_TOKEN: token } });
  };
  const create = async (subject: string, framework = 'nist-csf-2.0', domain: string | null = 'RC') =>
    (
      await ok([
        'assessment',
        'create',
        '--subject',
        subject,
        '--framework',
        framework,
        ...(domain ? ['--domain', domain] : []),
      ])
    ).stdout.trim();
  const importAnswers = async (assessment: string, csv: string) => {
    const file = join(dir, `answers-${assessment}.csv`);
    writeFileSync(file, csv);
    await ok(['assessment', 'import-answers', assessment, file]);
  };

  beforeEach(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-cli-assessment-'));
    await ok(['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    id = await create('Plant');
    await importAnswers(id, 'question,value\nRC.RP-01.Q1,yes\nRC.RP-02.Q1,4\nRC.RP-03.Q1,no\n');
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('assessment list', () => {
    it('prints only the fields asked for with --json a,b, and one value with --jq', async () => {
      const second = await create('Head office');
      const fields = await ok(['assessment', 'list', '--json', 'id,subject']);
      const listed = JSON.parse(fields.stdout) as Record<string, unknown>[];
      expect(listed.map((a) => Object.keys(a))).toEqual([
        ['id', 'subject'],
        ['id', 'subject'],
      ]);
      expect(listed.map((a) => a.subject).sort()).toEqual(['Head office', 'Plant']);
      expect(listed.map((a) => a.id).sort()).toEqual([id, second].sort());

      const first = await ok(['assessment', 'list', '--jq', '.[0].id']);
      expect([id, second]).toContain(first.stdout.trim());
      expect(first.stdout.trim()).toBe(listed[0]?.id);

      const unknown = await ws.run(['assessment', 'list', '--json', 'id,colour']);
      expect(unknown.code).toBe(2);
      expect(jsonError(unknown)).toMatchObject({ code: 'CLI.UNKNOWN_FIELD' });
      expect(jsonError(unknown).message).toMatch(/colour.*valid fields: id, subject, status/);
    });

    it('piped, prints one tab-separated line per assessment with the stored values, and --limit cuts the list', async () => {
      await create('Head office');
      const piped = await ok(['assessment', 'list']);
      const rows = piped.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t'));
      expect(rows).toHaveLength(2);
      const plant = rows.find((r) => r[0] === id) as string[];
      // id, subject, frameworks, status code (not words), answered/asked, full ISO date: no header, nothing shortened.
      expect(plant.slice(0, 5)).toEqual([id, 'Plant', 'nist-csf-2.0', 'in_progress', '3/8']);
      expect(plant[5]).toMatch(ISO_DATE);
      expect(piped.stdout).not.toMatch(/SUBJECT|in progress/);

      const limited = await ok(['assessment', 'list', '--limit', '1']);
      expect(limited.stdout.trimEnd().split('\n')).toHaveLength(1);
      expect((await ws.run(['assessment', 'list', '--limit', '0'])).code).toBe(2);
    });

    it('on a terminal shows a header and the status in words', async () => {
      const human = await ok(['assessment', 'list'], { tty: true });
      expect(human.stdout).toMatch(/^ID\s+SUBJECT\s+FRAMEWORKS\s+STATUS\s+ANSWERED\s+UPDATED/);
      expect(human.stdout).toMatch(
        new RegExp(`${id}\\s+Plant\\s+nist-csf-2.0\\s+in progress\\s+3/8\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\n`),
      );
    });
  });

  describe('assessment score', () => {
    it('prints compliance, maturity and the domain table, and the same figures as JSON', async () => {
      const human = await ok(['assessment', 'score', id]);
      expect(human.stdout).toMatch(
        /^nist-csf-2\.0 2\.0: compliance 60\.0%, maturity 2\.3 \(gap 0\.7\), answered 38%\n/,
      );
      expect(human.stdout).toMatch(/RC\s+Recover\s+60\.0%\s+2\.3\s+0\.7\s+1\s+1\s+1\s+0\s+5/);
      expect(human.stdout).not.toContain('REQUIREMENT');

      const withRequirements = await ok(['assessment', 'score', id, '--requirements']);
      expect(withRequirements.stdout).toMatch(/RC\.RP-03\s+non_compliant\s+0%/);

      // In Spanish, figures as Spanish writes them (a no-break space before %).
      const spanish = await ok(['assessment', 'score', id, '--lang', 'es']);
      expect(spanish.stdout).toMatch(
        /^nist-csf-2\.0 2\.0: compliance 60,0\u00a0%, maturity 2,3 \(gap 0,7\), answered 38\u00a0%\n/,
      );

      const [score] = await json(['assessment', 'score', id]);
      expect(score).toMatchObject({
        framework: 'nist-csf-2.0',
        compliance: 60,
        counts: { compliant: 1, partially_compliant: 1, non_compliant: 1 },
      });
      const picked = JSON.parse((await ok(['assessment', 'score', id, '--json', 'framework,compliance'])).stdout);
      expect(picked).toEqual([{ framework: 'nist-csf-2.0', compliance: 60 }]);
    });

    it('of an assessment that does not exist: exit 4 and the id in the message', async () => {
      const r = await ws.run(['assessment', 'score', 'nosuch00']);
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('error: no assessment nosuch00 in this organisation (run `renfe assessment list`)\n');
    });
  });

  describe('assessment compare', () => {
    it('lists what improved and regressed, unchanged ones only with --all', async () => {
      const after = await create('Plant 2027');
      await importAnswers(after, 'question,value\nRC.RP-01.Q1,no\nRC.RP-02.Q1,4\nRC.RP-03.Q1,yes\n');
      const human = await ok(['assessment', 'compare', id, after]);
      expect(human.stdout).toMatch(/RC\.RP-03\s+non_compliant\s+compliant\s+improved/);
      expect(human.stdout).toMatch(/RC\.RP-01\s+compliant\s+non_compliant\s+regressed/);
      expect(human.stdout).not.toMatch(/RC\.RP-02/);
      expect((await ok(['assessment', 'compare', id, after, '--all'])).stdout).toMatch(
        /RC\.RP-02\s+\S+\s+\S+\s+unchanged/,
      );

      const result = await json(['assessment', 'compare', id, after]);
      expect(result.before).toEqual({ id, subject: 'Plant' });
      expect(result.after).toEqual({ id: after, subject: 'Plant 2027' });
      const changes = Object.fromEntries(
        (result.frameworks[0].requirements as { id: string; change: string }[]).map((r) => [r.id, r.change]),
      );
      expect(changes).toMatchObject({ 'RC.RP-01': 'regressed', 'RC.RP-02': 'unchanged', 'RC.RP-03': 'improved' });
    });

    it('refuses two assessments without a framework in common', async () => {
      const iso = await create('Office', 'iso27001-2022', null);
      const r = await ws.run(['assessment', 'compare', id, iso, '--json']);
      expect(r.code).toBe(3);
      expect(jsonError(r)).toMatchObject({ code: 'ASSESSMENT.NOTHING_TO_COMPARE' });
      expect(r.stdout).toBe('');
    });
  });

  describe('assessment coverage', () => {
    it('carries the results to ISO 27001 through the shipped mappings and says where each came from', async () => {
      const human = await ok(['assessment', 'coverage', id, '--framework', 'iso27001-2022']);
      expect(human.stdout.split('\n')[0]).toMatch(
        new RegExp(`^iso27001-2022 2022 inferred from assessment ${id}: .*non_compliant 1`),
      );
      expect(human.stdout).toMatch(/nist-csf-2\.0:RC\.RP-03 \(non_compliant, /);

      const cov = await json(['assessment', 'coverage', id, '--framework', 'iso27001-2022']);
      expect(cov.target).toEqual({ id: 'iso27001-2022', version: '2022' });
      expect(cov.counts.non_compliant).toBe(1);
      const carried = (cov.requirements as { result: string; sources: { requirement: string; carried: boolean }[] }[])
        .filter((r) => r.result === 'non_compliant')
        .flatMap((r) => r.sources.filter((s) => s.carried).map((s) => s.requirement));
      expect(carried).toContain('RC.RP-03');
    });

    it('needs --framework: exit 2, nothing printed on stdout', async () => {
      const r = await ws.run(['assessment', 'coverage', id]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/--framework/);
    });
  });

  describe('finding list, update and export', () => {
    it('lists findings most severe first: piped raw and tab-separated, --json fields, --limit', async () => {
      const piped = await ok(['finding', 'list', '--assessment', id]);
      const rows = piped.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t'));
      expect(rows.map((r) => r[0])).toEqual([`${id}:RC.RP-03`, `${id}:RC.RP-02`]);
      expect(rows[0]?.slice(1, 3)).toEqual(['critical', 'non_compliant']);
      expect(rows[0]?.[3]).toBe(
        'The integrity of backups and other restoration assets is verified before using them for restoration',
      );
      expect(rows[0]?.slice(4)).toEqual(['', '', 'open']);

      const terminal = await ok(['finding', 'list', '--assessment', id], { tty: true });
      expect(terminal.stdout).toMatch(/^ID\s+SEVERITY\s+RESULT\s+TITLE\s+OWNER\s+DUE\s+STATUS/);
      expect(terminal.stdout).toMatch(
        /critical\s+non compliant\s+The integrity of backups and other restoration as…\s+-\s+-\s+open/,
      );

      const picked = JSON.parse((await ok(['finding', 'list', '--assessment', id, '--json', 'id,severity'])).stdout);
      expect(picked).toEqual([
        { id: `${id}:RC.RP-03`, severity: 'critical' },
        { id: `${id}:RC.RP-02`, severity: 'low' },
      ]);
      expect(
        JSON.parse((await ok(['finding', 'list', '--assessment', id, '--json', '--limit', '1'])).stdout),
      ).toHaveLength(1);
    });

    it('update stores owner, due date and status; a bad status is refused and changes nothing', async () => {
      const finding = `${id}:RC.RP-03`;
      const updated = await ok([
        'finding',
        'update',
        finding,
        '--owner',
        'Luis Pérez',
        '--due',
        '2027-03-31',
        '--status',
        'in_progress',
      ]);
      expect(updated.stderr).toBe(`✓ Finding ${finding}: in_progress, owner Luis Pérez, due 2027-03-31.\n`);
      const stored = await json<{ id: string; owner: string; due: string; status: string }[]>([
        'finding',
        'list',
        '--assessment',
        id,
      ]);
      expect(stored.find((f) => f.id === finding)).toMatchObject({
        owner: 'Luis Pérez',
        due: '2027-03-31',
        status: 'in_progress',
      });

      const bad = await ws.run(['finding', 'update', finding, '--status', 'done', '--owner', 'Eva']);
      expect(bad.code).toBe(3);
      expect(bad.stderr).toMatch(/^error: --status must be one of open, in_progress, resolved, accepted, got "done"/);
      const nothing = await ws.run(['finding', 'update', finding]);
      expect(nothing.code).toBe(2);
      const after = await json<{ id: string; owner: string }[]>(['finding', 'list', '--assessment', id]);
      expect(after.find((f) => f.id === finding)?.owner).toBe('Luis Pérez');

      const viewer = await as('viewer');
      const refused = await viewer(['finding', 'update', finding, '--owner', 'Eva']);
      expect(refused.code).toBe(7);
    });

    it('export writes the plan of action as CSV or JSON, and refuses another format without writing', async () => {
      await ok(['finding', 'update', `${id}:RC.RP-03`, '--owner', 'Luis']);
      const out = join(dir, 'poam.csv');
      const wrote = await ok(['finding', 'export', '--assessment', id, '--out', out]);
      expect(wrote.stderr).toBe(`✓ Wrote 2 findings to ${out}.\n`);
      const csv = readFileSync(out, 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split(/\r?\n/);
      expect(csv[0]).toBe('id,framework,requirement,title,severity,result,score,gap,recommendation,owner,due,status');
      expect(csv).toHaveLength(3);
      expect(csv[1]).toMatch(
        new RegExp(`^${id}:RC\\.RP-03,nist-csf-2\\.0,RC\\.RP-03,.*,critical,non_compliant,.*,Luis,,open$`),
      );

      const asJson = JSON.parse((await ok(['finding', 'export', '--assessment', id, '--format', 'json'])).stdout);
      expect(asJson.assessment).toBe(id);
      expect(asJson.findings.map((f: { requirement: string }) => f.requirement)).toEqual(['RC.RP-03', 'RC.RP-02']);

      const xml = join(dir, 'poam.xml');
      const bad = await ws.run(['finding', 'export', '--assessment', id, '--format', 'xml', '--out', xml, '--json']);
      expect(bad.code).toBe(3);
      expect(jsonError(bad)).toEqual({
        code: 'INPUT.INVALID',
        kind: 'invalid-input',
        message: '--format must be csv or json, got "xml"',
        hint: null,
      });
      expect(existsSync(xml)).toBe(false);
    });
  });

  describe('framework list, show and import', () => {
    it('import stores a framework the organisation then lists and shows; a bad file changes nothing', async () => {
      const imported = await ok(['framework', 'import', `${UPGRADE}/acme-v1.yaml`]);
      expect(imported.stdout).toBe('acme-controls\n');
      expect(imported.stderr).toBe(
        `✓ Imported from ${UPGRADE}/acme-v1.yaml (renfe-yaml): framework acme-controls 2026 (4 requirements, 4 questions).\n`,
      );

      const listed = await json<{ id: string; version: string; scope: string }[]>(['framework', 'list']);
      expect(listed.find((f) => f.id === 'acme-controls')).toMatchObject({ version: '2026', scope: 'organisation' });
      expect(listed.find((f) => f.id === 'nist-csf-2.0')).toMatchObject({ scope: 'shared' });
      const piped = await ok(['framework', 'list']);
      expect(piped.stdout.split('\n')).toContain('acme-controls\t2026\tAcme control set\torganisation\t4\t4');
      const fields = JSON.parse((await ok(['framework', 'list', '--json', 'id,version', '--limit', '2'])).stdout);
      expect(fields).toHaveLength(2);
      expect(Object.keys(fields[0])).toEqual(['id', 'version']);

      const tree = await ok(['framework', 'show', 'acme-controls']);
      expect(tree.stdout.split('\n').slice(0, 4)).toEqual([
        'acme-controls 2026  Acme control set',
        '  AC  Access',
        '    AC-1  Access policy',
        '      - AC-1.Q1 (yes_no) Is there an access policy?',
      ]);
      const bare = await ok(['framework', 'show', 'acme-controls', '--no-questions']);
      expect(bare.stdout).not.toContain('AC-1.Q1');
      expect(bare.stdout).toContain('    AC-4  Shared accounts');
      expect(JSON.parse((await ok(['framework', 'show', 'acme-controls', '--json', 'id,version'])).stdout)).toEqual({
        id: 'acme-controls',
        version: '2026',
      });

      const broken = join(dir, 'broken.yaml');
      writeFileSync(
        broken,
        'id: broken\nversion: "1"\nname: Broken\nrequirements: [{ id: X, title: 5, questions: [{ id: X.Q1, type: nope }] }]\n',
      );
      const refused = await ws.run(['framework', 'import', broken]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/^error: .*broken\.yaml/);
      expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect((await json<{ id: string }[]>(['framework', 'list'])).map((f) => f.id)).not.toContain('broken');
    });

    it('a viewer may list and show but not import', async () => {
      const viewer = await as('viewer');
      expect((await viewer(['framework', 'list'])).code).toBe(0);
      expect((await viewer(['framework', 'show', 'nist-csf-2.0', '--no-questions'])).stdout).toMatch(
        /^nist-csf-2\.0 2\.0/,
      );
      const refused = await viewer(['framework', 'import', `${UPGRADE}/acme-v1.yaml`]);
      expect(refused.code).toBe(7);
      expect((await json<{ id: string }[]>(['framework', 'list'])).map((f) => f.id)).not.toContain('acme-controls');
    });

    it('show of an unknown framework: exit 4', async () => {
      const r = await ws.run(['framework', 'show', 'no-such-framework', '--json']);
      expect(r.code, r.stderr).toBe(4);
      expect(jsonError(r).code).toBe('FRAMEWORK.NOT_FOUND');
      expect(r.stdout).toBe('');
    });
  });

  describe('assessment upgrade', () => {
    it('moves an assessment to the new version, carrying unchanged and mapped answers and listing the rest', async () => {
      for (const f of ['acme-v1.yaml', 'acme-v2.yaml', 'acme-2026-to-2027.yaml'])
        await ok(['framework', 'import', `${UPGRADE}/${f}`]);
      const hq = await create('HQ', 'acme-controls@2026', null);
      await importAnswers(hq, 'question,value\nAC-1.Q1,yes\nAC-2.Q1,4\nAC-3.Q1,partial\nAC-4.Q1,no\n');

      const r = await ok(['assessment', 'upgrade', hq, '--to', '2027']);
      expect(r.stderr).toBe(
        `✓ Assessment ${hq} moved from acme-controls 2026 to 2027: 2 answers carried (1 through mappings), 2 questions need an answer.\n`,
      );
      expect(r.stdout).toBe('Needs a new answer (2):\n  AC-2.Q1\n  AC-6.Q1\nAnswers dropped (2): AC-2.Q1, AC-4.Q1\n');
      const shown = await json(['assessment', 'show', hq]);
      expect(shown.frameworks).toEqual([{ id: 'acme-controls', version: '2027' }]);
      expect(shown.progress).toEqual({ answered: 2, asked: 4 });

      const unknown = await ws.run(['assessment', 'upgrade', hq, '--to', '2099', '--json']);
      expect(unknown.code).toBe(4);
      expect(jsonError(unknown).code).toBe('FRAMEWORK.NOT_FOUND');
      expect((await json(['assessment', 'show', hq])).frameworks).toEqual([{ id: 'acme-controls', version: '2027' }]);
    });
  });

  describe('assessment review, finalize, reopen and delete', () => {
    it('finalize seals and locks; reopen (admins) unlocks; the transitions are checked', async () => {
      const early = await ws.run(['assessment', 'finalize', id, '--json']);
      expect(early.code).toBe(5);
      expect(jsonError(early).code).toBe('ASSESSMENT.BAD_TRANSITION');

      const review = await ok(['assessment', 'review', id]);
      expect(review.stderr).toBe(`✓ Assessment ${id} is now in review.\n`);
      const final = await ok(['assessment', 'finalize', id]);
      const seal = final.stdout.trim();
      expect(seal).toMatch(/^[0-9a-f]{64}$/);
      expect(final.stderr).toBe(`✓ Assessment ${id} is now final (sealed ${seal.slice(0, 16)}…).\n`);
      expect(await json(['assessment', 'show', id])).toMatchObject({ status: 'final', sealedHash: seal });

      const locked = await ws.run(['assessment', 'answer', id, 'RC.RP-04.Q1', 'yes']);
      expect(locked.code).toBe(5);
      expect(locked.stderr).toMatch(/^error: assessment \S+ is final and sealed/);
      expect((await ws.run(['assessment', 'delete', id])).code).toBe(5);

      const consultant = await as('consultant');
      expect((await consultant(['assessment', 'reopen', id])).code).toBe(7);
      const reopened = await ok(['assessment', 'reopen', id]);
      expect(reopened.stderr).toBe(`✓ Assessment ${id} is now in review.\n`);
      await ok(['assessment', 'answer', id, 'RC.RP-04.Q1', 'yes']);
      expect((await json(['assessment', 'show', id])).progress.answered).toBe(4);
    });

    it('delete removes the assessment (admins only); a second delete finds nothing', async () => {
      const other = await create('Warehouse');
      const consultant = await as('consultant');
      expect((await consultant(['assessment', 'delete', other])).code).toBe(7);

      const deleted = await ok(['assessment', 'delete', other]);
      expect(deleted.stderr).toBe(`✓ Deleted assessment ${other}.\n`);
      expect((await json<{ id: string }[]>(['assessment', 'list'])).map((a) => a.id)).toEqual([id]);
      const again = await ws.run(['assessment', 'delete', other]);
      expect(again.code).toBe(4);
      expect((await ws.run(['assessment', 'show', other])).code).toBe(4);
    });
  });

  describe('assessment evidence add', () => {
    it('stores a file with its SHA-256 and a link, and evidence list shows both', async () => {
      const file = join(dir, 'policy.txt');
      writeFileSync(file, 'Backup policy v3\n');
      const sha = createHash('sha256').update('Backup policy v3\n').digest('hex');
      const added = await ok(['assessment', 'evidence', 'add', id, 'RC.RP-03.Q1', '--file', file]);
      const evidenceId = added.stdout.trim();
      expect(evidenceId).not.toBe('');
      expect(added.stderr).toBe(`✓ Attached policy.txt to nist-csf-2.0:RC.RP-03.Q1 (sha256 ${sha}).\n`);
      await ok(['assessment', 'evidence', 'add', id, 'RC.RP-01.Q1', '--url', 'https://wiki.acme.test/backups']);

      const listed = await json<
        { id: string; kind: string; name: string; sha256: string | null; size: number | null }[]
      >(['assessment', 'evidence', 'list', id]);
      expect(listed.find((e) => e.id === evidenceId)).toMatchObject({
        kind: 'file',
        name: 'policy.txt',
        sha256: sha,
        size: 17,
      });
      expect(listed.find((e) => e.kind === 'link')).toMatchObject({
        name: 'https://wiki.acme.test/backups',
        sha256: null,
      });
      const piped = await ok(['assessment', 'evidence', 'list', id]);
      expect(piped.stdout.split('\n')).toContain(
        `${evidenceId}\tnist-csf-2.0:RC.RP-03.Q1\tfile\tpolicy.txt\t${sha}\t17`,
      );
    });

    it('needs exactly one of --file or --url, and a readable file; a refusal stores nothing', async () => {
      const neither = await ws.run(['assessment', 'evidence', 'add', id, 'RC.RP-03.Q1', '--json']);
      expect(neither.code).toBe(2);
      expect(jsonError(neither).code).toBe('CLI.MISSING_FLAG');
      expect(jsonError(neither).message).toMatch(/--file <path> or --url <url>/);

      const file = join(dir, 'policy.txt');
      writeFileSync(file, 'x');
      const both = await ws.run([
        'assessment',
        'evidence',
        'add',
        id,
        'RC.RP-03.Q1',
        '--file',
        file,
        '--url',
        'https://x.test',
      ]);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/--file <path>.*cannot be used with.*--url <url>/);

      const missing = join(dir, 'nope.pdf');
      const gone = await ws.run(['assessment', 'evidence', 'add', id, 'RC.RP-03.Q1', '--file', missing]);
      expect(gone.code).toBe(3);
      expect(gone.stderr).toBe(`error: cannot read ${missing}: no such file\n`);

      const unknown = await ws.run(['assessment', 'evidence', 'add', id, 'XX.99.Q1', '--url', 'https://x.test']);
      expect(unknown.code).toBe(4);
      expect(await json(['assessment', 'evidence', 'list', id])).toEqual([]);
    });
  });
});
