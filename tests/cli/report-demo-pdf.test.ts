import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliWorkspace } from '../support/cli.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';

const PASSWORD = 'correct horse battery staple';
/** A question id as the catalogs write them: A.8.2.Q1, GV.OC-01.Q1. */
const QUESTION_ID = /\b[A-Z][A-Z0-9.-]*\.Q\d+\b/;

/** The quickstart's demo: ISO 27001 with a deterministic spread of answers and notes. */
function demoAnswers(rows: { framework: string; question: string; type: string }[]) {
  const YES_NO = ['yes', 'yes', 'partial', 'no', 'yes', 'partial'];
  return rows.map((r, i) => ({
    question: `${r.framework}:${r.question}`,
    value:
      r.type === 'yes_no'
        ? YES_NO[i % YES_NO.length]
        : r.type === 'maturity'
          ? (i % 5) + 1
          : r.type === 'number'
            ? 50
            : '',
    note: i % 7 === 0 ? 'Checked with the IT manager on site' : null,
  }));
}

const WORDS = {
  en: {
    findings: 'Findings',
    methodology: 'Methodology',
    appendix: 'Appendix: every answer',
    columns: ['Applicable', 'Justification', 'Implementation'],
    missing: (n: number) => `${n} controls have no justification`,
    mark: '! No justification',
    excluded: 'Not applicable',
    shown: /\b8 of \d+ shown\b/,
  },
  es: {
    findings: 'Hallazgos',
    methodology: 'Metodología',
    appendix: 'Anexo: todas las respuestas',
    columns: ['Aplicable', 'Justificación', 'Implantación'],
    missing: (n: number) => `${n} controles no tienen justificación`,
    mark: '! Sin justificación',
    excluded: 'No aplica',
    shown: /\b8 de \d+ mostrados\b/,
  },
} as const;

