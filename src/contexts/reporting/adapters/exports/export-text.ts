import { formatNumber, formatPercent } from '../../../../kernel/locale-format.js';
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
    methodology: 'Methodology',
    answerScale: 'The answer scale',
    shownOf: '{shown} of {total} shown, most severe first.',
    noJustification: 'No justification',
    missingJustificationOne: '{n} control has no justification',
    missingJustificationOther: '{n} controls have no justification',
    allJustified: 'Every control has a justification.',
    reason_risk: 'Risk treatment',
    reason_legal: 'Legal or regulatory',
    reason_contract: 'Contract',
    reason_business: 'Business need',
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
    methodology: 'Metodología',
    answerScale: 'La escala de respuestas',
    shownOf: '{shown} de {total} mostrados, los más graves primero.',
    noJustification: 'Sin justificación',
    missingJustificationOne: '{n} control no tiene justificación',
    missingJustificationOther: '{n} controles no tienen justificación',
    allJustified: 'Todos los controles tienen justificación.',
    reason_risk: 'Tratamiento del riesgo',
    reason_legal: 'Requisito legal',
    reason_contract: 'Contrato',
    reason_business: 'Necesidad de negocio',
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

/** 0..1 (a score, progress) as a whole percentage, as the language writes it: `67%`, `67 %`. */
export function percent(lang: string, ratio: number | null): string {
  return formatPercent(ratio === null ? null : ratio * 100, lang, 0, '—');
}

/** 0..100 compliance figures with one decimal: `64.2%`, `64,2 %` (the PDF's format). */
export function percent100(lang: string, value: number | null): string {
  return formatPercent(value, lang, 1, '—');
}

/** A maturity or gap with one decimal, as the language writes it (`2.5`, `2,5`). */
export function decimal(lang: string, value: number | null, digits = 1): string {
  return formatNumber(value, lang, digits, '—');
}

/** Machine-friendly number for CSV: at most 4 decimals, no float noise. */
export function plain(value: number | null): string {
  return value === null ? '' : String(Math.round(value * 10_000) / 10_000);
}
