import { label, type ReportTemplate } from '../../domain/template.js';

/**
 * Labels the CSV and Markdown exports need beyond the template's `text`
 * (templates are user-editable and carry only what the PDF shows). The
 * template wins when it has the key, so a user's wording applies everywhere.
 */
const EXTRA: Record<string, Record<string, string>> = {
  en: {
    framework: 'Framework',
    domain: 'Domain',
    title: 'Title',
    requirementTitle: 'Requirement title',
    requirementScore: 'Requirement score',
    questionId: 'Question ID',
    questionScore: 'Question score',
    type: 'Type',
    asked: 'Asked',
    value: 'Value',
    evidenceSha256: 'Evidence SHA-256',
    answeredBy: 'Answered by',
    answeredAt: 'Answered at',
    id: 'ID',
    total: 'Total',
    phase: 'Phase',
    notAsked: 'not asked',
    notInAssessment: 'This framework is not part of the assessment.',
    noCoverage: 'The mappings carry no results to other frameworks.',
    subject: 'Subject',
    frameworks: 'Frameworks',
    generatedAt: 'Generated',
    open: 'Open',
    in_progress: 'In progress',
    resolved: 'Resolved',
    accepted: 'Accepted',
    draft: 'Draft',
    finalized: 'Finalised',
    sealed: 'Sealed',
    phase1: '0–30 days',
    phase2: '30–90 days',
    phase3: '90+ days',
  },
  es: {
    framework: 'Marco',
    domain: 'Dominio',
    title: 'Título',
    requirementTitle: 'Título del requisito',
    requirementScore: 'Puntuación del requisito',
    questionId: 'ID de pregunta',
    questionScore: 'Puntuación de la pregunta',
    type: 'Tipo',
    asked: 'Formulada',
    value: 'Valor',
    evidenceSha256: 'SHA-256 de la evidencia',
    answeredBy: 'Respondida por',
    answeredAt: 'Respondida el',
    id: 'ID',
    total: 'Total',
    phase: 'Fase',
    notAsked: 'no formulada',
    notInAssessment: 'Este marco no forma parte de la evaluación.',
    noCoverage: 'Las correspondencias no trasladan resultados a otros marcos.',
    subject: 'Entidad',
    frameworks: 'Marcos',
    generatedAt: 'Generado',
    open: 'Abierto',
    in_progress: 'En curso',
    resolved: 'Resuelto',
    accepted: 'Aceptado',
    draft: 'Borrador',
    finalized: 'Finalizada',
    sealed: 'Sellada',
    phase1: '0–30 días',
    phase2: '30–90 días',
    phase3: 'Más de 90 días',
  },
};

export type Text = (key: string) => string;

/** The template's label in the report language, else ours, else English, else the key. */
export function textOf(template: ReportTemplate, lang: string): Text {
  return (key) => {
    const own = template.text[lang]?.[key] ?? template.text.en?.[key];
    if (own !== undefined) return own;
    return EXTRA[lang]?.[key] ?? EXTRA.en?.[key] ?? label(template, lang, key);
  };
}

/** 0..1 as a percentage with one decimal, in the narrative's style (`64.2 %` in Spanish). */
export function percent(lang: string, ratio: number | null): string {
  if (ratio === null) return '—';
  return `${(ratio * 100).toFixed(1).replace(/\.0$/, '')}${lang === 'es' ? ' %' : '%'}`;
}

/** 0..100 compliance figures, same style as `percent`. */
export function percent100(lang: string, value: number | null): string {
  return percent(lang, value === null ? null : value / 100);
}

export function decimal(value: number | null, digits = 1): string {
  return value === null ? '—' : value.toFixed(digits);
}

/** Machine-friendly number for CSV: at most 4 decimals, no float noise. */
export function plain(value: number | null): string {
  return value === null ? '' : String(Math.round(value * 10_000) / 10_000);
}
