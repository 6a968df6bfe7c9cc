import type { Renderer, RenderInput } from '../../application/ports.js';
import type { EvidenceData, FindingData, FrameworkData } from '../../domain/report-data.js';
import { type Section, sectionHeading } from '../../domain/template.js';
import { formatNumber, plural } from '../../../../kernel/locale-format.js';
import { methodology } from '../../domain/methodology.js';
import { decimal, percent, percent100, textOf, type Text } from './export-text.js';

/**
 * The report as Markdown: the template's sections in order, the same ones as
 * the PDF, with every chart given as a table of the figures it draws.
 */
export const renderMarkdown: Renderer = async (input) => {
  const t = textOf(input.template, input.language);
  const headings = new Slugs();
  const planned = input.template.sections
    .filter((s) => s.type !== 'cover' && s.type !== 'toc')
    .map((s) => ({ section: s, heading: headingOf(s, input.language, t) }));
  const anchors = new Map(planned.map((p) => [p.section, { heading: p.heading, slug: headings.next(p.heading) }]));

  const out: string[] = [];
  if (!input.template.sections.some((s) => s.type === 'cover')) {
    out.push(`# ${line(input.template.name[input.language] ?? input.template.name.en ?? input.template.id)}`);
  }
  for (const section of input.template.sections) {
    if (section.type === 'cover') {
      out.push(cover(input, t));
      continue;
    }
    if (section.type === 'toc') {
      out.push(`## ${line(t('contents'))}`);
      out.push([...anchors.values()].map((a) => `- [${line(a.heading)}](#${a.slug})`).join('\n'));
      continue;
    }
    out.push(`## ${line(anchors.get(section)?.heading ?? section.type)}`);
    out.push(...body(section, input, t));
  }
  return Buffer.from(`${out.join('\n\n')}\n`, 'utf8');
};