describe.each(DIALECTS)('the demo reports, read back with pdftotext, on $name', (dialect) => {
  let database: TestDatabase;
  let ws: CliWorkspace;
  let dir: string;
  let id: string;
  let evidenceHash: string;
  const texts = new Map<string, string[]>();

  const ok = async (argv: string[]) => {
    const r = await ws.run(argv);
    expect(r.code, `renfe ${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };

  /** The report's pages as text (no-break spaces read as spaces). */
  async function pages(template: string, lang: string, ...extra: string[]): Promise<string[]> {
    const key = [template, lang, ...extra].join(' ');
    const cached = texts.get(key);
    if (cached) return cached;
    const file = join(dir, `${template}-${lang}${extra.join('')}.pdf`);
    await ok(['report', 'generate', id, '--template', template, '--lang', lang, '--out', file, ...extra]);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const list = text.replace(/\u00a0/g, ' ').split('\f');
    texts.set(key, list);
    return list;
  }

  beforeAll(async () => {
    database = await dialect.fresh();
    ws = new CliWorkspace(database.url);
    dir = mkdtempSync(join(tmpdir(), 'renfe-demo-pdf-'));
    await ws.run(['init', '--org', 'Demo Consulting', '--email', 'demo@renfe.example', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    id = (await ok(['assessment', 'create', '--subject', 'Demo Clinic', '--framework', 'iso27001-2022'])).stdout.trim();
    // As the quickstart does, round by round: a follow-up is answered once the answer it follows makes it asked.
    const answered = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const rows = (
        JSON.parse((await ok(['assessment', 'export-answers', id, '--format', 'json'])).stdout) as {
          answers: { framework: string; question: string; type: string; asked: boolean }[];
        }
      ).answers;
      const all = demoAnswers(rows);
      const fresh = all.filter((a, i) => rows[i]?.asked && !answered.has(a.question));
      if (fresh.length === 0) break;
      for (const a of fresh) answered.add(a.question);
      const answers = join(dir, `answers-${round}.json`);
      writeFileSync(answers, JSON.stringify(fresh));
      await ok(['assessment', 'import-answers', id, answers]);
    }
    const policy = join(dir, 'security-policy-v3.txt');
    writeFileSync(policy, 'Information security policy, version 3, approved by the board.\n');
    evidenceHash = createHash('sha256')
      .update('Information security policy, version 3, approved by the board.\n')
      .digest('hex');
    await ok(['assessment', 'evidence', 'add', id, 'A.5.1.Q1', '--file', policy]);
    await ok([
      'assessment',
      'applicability',
      id,
      'A.7.5',
      '--applicable',
      'no',
      '--justification',
      'No premises of our own',
    ]);
    await ok(['assessment', 'applicability', id, 'A.5.34', '--applicable', 'yes', '--reason', 'legal']);
  }, 120_000);

  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['en', 'es'] as const)(
    '%s: no recommendation of the full, executive and gap reports names a question id',
    async (lang) => {
      for (const template of ['executive', 'gap']) {
        const text = (await pages(template, lang)).join('\n');
        expect(text, template).not.toMatch(QUESTION_ID);
      }
      // The full report lists questions under "Results by domain"; from the findings on, none.
      const full = await pages('full', lang);
      const findingsAt = full.findIndex(
        (p, i) => i > 2 && p.split('\n').some((l) => l.trim() === WORDS[lang].findings),
      );
      expect(findingsAt).toBeGreaterThan(2);
      expect(full.slice(findingsAt).join('\n')).not.toMatch(QUESTION_ID);
    },
    120_000,
  );

  it.each(['en', 'es'] as const)(
    '%s: each PDF has an outline whose entries are the contents page, in order, each on the page it names',
    async (lang) => {
      const contentsTitle = lang === 'es' ? 'Índice' : 'Contents';
      for (const template of ['full', 'executive', 'gap', 'soa']) {
        const text = await pages(template, lang);
        const file = join(dir, `${template}-${lang}.pdf`);
        // poppler's XML output lists the outline (nested items flattened in order).
        const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', file], { encoding: 'utf8' });
        const outline = [
          ...(/<outline>[\s\S]*<\/outline>/.exec(xml)?.[0] ?? '').matchAll(/<item page="(\d+)">([^<]*)<\/item>/g),
        ].map(
          (m) =>
            [
              m[2]!
                .replace(/&amp;/g, '&')
                .replace(/&quot;/g, '"')
                .trim(),
              Number(m[1]),
            ] as const,
        );
        expect(outline.length, `${template} outline`).toBeGreaterThan(0);
        for (const [title, page] of outline) {
          const lines = (text[page - 1] ?? '').split('\n').map((l) => l.trim());
          expect(
            lines.some((l) => l === title || l.endsWith(title) || l.startsWith(title)),
            `${template}: "${title}" on page ${page}`,
          ).toBe(true);
        }
        const contentsPage = text.findIndex((p) => p.split('\n').some((l) => l.trim() === contentsTitle));
        if (contentsPage < 0) continue;
        const entries = text[contentsPage]!.split('\n')
          .map((l) => /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(l))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [m[1]!.trim(), Number(m[2])] as const);
        expect(entries, `${template} contents`).toEqual(outline.slice(0, entries.length));
        expect(entries.length, `${template} contents`).toBe(outline.length);
      }
    },
    120_000,
  );

  it.each(['en', 'es'] as const)(
    '%s: percentages as the language writes them, counts that agree in number, a cut list that says so',
    async (lang) => {
      const compliance = (
        JSON.parse((await ok(['assessment', 'score', id, '--json'])).stdout) as { compliance: number }[]
      )[0]?.compliance as number;
      const expected = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1 })
        .format(compliance / 100)
        .replace(/\u00a0/g, ' ');
      expect(expected).toMatch(lang === 'es' ? /^\d+,\d %$/ : /^\d+\.\d%$/);
      for (const template of ['full', 'executive', 'gap', 'soa']) {
        const text = (await pages(template, lang)).join('\n');
        if (template !== 'soa') expect(text, template).toContain(expected);
        if (lang === 'es') expect(text, template).not.toMatch(/\d\.\d\s?%/);
        else expect(text, template).not.toMatch(/\d,\d\s?%|\d\.\d %/);
        expect(text, template).not.toMatch(/\b1 (findings|hallazgos|requirements|requisitos)\b/);
      }
      expect((await pages('executive', lang)).join('\n')).toMatch(WORDS[lang].shown);
      for (const template of ['full', 'executive']) {
        const text = await pages(template, lang);
        expect(text.some((p) => p.split('\n').some((l) => l.trim() === WORDS[lang].methodology))).toBe(true);
      }
    },
    120_000,
  );

  it.each(['en', 'es'] as const)(
    '%s: the SoA lists the 93 Annex A controls with the three columns and flags those with no justification',
    async (lang) => {
      const w = WORDS[lang];
      const soa = await pages('soa', lang);
      const text = soa.join('\n');
      const controls = new Set([...text.matchAll(/^\s*(A\.[5-8]\.\d+)\s/gm)].map((m) => m[1]));
      expect(controls.size).toBe(93);
      for (const column of w.columns) expect(text).toContain(column);
      expect(text).toContain(`${w.missing(91)}.`);
      expect(text.split(w.mark).length - 1).toBeGreaterThanOrEqual(91);
      const excluded = text.split('\n').find((l) => /^\s*A\.7\.5\s/.test(l)) ?? '';
      expect(excluded).toContain('No premises of our own');
      expect(excluded).toContain(w.excluded);
      expect(excluded).not.toContain(w.mark);
    },
    120_000,
  );

  it.each(['en', 'es'] as const)(
    '%s: --appendix adds every answer with its evidence name and SHA-256; without it there is no appendix',
    async (lang) => {
      const w = WORDS[lang];
      const heading = (list: string[]) => list.some((p) => p.split('\n').some((l) => l.trim() === w.appendix));
      const plain = await pages('full', lang);
      expect(heading(plain)).toBe(false);
      expect(plain.join('\n')).not.toContain(evidenceHash.slice(0, 24));

      const withAppendix = await pages('full', lang, '--appendix');
      expect(heading(withAppendix)).toBe(true);
      const text = withAppendix.join('\n');
      expect(text).toContain('security-policy-v3.txt');
      expect(text).toContain('SHA-256');
      // The hash wraps in its narrow column: each of its lines is there, in order.
      const lines = text.split('\n').map((l) => /[0-9a-f]{8,}\s*$/.exec(l)?.[0].trim() ?? '');
      expect(lines.filter(Boolean).join('')).toContain(evidenceHash);
      // Every question once: the results by domain list requirements only when the appendix is there.
      expect(withAppendix.join('\n').split(/\bA\.5\.1\.Q1\b/).length - 1).toBe(1);
    },
    120_000,
  );
});
