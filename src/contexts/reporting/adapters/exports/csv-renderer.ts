import { type CsvCell, csvText } from '../../../../kernel/csv.js';
import type { Renderer } from '../../application/ports.js';
import type { EvidenceData, ReportData } from '../../domain/report-data.js';
import { textOf, type Text } from './export-text.js';

/**
 * CSV for spreadsheets: RFC 4180 quoting, UTF-8 with a BOM (so Excel reads
 * the accents), CRLF line ends, headers in the report language.
 *
 * Every template but `gap` gives one row per question, columns:
 *   framework, domain, requirement, requirement title, result (label),
 *   requirement score (0..1), question id, question text, type, asked (yes/no),
 *   answer (as shown to people), value (as stored; lists joined with "; "),
 *   question score (0..1), note, evidence (file names, links as `name <url>`,
 *   "; "-joined), evidence SHA-256 (of the files, same order, "; "-joined),
 *   answered by, answered at (ISO 8601).
 *
 * The `gap` template gives one row per finding instead, columns:
 *   id, framework, requirement, title, severity, result, score (0..1), gap,
 *   recommendation, owner, due, status.
 *
 * The rows go through the one CSV writer (`kernel/csv.ts`), which gives
 * every text cell a spreadsheet would run as a formula (= + - @, tab, CR) a
 * leading apostrophe: notes, answers, owners and imported catalogs come from
 * people.
 */
export const renderCsv: Renderer = async ({ data, template, language }) => {
  const t = textOf(template, language);
  const rows = template.id === 'gap' ? findingRows(data, t) : questionRows(data, t);
  return Buffer.from(csvText(rows), 'utf8');
};

type Cell = CsvCell;

/** A score as a number cell, rounded as the other exports round it. */
function plain(value: number | null): Cell {
  return value === null ? '' : Math.round(value * 10_000) / 10_000;
}

function questionRows(data: ReportData, t: Text): Cell[][] {
  const header = [
    'framework',
    'domain',
    'requirement',
    'requirementTitle',
    'result',
    'requirementScore',
    'questionId',
    'question',
    'type',
    'asked',
    'answer',
    'value',
    'questionScore',
    'note',
    'evidence',
    'evidenceSha256',
    'answeredBy',
    'answeredAt',
  ].map(t);
  const rows: Cell[][] = [header];
  for (const fw of data.frameworks) {
    for (const r of fw.requirements) {
      for (const q of r.questions) {
        rows.push([
          fw.id,
          r.domain,
          r.id,
          r.title,
          t(r.result),
          plain(r.score),
          q.id,
          q.text,
          q.type,
          t(q.asked ? 'yes' : 'no'),
          q.answer ?? '',
          typeof q.value === 'number' ? q.value : rawValue(q.value),
          plain(q.score),
          q.note ?? '',
          q.evidence.map(evidenceName).join('; '),
          q.evidence
            .map((e) => e.sha256)
            .filter((h): h is string => h !== null)
            .join('; '),
          q.answeredBy ?? '',
          q.answeredAt ?? '',
        ]);
      }
    }
  }
  return rows;
}

function findingRows(data: ReportData, t: Text): Cell[][] {
  const header = [
    'id',
    'framework',
    'requirement',
    'title',
    'severity',
    'result',
    'score',
    'gap',
    'recommendation',
    'owner',
    'due',
    'status',
  ].map(t);
  return [
    header,
    ...data.findings.map((f) => [
      f.id,
      f.framework,
      f.requirement,
      f.title,
      t(f.severity),
      t(f.result),
      plain(f.score),
      plain(f.gap),
      f.recommendation,
      f.owner ?? '',
      f.due ?? '',
      t(f.status),
    ]),
  ];
}

function rawValue(value: string | string[] | null): string {
  if (value === null) return '';
  return Array.isArray(value) ? value.join('; ') : value;
}

function evidenceName(e: EvidenceData): string {
  return e.kind === 'link' && e.url ? `${e.name} <${e.url}>` : e.name;
}
