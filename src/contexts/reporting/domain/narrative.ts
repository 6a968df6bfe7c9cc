import type { ReportData } from './report-data.js';
import type { Narrative } from './template.js';

const WORDS = {
  en: {
    overall: (subject: string, fw: string, c: string, m: string, t: number) =>
      `${subject} meets ${c} of the ${fw} requirements assessed, at an average maturity of ${m} against a target of ${t}.`,
    counts: (ok: number, part: number, no: number) =>
      `${ok} requirements are compliant, ${part} partially compliant and ${no} non compliant.`,
    open: (n: number) => `${n} questions are still unanswered; the figures may change once they are.`,
    strongest: (d: string) => `The strongest area is ${d}.`,
    weakest: (d: string) => `The weakest area is ${d}, where effort should go first.`,
    findings: (crit: number, high: number) =>
      crit + high === 0
        ? 'No critical or high severity findings were raised.'
        : `${crit} critical and ${high} high severity findings need an owner and a due date.`,
    domain: (title: string, c: string, m: string, gap: string, no: number, part: number) =>
      `${title}: compliance ${c}, maturity ${m} (gap ${gap}). ${no} requirements are non compliant and ${part} partially compliant.`,
    none: 'nothing scored yet',
    unscored: (subject: string, fw: string) => `No requirement of ${fw} has been scored for ${subject} yet.`,
  },
  es: {
    overall: (subject: string, fw: string, c: string, m: string, t: number) =>
      `${subject} cumple el ${c} de los requisitos de ${fw} evaluados, con una madurez media de ${m} frente a un objetivo de ${t}.`,
    counts: (ok: number, part: number, no: number) =>
      `${ok} requisitos se cumplen, ${part} se cumplen parcialmente y ${no} no se cumplen.`,
    open: (n: number) => `Quedan ${n} preguntas sin responder; las cifras pueden cambiar cuando se respondan.`,
    strongest: (d: string) => `El área más sólida es ${d}.`,
    weakest: (d: string) => `El área más débil es ${d}, donde conviene concentrar el esfuerzo.`,
    findings: (crit: number, high: number) =>
      crit + high === 0
        ? 'No se han identificado hallazgos de gravedad crítica o alta.'
        : `${crit} hallazgos críticos y ${high} de gravedad alta necesitan responsable y plazo.`,
    domain: (title: string, c: string, m: string, gap: string, no: number, part: number) =>
      `${title}: cumplimiento ${c}, madurez ${m} (brecha ${gap}). ${no} requisitos no se cumplen y ${part} se cumplen parcialmente.`,
    none: 'sin puntuar todavía',
    unscored: (subject: string, fw: string) => `Todavía no se ha puntuado ningún requisito de ${fw} para ${subject}.`,
  },
};

const pct = (x: number | null, none: string) => (x === null ? none : `${x.toFixed(1)} %`);
const one = (x: number | null) => (x === null ? '-' : x.toFixed(1));

/**
 * The narrative written from the data alone: the same input always gives the
 * same text. Used without an AI endpoint, or when the call fails.
 */
export function composeNarrative(data: ReportData, lang: string): Narrative {
  const w = lang === 'es' ? WORDS.es : WORDS.en;
  const paragraphs: string[] = [];
  for (const f of data.frameworks) {
    const s = f.summary;
    paragraphs.push(
      [
        w.overall(
          data.assessment.subject,
          f.name,
          pct(s.compliance, w.none),
          one(s.maturity),
          data.assessment.targetLevel,
        ),
        w.counts(s.counts.compliant, s.counts.partially_compliant, s.counts.non_compliant),
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
  paragraphs.push([w.findings(crit, high), unanswered > 0 ? w.open(unanswered) : ''].filter(Boolean).join(' '));
  const domains: Record<string, string> = {};
  for (const f of data.frameworks) {
    for (const d of f.domains) {
      domains[`${f.id}:${d.id}`] = w.domain(
        d.title,
        pct(d.compliance, w.none),
        one(d.maturity),
        one(d.gap),
        d.counts.non_compliant,
        d.counts.partially_compliant,
      );
    }
  }
  return { executiveSummary: paragraphs.join('\n\n'), domains, source: 'deterministic', model: null };
}
