import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CliWorkspace, type CliResult } from '../../support/cli.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { countsOf, jsonError, PASSWORD, patchBytes, readZip, withExtraEntry, writeZip } from './bundle-support.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Bundles through the real program: one assessment of the whole NIST CSF 2.0
 * (answers with notes, two evidence files and a link, a tracked finding, an
 * applicability decision) exported from one workspace and imported into
 * fresh ones, on each dialect.
 */
describe.each(DIALECTS)('assessment bundles on $name', (dialect) => {
  let source: TestDatabase;
  let a: CliWorkspace;
  let dir: string;
  let id: string;
  let bundle: string;
  const files = { text: Buffer.from('Backup policy, approved 2026-01-10\n'), binary: randomBytes(300_000) };

  const run = (ws: CliWorkspace, argv: string[], options: Parameters<CliWorkspace['run']>[1] = {}) =>
    ws.run(argv, options);
  const ok = async (ws: CliWorkspace, argv: string[], options: Parameters<CliWorkspace['run']>[1] = {}) => {
    const r = await run(ws, argv, options);
    expect(r.code, `renfe ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const json = async <T = any>(ws: CliWorkspace, argv: string[]): Promise<T> =>
    JSON.parse((await ok(ws, [...argv, '--json'])).stdout) as T;
  /** Everything a person sees of the assessment. */
  const everything = async (ws: CliWorkspace, assessment: string) => ({
    show: await json(ws, ['assessment', 'show', assessment]),
    questions: await json(ws, ['assessment', 'show', assessment, '--questions']),
    evidence: await json(ws, ['assessment', 'evidence', 'list', assessment]),
    findings: await json(ws, ['finding', 'list', '--assessment', assessment]),
    applicability: await json(ws, ['assessment', 'applicability', assessment]),
    score: await json(ws, ['assessment', 'score', assessment]),
  });

  beforeAll(async () => {
    source = await dialect.fresh();
    a = new CliWorkspace(source.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-bundle-'));
    await ok(a, ['init', '--org', 'Acme', '--email', 'ana@acme.test', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    id = (await ok(a, ['assessment', 'create', '--subject', 'Hospital', '--framework', 'nist-csf-2.0'])).stdout.trim();
    const questions = (await json(a, ['assessment', 'show', id, '--questions'])).questions as {
      question: string;
      type: string;
      asked: boolean;
    }[];
    const rows = questions
      .filter((q) => q.asked && (q.type === 'yes_no' || q.type === 'maturity'))
      .map((q, n) =>
        q.type === 'yes_no'
          ? `${q.question},${n % 3 === 0 ? 'no' : 'yes'},"note ${n}, with a comma"`
          : `${q.question},${n % 6},`,
      );
    writeFileSync(join(dir, 'answers.csv'), `question,value,note\n${rows.join('\n')}\n`);
    await ok(a, ['assessment', 'import-answers', id, join(dir, 'answers.csv')]);
    writeFileSync(join(dir, 'policy.txt'), files.text);
    writeFileSync(join(dir, 'scan.bin'), files.binary);
    await ok(a, ['assessment', 'evidence', 'add', id, 'GV.OC-01.Q1', '--file', join(dir, 'policy.txt')]);
    await ok(a, ['assessment', 'evidence', 'add', id, 'GV.OC-02.Q1', '--file', join(dir, 'scan.bin')]);
    await ok(a, ['assessment', 'evidence', 'add', id, 'GV.OC-02.Q1', '--url', 'https://intranet.acme.test/soa']);
    const findings = await json<{ id: string }[]>(a, ['finding', 'list', '--assessment', id]);
    await ok(a, [
      'finding',
      'update',
      findings[0]!.id,
      '--owner',
      'Luis',
      '--due',
      '2026-06-30',
      '--status',
      'in_progress',
    ]);
    await ok(a, [
      'assessment',
      'applicability',
      id,
      'GV.OC-03',
      '--applicable',
      'no',
      '--justification',
      'No regulated activity',
    ]);
    bundle = join(dir, 'hospital.renfe');
    const exported = await json(a, ['assessment', 'export', id, '--bundle', bundle]);
    expect(exported).toMatchObject({ assessment: id, evidence: 3, findings: 1, applicability: 1 });
    expect(exported.answers).toBe(rows.length);
    expect(exported.audit).toBeGreaterThanOrEqual(6);
  });
  afterAll(async () => {
    await source?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  let target: TestDatabase;
  let b: CliWorkspace;
  beforeEach(async () => {
    target = await dialect.fresh();
    b = new CliWorkspace(target.url);
    await ok(b, ['init', '--org', 'Branch office', '--email', 'bea@branch.test', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    return () => target.drop();
  });

  /** Refused with this code and exit code, in one line, and the target's rows unchanged. */
  const refused = async (argv: string[], code: string, exit: number) => {
    const before = await countsOf(target);
    const r = await run(b, [...argv, '--json']);
    expect(r.code, r.stderr).toBe(exit);
    expect(jsonError(r).code).toBe(code);
    expect(jsonError(r).message).not.toMatch(/\n/);
    expect(r.stdout).toBe('');
    expect(await countsOf(target)).toEqual(before);
    return jsonError(r).message;
  };

  it('round trip: what the other workspace shows is what the first showed, evidence bytes and all', async () => {
    const imported = await json(b, ['assessment', 'import', '--bundle', bundle]);
    expect(imported).toMatchObject({
      id,
      copiedFrom: null,
      frameworksInstalled: ['nist-csf-2.0@2.0'],
      evidence: 3,
      findings: 1,
      applicability: 1,
    });
    expect(await everything(b, id)).toEqual(await everything(a, id));

    // The evidence files come back byte for byte, under their SHA-256.
    const again = join(dir, `again-${dialect.name}.renfe`);
    await ok(b, ['assessment', 'export', id, '--bundle', again]);
    const entries = await readZip(again);
    const evidence = [...entries].filter(([name]) => name.startsWith('evidence/')).map(([, data]) => data);
    expect(evidence.map(sha256).sort()).toEqual([sha256(files.text), sha256(files.binary)].sort());
    const listed = await json<{ sha256: string | null }[]>(b, ['assessment', 'evidence', 'list', id]);
    expect(
      listed
        .map((e) => e.sha256)
        .filter(Boolean)
        .sort(),
    ).toEqual([sha256(files.text), sha256(files.binary)].sort());
    rmSync(again);

    // Audited on both sides, and both chains verify.
    const exported = await json<{ action: string }[]>(a, ['audit', 'list']);
    expect(exported.map((e) => e.action)).toContain('assessment.exported');
    const trail = await json<{ action: string; target: { id: string }; details: any }[]>(b, ['audit', 'list']);
    const history = trail.filter((e) => e.action === 'audit.imported');
    expect(history.length).toBe(imported.history);
    expect(history.every((e) => e.details.origin.organisation === 'acme')).toBe(true);
    expect(history.map((e) => e.details.action)).toContain('assessment.created');
    expect(trail.find((e) => e.action === 'assessment.imported')?.target.id).toBe(id);
    await ok(a, ['audit', 'verify']);
    await ok(b, ['audit', 'verify']);
  });

  it("an organisation's own framework travels with the bundle and is installed once where it is missing", async () => {
    await ok(a, ['framework', 'import', 'tests/contexts/assessment/fixtures/upgrade/acme-v1.yaml']);
    const own = (
      await ok(a, ['assessment', 'create', '--subject', 'Own controls', '--framework', 'acme-controls'])
    ).stdout.trim();
    await ok(a, ['assessment', 'answer', own, 'AC-1.Q1', 'yes', '--note', 'Policy v2']);
    await ok(a, ['assessment', 'answer', own, 'AC-2.Q1', '3']);
    const file = join(dir, `own-${dialect.name}.renfe`);
    await ok(a, ['assessment', 'export', own, '--bundle', file]);

    const imported = await json(b, ['assessment', 'import', '--bundle', file]);
    expect(imported.frameworksInstalled).toEqual(['acme-controls@2026']);
    expect(await everything(b, own)).toEqual(await everything(a, own));
    expect(await json(b, ['framework', 'show', 'acme-controls'])).toEqual(
      await json(a, ['framework', 'show', 'acme-controls']),
    );
    // Installed once: a copy finds it by its content hash.
    const copy = await json(b, ['assessment', 'import', '--bundle', file, '--as-copy']);
    expect(copy.frameworksInstalled).toEqual([]);
    rmSync(file);
  });

  it('a second import is refused and writes nothing; --as-copy imports it under new ids', async () => {
    await ok(b, ['assessment', 'import', '--bundle', bundle]);
    const message = await refused(['assessment', 'import', '--bundle', bundle], 'BUNDLE.ASSESSMENT_EXISTS', 5);
    expect(message).toContain(id);

    const copy = await json(b, ['assessment', 'import', '--bundle', bundle, '--as-copy']);
    expect(copy.id).not.toBe(id);
    expect(copy.copiedFrom).toBe(id);
    expect(copy.frameworksInstalled).toEqual([]);
    const original = await everything(b, id);
    const copied = await everything(b, copy.id);
    expect(copied.show).toEqual({ ...original.show, id: copy.id });
    expect(copied.questions.questions).toEqual(original.questions.questions);
    const evidenceIds = (list: { id: string }[]) => list.map((e) => e.id);
    expect(evidenceIds(copied.evidence).some((e) => evidenceIds(original.evidence).includes(e))).toBe(false);
    expect(copied.evidence.map((e: any) => e.sha256)).toEqual(original.evidence.map((e: any) => e.sha256));
    await ok(b, ['audit', 'verify']);
  });

  it('a byte changed in an evidence file: verify says modified, import writes nothing', async () => {
    const changed = join(dir, `changed-${dialect.name}.renfe`);
    writeFileSync(changed, readFileSync(bundle));
    // Evidence is stored, not deflated: its bytes are in the file as they are.
    expect(patchBytes(changed, 'Backup policy', 'Backup p0licy')).toBe(1);
    const verified = await run(b, ['bundle', 'verify', changed, '--json']);
    expect(verified.code).toBe(5);
    expect(jsonError(verified).code).toBe('BUNDLE.MODIFIED');
    await refused(['assessment', 'import', '--bundle', changed], 'BUNDLE.MODIFIED', 5);
    rmSync(changed);
  });

  it('an answer changed and the manifest rehashed by hand: still modified (its entry no longer matches)', async () => {
    const entries = await readZip(bundle);
    const data = JSON.parse(entries.get('assessment.json')!.toString()) as { assessment: { subject: string } };
    data.assessment.subject = 'Hospital (edited)';
    entries.set('assessment.json', Buffer.from(JSON.stringify(data)));
    const edited = join(dir, `edited-${dialect.name}.renfe`);
    await writeZip(
      edited,
      [...entries].map(([name, bytes]) => ({ name, data: bytes })),
    );
    expect((await run(b, ['bundle', 'verify', edited])).code).toBe(5);
    await refused(['assessment', 'import', '--bundle', edited], 'BUNDLE.MODIFIED', 5);

    // The manifest edited without its hash.
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as { createdBy: string };
    entries.set('assessment.json', (await readZip(bundle)).get('assessment.json')!);
    entries.set('manifest.json', Buffer.from(JSON.stringify({ ...manifest, createdBy: 'mallory' }, null, 2)));
    await writeZip(
      edited,
      [...entries].map(([name, bytes]) => ({ name, data: bytes })),
    );
    const message = await refused(['assessment', 'import', '--bundle', edited], 'BUNDLE.MODIFIED', 5);
    expect(message).toMatch(/manifest\.json does not match manifest\.sha256/);
    rmSync(edited);
  });

  it('archives with ../ entries or absolute paths are refused before anything is read or written', async () => {
    for (const name of ['../../evil.sh', 'evidence/../../x', '/etc/passwd', 'C:/Windows/evil']) {
      const hostile = join(dir, `hostile-${dialect.name}.renfe`);
      await withExtraEntry(bundle, hostile, name);
      const verified = await run(b, ['bundle', 'verify', hostile, '--json']);
      expect(verified.code, name).toBe(3);
      expect(jsonError(verified).code).toBe('BUNDLE.UNSAFE_ENTRY');
      const message = await refused(['assessment', 'import', '--bundle', hostile], 'BUNDLE.UNSAFE_ENTRY', 3);
      expect(message).toContain(JSON.stringify(name));
      rmSync(hostile);
    }
    // Nothing was extracted anywhere.
    expect(existsSync(join(dir, '..', 'evil.sh'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['answers.csv', 'hospital.renfe', 'policy.txt', 'scan.bin']);
  });

  it('a zip that is not a bundle, a file that is not a zip, a truncated bundle, a missing file', async () => {
    const other = join(dir, `other-${dialect.name}.zip`);
    await writeZip(other, [{ name: 'report.docx', data: Buffer.from('PK not really') }]);
    const notOurs = await run(b, ['bundle', 'verify', other, '--json']);
    expect(notOurs.code).toBe(3);
    expect(jsonError(notOurs)).toMatchObject({ code: 'BUNDLE.NOT_A_BUNDLE' });
    expect(jsonError(notOurs).message).toMatch(/no manifest\.json inside/);
    await refused(['assessment', 'import', '--bundle', other], 'BUNDLE.NOT_A_BUNDLE', 3);

    writeFileSync(other, 'question,value\nGV.OC-01.Q1,yes\n');
    await refused(['assessment', 'import', '--bundle', other], 'BUNDLE.NOT_A_BUNDLE', 3);

    const bytes = readFileSync(bundle);
    for (const keep of [0.5, 0.99]) {
      writeFileSync(other, bytes.subarray(0, Math.floor(bytes.length * keep)));
      expect((await run(b, ['bundle', 'verify', other])).code).toBe(3);
      await refused(['assessment', 'import', '--bundle', other], 'BUNDLE.NOT_A_BUNDLE', 3);
    }
    rmSync(other);
    await refused(['assessment', 'import', '--bundle', join(dir, 'absent.renfe')], 'BUNDLE.UNREADABLE', 3);
  });

  it('an entry over the size limit is refused from the listing, without inflating it', async () => {
    const entries = [...(await readZip(bundle))].map(([name, data]) => ({ name, data }));
    const evidence = entries.find((e) => e.name.startsWith('evidence/'))!;
    // 40 MiB of zeros deflate to a few kB: what a zip bomb looks like.
    evidence.data = Buffer.alloc(40 * 1024 * 1024);
    const large = join(dir, `large-${dialect.name}.renfe`);
    await writeZip(large, entries);
    const message = await refused(['assessment', 'import', '--bundle', large], 'BUNDLE.TOO_LARGE', 3);
    expect(message).toMatch(/holds 41943040 bytes \(limit 33554432\)/);
    rmSync(large);
  });

  it('checks role and organisation: a viewer may export but not import; another organisation sees no such assessment', async () => {
    const viewerToken = (await ok(b, ['token', 'create', '--name', 'v', '--role', 'viewer'])).stdout.trim();
    const viewer = new CliWorkspace(target.url, { RENFE_TOKEN: viewerToken });
    const before = await countsOf(target);
    const denied = await viewer.run(['assessment', 'import', '--bundle', bundle, '--json']);
    expect(denied.code).toBe(7);
    expect(jsonError(denied).code).toBe('AUTH.FORBIDDEN');
    expect(await countsOf(target)).toEqual(before);

    await ok(b, ['assessment', 'import', '--bundle', bundle]);
    const out = join(dir, `viewer-${dialect.name}.renfe`);
    const byViewer = JSON.parse((await viewer.run(['assessment', 'export', id, '--bundle', out, '--json'])).stdout);
    // A viewer may not read the audit trail, so the bundle carries none of it.
    expect(byViewer).toMatchObject({ assessment: id, audit: 0 });
    rmSync(out);

    await ok(b, ['org', 'create', 'Elsewhere']);
    const elsewhere = await run(b, ['--org', 'elsewhere', 'assessment', 'export', id, '--bundle', out, '--json']);
    expect(elsewhere.code).toBe(4);
    expect(existsSync(out)).toBe(false);
    // Imported into the second organisation of the same database: the id is taken, so only as a copy.
    const second = await run(b, ['--org', 'elsewhere', 'assessment', 'import', '--bundle', bundle, '--json']);
    expect(jsonError(second).code).toBe('BUNDLE.ASSESSMENT_EXISTS');
    const copied = JSON.parse(
      (await ok(b, ['--org', 'elsewhere', 'assessment', 'import', '--bundle', bundle, '--as-copy', '--json'])).stdout,
    );
    expect(copied.copiedFrom).toBe(id);
    expect((await run(b, ['--org', 'elsewhere', 'assessment', 'show', id])).code).toBe(4);
  });

  it('on a terminal draws a progress bar on stderr, never under --json', async () => {
    const tty: CliResult = await ok(b, ['assessment', 'import', '--bundle', bundle], { tty: true });
    expect(tty.stderr).toMatch(/importing \[[#.]{30}\] \d+\/\d+/);
    expect(tty.stderr).toMatch(/\u001b\[2K/);
    const verified = await ok(b, ['bundle', 'verify', bundle, '--json'], { tty: true });
    expect(verified.stderr).toBe('');
    expect(JSON.parse(verified.stdout)).toMatchObject({ verdict: 'intact', assessment: { id } });
  });
});
