import { counted, formatNumber, formatPercent, plural } from '../../../kernel/locale-format.js';
import type { FindingData, ReportData, RequirementData } from './report-data.js';
import type { Narrative } from './template.js';

type Forms = { readonly one: string; readonly other: string };

const WORDS = {
  en: {
    overall: (subject: string, fw: string, c: string, m: string, t: number) =>
      `${subject} meets ${c} of the ${fw} requirements assessed, at an average maturity of ${m} against a target of ${t}.`,
    counts: (ok: string, part: number, no: number) =>
      `${ok} compliant, ${part} partially compliant and ${no} non compliant.`,
    requirement: { one: 'requirement is', other: 'requirements are' } as Forms,
    open: (n: string) => `${n} still unanswered; the figures may change once they are.`,
    question: { one: 'question is', other: 'questions are' } as Forms,
    strongest: (d: string) => `The strongest area is ${d}.`,
    weakest: (d: string) => `The weakest area is ${d}, where effort should go first.`,
    findings: (crit: number, high: number) =>
      crit + high === 0
        ? 'No critical or high severity findings were raised.'
        : `${crit} critical and ${high} high severity ${plural(crit + high, 'en', { one: 'finding needs', other: 'findings need' })} an owner and a due date.`,
    figures: (c: string, m: string) => `Compliance ${c}, maturity ${m}.`,
    strong: (list: string) => `In place: ${list}.`,
    allWeak: 'Nothing in this area is fully in place yet.',
    weak: (list: string, more: number) => `Falling short: ${list}${more > 0 ? ` and ${more} more` : ''}.`,
    allStrong: 'Every requirement assessed here is met; keep the evidence current.',
    more: (n: number) => ` and ${n} more`,
    first: (title: string, what: string) => `First: ${title}. ${what}`,
    none: 'nothing scored yet',
    unscored: (subject: string, fw: string) => `No requirement of ${fw} has been scored for ${subject} yet.`,
    notScored: 'Nothing in this area has been scored yet.',
  },
  es: {
    overall: (subject: string, fw: string, c: string, m: string, t: number) =>
      `${subject} cumple el ${c} de los requisitos de ${fw} evaluados, con una madurez media de ${m} frente a un objetivo de ${t}.`,
    counts: (ok: string, part: number, no: number) =>
      `${ok}, ${part} ${plural(part, 'es', { one: 'se cumple', other: 'se cumplen' })} parcialmente y ${no} no ${plural(no, 'es', { one: 'se cumple', other: 'se cumplen' })}.`,
    requirement: { one: 'requisito se cumple', other: 'requisitos se cumplen' } as Forms,
    open: (n: string) => `${n} sin responder; las cifras pueden cambiar cuando se respondan.`,
    question: { one: 'pregunta sigue', other: 'preguntas siguen' } as Forms,
    strongest: (d: string) => `El área más sólida es ${d}.`,
    weakest: (d: string) => `El área más débil es ${d}, donde conviene concentrar el esfuerzo.`,
    findings: (crit: number, high: number) =>
      crit + high === 0
        ? 'No se han identificado hallazgos de gravedad crítica o alta.'
        : `${crit} ${plural(crit, 'es', { one: 'hallazgo crítico', other: 'hallazgos críticos' })} y ${high} de gravedad alta ${plural(crit + high, 'es', { one: 'necesita', other: 'necesitan' })} responsable y plazo.`,
    figures: (c: string, m: string) => `Cumplimiento ${c}, madurez ${m}.`,
    strong: (list: string) => `Implantado: ${list}.`,
    allWeak: 'Nada en esta área está todavía plenamente implantado.',
    weak: (list: string, more: number) => `Con carencias: ${list}${more > 0 ? ` y ${more} más` : ''}.`,
    allStrong: 'Todos los requisitos evaluados aquí se cumplen; mantenga la evidencia al día.',
    more: (n: number) => ` y ${n} más`,
    first: (title: string, what: string) => `Primero: ${title}. ${what}`,
    none: 'sin puntuar todavía',
    unscored: (subject: string, fw: string) => `Todavía no se ha puntuado ningún requisito de ${fw} para ${subject}.`,
    notScored: 'Todavía no se ha puntuado nada en esta área.',
  },
};

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** The first sentence of a text. */
const firstSentence = (text: string) =>
  /^.*?(?<!\b(?:e\.g|i\.e|p|ej|etc|vs))[.!?](\s|$)/.exec(text)?.[0].trim() ?? text;