function headingOf(section: Section, lang: string, t: Text): string {
  return sectionHeading(section, lang, t);
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

function body(section: Section, input: RenderInput, t: Text): string[] {
  const { data, language: lang } = input;
  switch (section.type) {
    case 'executive-summary':
      return input.narrative.executiveSummary
        .split(/\n{2,}/)
        .map((p) => p.trim())
        .filter(Boolean);
    case 'headline-figures':
      return [
        table(
          [
            t('framework'),
            t('compliance'),
            t('maturity'),
            t('target'),
            t('gap'),
            t('answered'),
            t('requirements'),
            ...RESULTS.map(t),
          ],
          data.frameworks.map((fw) => [
            fw.name,
            percent100(lang, fw.summary.compliance),
            decimal(lang, fw.summary.maturity),
            String(data.assessment.targetLevel),
            decimal(lang, fw.summary.gap),
            percent(lang, fw.summary.progress),
            String(fw.requirements.length),
            ...RESULTS.map((r) => String(fw.summary.counts[r])),
          ]),
        ),
      ];
    case 'radar-chart':
      return data.frameworks.flatMap((fw) => [
        `### ${line(fw.name)}`,
        table(
          [t('domain'), t('compliance'), t('maturity'), t('target'), t('gap')],
          fw.domains.map((d) => [
            `${d.id} ${d.title}`,
            percent100(lang, d.compliance),
            decimal(lang, d.maturity),
            String(data.assessment.targetLevel),
            decimal(lang, d.gap),
          ]),
        ),
      ]);
    case 'framework-bars':
      return [
        table(
          [t('framework'), t('compliance'), t('maturity'), t('answered')],
          data.frameworks.map((fw) => [
            fw.name,
            percent100(lang, fw.summary.compliance),
            decimal(lang, fw.summary.maturity),
            percent(lang, fw.summary.progress),
          ]),
        ),
      ];
    case 'heat-map':
      return [heatMap(input, t)];
    case 'domain-commentary':
      return data.frameworks.flatMap((fw) =>
        fw.domains.flatMap((d) => {
          const text = input.narrative.domains[`${fw.id}:${d.id}`];
          return text ? [`### ${line(`${d.id} ${d.title}`)}`, text.trim()] : [];
        }),
      );
    case 'methodology': {
      const m = methodology(lang, data.assessment.targetLevel);
      return [
        ...m.paragraphs.map((p) => `**${line(p.lead)}** ${p.text}`),
        `### ${line(t('answerScale'))}`,
        table(
          [...m.scaleHeader],
          m.scale.map(([a, v]) => [a, v]),
        ),
      ];
    }
    case 'top-findings': {
      const all = shown(data.findings, section);
      const top = all.slice(0, section.limit ?? 10);
      const cut =
        all.length > top.length
          ? [
              `*${t('shownOf')
                .replace('{shown}', formatNumber(top.length, lang, 0))
                .replace('{total}', formatNumber(all.length, lang, 0))}*`,
            ]
          : [];
      return [...cut, ...findingsTable(top, input, t)];
    }
    case 'findings':
      return findingsTable(shown(data.findings, section), input, t);
    case 'domain-tables':
      return data.frameworks.flatMap((fw) => domainTables(fw, section.answers, input, t));
    case 'roadmap':
      return roadmap(shown(data.findings, section), data.generatedAt, t);
    case 'soa':
      return soa(section.framework ?? 'iso27001-2022', input, t);
    case 'coverage':
      return coverage(input, t);
    case 'answers-appendix':
      return data.frameworks.flatMap((fw) => appendix(fw, t));
    case 'cover':
    case 'toc':
      return [];
    default:
      // The training report's sections (`training-*`) have no part in an assessment's report.
      return [];
  }
}

const RESULTS = ['compliant', 'partially_compliant', 'non_compliant', 'not_applicable', 'not_assessed'] as const;

function cover(input: RenderInput, t: Text): string {
  const { data, template, language: lang } = input;
  const rows: [string, string][] = [
    [t('preparedFor'), data.assessment.subject],
    [t('preparedBy'), data.organisation.name],
    [t('date'), data.generatedAt.slice(0, 10)],
    [t('status'), t(data.assessment.status)],
    [t('scope'), data.assessment.scope.description ?? t('wholeFramework')],
    [t('frameworks'), data.frameworks.map((fw) => fw.name).join(', ')],
    [t('dataHash'), `\`${data.dataHash}\``],
  ];
  return [
    `# ${line(template.name[lang] ?? template.name.en ?? template.id)}`,
    `**${line(data.assessment.subject)}**`,
    rows.map(([k, v]) => `- **${line(k)}:** ${line(v)}`).join('\n'),
    `*${line(t('confidential'))}*`,
  ].join('\n\n');
}

function shown(findings: readonly FindingData[], section: Section): FindingData[] {
  const floor = SEVERITY_ORDER.indexOf(section.minSeverity);
  return findings.filter((f) => SEVERITY_ORDER.indexOf(f.severity) <= floor);
}

function findingsTable(findings: FindingData[], input: RenderInput, t: Text): string[] {
  if (findings.length === 0) return [t('noFindings')];
  const lang = input.language;
  return [
    table(
      [
        t('severity'),
        t('requirement'),
        t('title'),
        t('result'),
        t('score'),
        t('gap'),
        t('owner'),
        t('due'),
        t('status'),
        t('recommendation'),
      ],
      findings.map((f) => [
        t(f.severity),
        multi(input) ? `${f.framework} ${f.requirement}` : f.requirement,
        f.title,
        t(f.result),
        percent(lang, f.score),
        decimal(lang, f.gap),
        f.owner ?? t('unassigned'),
        f.due ?? '—',
        t(f.status),
        f.recommendation,
      ]),
    ),
  ];
}

const multi = (input: RenderInput) => input.data.frameworks.length > 1;

function heatMap(input: RenderInput, t: Text): string {
  const columns = input.data.frameworks.flatMap((fw) =>
    fw.domains.map((d) => ({ framework: fw.id, domain: d.id, title: multi(input) ? `${fw.id} ${d.id}` : d.id })),
  );
  const count = (severity: string, framework: string | null, domain: string | null) =>
    input.data.findings.filter(
      (f) =>
        f.severity === severity &&
        (framework === null || f.framework === framework) &&
        (domain === null || f.domain === domain),
    ).length;
  return table(
    [t('severity'), ...columns.map((c) => c.title), t('total')],
    SEVERITY_ORDER.map((s) => [
      t(s),
      ...columns.map((c) => String(count(s, c.framework, c.domain))),
      String(count(s, null, null)),
    ]),
  );
}

function domainTables(fw: FrameworkData, answers: boolean, input: RenderInput, t: Text): string[] {
  const lang = input.language;
  return fw.domains.flatMap((d) => {
    const requirements = fw.requirements.filter((r) => r.domain === d.id);
    const heading = `### ${line(multi(input) ? `${fw.name} · ${d.id} ${d.title}` : `${d.id} ${d.title}`)}`;
    const summary = `${t('compliance')}: ${percent100(lang, d.compliance)} · ${t('maturity')}: ${decimal(lang, d.maturity)} · ${t('gap')}: ${decimal(lang, d.gap)}`;
    if (!answers) {
      return [
        heading,
        summary,
        table(
          [t('requirement'), t('title'), t('result'), t('score'), t('maturity')],
          requirements.map((r) => [r.id, r.title, t(r.result), percent(lang, r.score), decimal(lang, r.maturity)]),
        ),
      ];
    }
    const rows = requirements.flatMap((r) =>
      r.questions.map((q, i) => [
        i === 0 ? r.id : '',
        i === 0 ? r.title : '',
        i === 0 ? t(r.result) : '',
        i === 0 ? percent(lang, r.score) : '',
        q.text,
        q.asked ? (q.answer ?? '—') : `(${t('notAsked')})`,
        q.note ?? '',
      ]),
    );
    return [
      heading,
      summary,
      table([t('requirement'), t('title'), t('result'), t('score'), t('question'), t('answer'), t('note')], rows),
    ];
  });
}

/**
 * Three phases, as in the PDF: a finding's due date places it when set,
 * else its severity does (critical first, then high, then the rest).
 */
function phaseOf(f: FindingData, generatedAt: string): 0 | 1 | 2 {
  if (f.due) {
    const days = (Date.parse(f.due) - Date.parse(generatedAt)) / 86_400_000;
    if (!Number.isNaN(days)) return days <= 30 ? 0 : days <= 90 ? 1 : 2;
  }
  return f.severity === 'critical' ? 0 : f.severity === 'high' ? 1 : 2;
}

function roadmap(findings: FindingData[], generatedAt: string, t: Text): string[] {
  if (findings.length === 0) return [t('noFindings')];
  const severities = [t('critical'), t('high'), `${t('medium')} / ${t('low')}`];
  return ([0, 1, 2] as const).flatMap((i) => {
    const phase = findings.filter((f) => phaseOf(f, generatedAt) === i);
    if (phase.length === 0) return [];
    return [
      `### ${line(`${t('phase')} ${i + 1}: ${t(`phase${i + 1}`)} (${severities[i]})`)}`,
      table(
        [t('severity'), t('requirement'), t('title'), t('owner'), t('due'), t('recommendation')],
        phase.map((f) => [
          t(f.severity),
          f.requirement,
          f.title,
          f.owner ?? t('unassigned'),
          f.due ?? '—',
          f.recommendation,
        ]),
      ),
    ];
  });
}

function soa(frameworkId: string, input: RenderInput, t: Text): string[] {
  const fw = input.data.frameworks.find((f) => f.id === frameworkId);
  if (!fw) return [t('notInAssessment')];
  const lang = input.language;
  let missing = 0;
  const rows = fw.requirements.map((r) => {
    const reasons = r.soa.reasons.map((x) => t(`reason_${x}`)).join(', ');
    const justification = [reasons, r.soa.justification ?? ''].filter(Boolean).join(': ');
    if (!justification) missing++;
    return [
      r.id,
      r.title,
      t(r.soa.applicable ? 'yes' : 'no'),
      justification || `**! ${t('noJustification')}**`,
      t(r.soa.applicable ? r.result : 'not_applicable'),
    ];
  });
  const summary =
    missing === 0
      ? t('allJustified')
      : `**${t(plural(missing, lang, { one: 'missingJustificationOne', other: 'missingJustificationOther' })).replace(
          '{n}',
          formatNumber(missing, lang, 0),
        )}.**`;
  return [
    summary,
    table([t('requirement'), t('title'), t('applicable'), t('justification'), t('implementation')], rows),
  ];
}

function coverage(input: RenderInput, t: Text): string[] {
  if (input.data.coverage.length === 0) return [t('noCoverage')];
  return input.data.coverage.flatMap((c) => [
    `### ${line(c.name)}`,
    RESULTS.filter((r) => (c.counts[r] ?? 0) > 0)
      .map((r) => `${t(r)}: ${c.counts[r]}`)
      .join(' · ') || '—',
    table(
      [t('requirement'), t('title'), t('result'), t('source')],
      c.requirements.map((r) => [
        r.id,
        r.title,
        t(r.result),
        r.sources
          .map((s) => `${t('inferredFrom')} ${s.framework}:${s.requirement} (${t(s.result)}, ${s.relationship})`)
          .join('; '),
      ]),
    ),
  ]);
}

function appendix(fw: FrameworkData, t: Text): string[] {
  const rows = fw.requirements.flatMap((r) =>
    r.questions.map((q) => [
      q.id,
      q.text,
      q.asked ? (q.answer ?? '—') : `(${t('notAsked')}) ${q.answer ?? ''}`.trim(),
      q.note ?? '',
      q.evidence.map(evidence).join('; '),
      q.answeredBy ?? '',
      q.answeredAt ?? '',
    ]),
  );
  return [
    `### ${line(fw.name)}`,
    table(
      [t('questionId'), t('question'), t('answer'), t('note'), t('evidence'), t('answeredBy'), t('answeredAt')],
      rows,
    ),
  ];
}

function evidence(e: EvidenceData): string {
  if (e.kind === 'link') return e.url ? `[${e.name}](${e.url.replace(/[()\s]/g, encodeURIComponent)})` : e.name;
  return e.sha256 ? `${e.name} (SHA-256 \`${e.sha256}\`)` : e.name;
}

function table(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A table cell: pipes escaped, line breaks kept as `<br>`, no raw HTML from people's text. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .trim()
    .replace(/\s*(\r\n?|\n)\s*/g, '<br>');
}

/** A heading or list line: no line breaks. */
function line(text: string): string {
  return text.replace(/\s*(\r\n?|\n)\s*/g, ' ').trim();
}

/** GitHub-style heading anchors, numbered when a heading repeats. */
class Slugs {
  private readonly seen = new Map<string, number>();

  next(heading: string): string {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
    const n = this.seen.get(base) ?? 0;
    this.seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  }
}