/**
 * A domain in words: its figures, what is in place, what falls short, and
 * the one thing to do first (the most severe finding's recommendation).
 */
function domainCommentary(
  w: (typeof WORDS)['en'],
  lang: string,
  figures: { compliance: number | null; maturity: number | null },
  requirements: readonly RequirementData[],
  findings: readonly FindingData[],
): string {
  const scored = requirements.filter((r) => r.score !== null && r.result !== 'not_applicable');
  if (scored.length === 0) return w.notScored;
  const parts = [w.figures(formatPercent(figures.compliance, lang, 1, w.none), formatNumber(figures.maturity, lang))];
  const strong = scored.filter((r) => r.result === 'compliant' && (r.gap ?? 0) <= 0);
  const weak = scored
    .filter((r) => r.result === 'non_compliant' || r.result === 'partially_compliant')
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0) || b.weight - a.weight);
  parts.push(
    strong.length > 0
      ? w.strong(
          strong
            .slice(0, 3)
            .map((r) => r.title)
            .join(', ') + (strong.length > 3 ? w.more(strong.length - 3) : ''),
        )
      : w.allWeak,
  );
  if (weak.length > 0)
    parts.push(
      w.weak(
        weak
          .slice(0, 3)
          .map((r) => r.title)
          .join(', '),
        weak.length - 3,
      ),
    );
  else parts.push(w.allStrong);
  const first = [...findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.severityScore - a.severityScore,
  )[0];
  if (first) parts.push(w.first(first.title, firstSentence(first.recommendation)));
  return parts.join(' ');
}

/**
 * The narrative written from the data alone: the same input always gives the
 * same text. Used without an AI endpoint, or when the call fails.
 */
export function composeNarrative(data: ReportData, lang: string): Narrative {
  const w = lang === 'es' ? WORDS.es : WORDS.en;
  const l = lang === 'es' ? 'es' : 'en';
  const paragraphs: string[] = [];
  for (const f of data.frameworks) {
    const s = f.summary;
    paragraphs.push(
      [
        w.overall(
          data.assessment.subject,
          f.name,
          formatPercent(s.compliance, l, 1, w.none),
          formatNumber(s.maturity, l, 1, '-'),
          data.assessment.targetLevel,
        ),
        w.counts(counted(s.counts.compliant, l, w.requirement), s.counts.partially_compliant, s.counts.non_compliant),
      ].join(' '),
    );
    const scored = f.domains.filter((d) => d.score !== null).sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    const best = scored[0];
    const worst = scored.at(-1);
    if (best && worst && best !== worst) paragraphs.push(`${w.strongest(best.title)} ${w.weakest(worst.title)}`);
  }
  const unanswered = data.frameworks.reduce(
    (n, f) =>
      n + f.requirements.reduce((m, r) => m + r.questions.filter((q) => q.asked && q.answer === null).length, 0),
    0,
  );
  const crit = data.findings.filter((f) => f.severity === 'critical').length;
  const high = data.findings.filter((f) => f.severity === 'high').length;
  paragraphs.push(
    [w.findings(crit, high), unanswered > 0 ? w.open(counted(unanswered, l, w.question)) : '']
      .filter(Boolean)
      .join(' '),
  );
  const domains: Record<string, string> = {};
  for (const f of data.frameworks) {
    for (const d of f.domains) {
      domains[`${f.id}:${d.id}`] = domainCommentary(
        w,
        l,
        d,
        f.requirements.filter((r) => r.domain === d.id),
        data.findings.filter((x) => x.framework === f.id && x.domain === d.id),
      );
    }
  }
  return { executiveSummary: paragraphs.join('\n\n'), domains, source: 'deterministic', model: null };
}
