import { ANSWER_WORDS, DEFAULT_MATURITY_LABELS } from '../../assessment/index.js';
import { formatNumber, formatPercent } from '../../../kernel/locale-format.js';
import { SCORE_BANDS } from './score-bands.js';

/**
 * The methodology section in words: how the figures are computed (the rules
 * of docs/scoring.md), the answer scale, and what target and gap mean. The
 * same text in the PDF and the Markdown report.
 */
export interface Methodology {
  readonly paragraphs: readonly { readonly lead: string; readonly text: string }[];
  /** The answer scale: an answer, and the score it counts for. */
  readonly scaleHeader: readonly [string, string];
  readonly scale: readonly (readonly [string, string])[];
}

export function methodology(lang: string, targetLevel: number): Methodology {
  const es = lang === 'es';
  const l = es ? 'es' : 'en';
  const pct = (v: number) => formatPercent(v, l, 0);
  const num = (v: number) => formatNumber(v, l, 1);
  const words = ANSWER_WORDS[l];
  const target = formatNumber(targetLevel, l, 0);
  const scale: [string, string][] = [
    [words.yes, pct(100)],
    [words.partial, pct(50)],
    [words.no, pct(0)],
    ...DEFAULT_MATURITY_LABELS.map((label, level): [string, string] => [
      `${level} · ${label[l] ?? label.en ?? ''}`,
      pct(level * 20),
    ]),
    [words.na, es ? 'no cuenta' : 'not counted'],
  ];
  if (es) {
    return {
      paragraphs: [
        {
          lead: 'Puntuación de una respuesta.',
          text: 'Cada respuesta vale de 0 a 1 según la escala de abajo: un nivel de madurez cuenta como nivel ÷ 5, una opción como la puntuación que le da el marco. Las respuestas «No aplica», las preguntas sin responder y las que no se formulan por respuestas previas quedan fuera de todas las cifras.',
        },
        {
          lead: 'Cumplimiento.',
          text: `La suma de las puntuaciones de las preguntas puntuadas dividida por su número, en porcentaje: la parte de lo preguntado que está implantada. Un requisito cumple cuando su puntuación llega al ${pct(100)}, no cumple en el ${pct(0)} y cumple parcialmente entre ambos.`,
        },
        {
          lead: 'Madurez.',
          text: `La media de las puntuaciones ponderada por el peso de cada pregunta, × 5, en la escala de 0 a 5. La de un dominio y la del marco son medias ponderadas sobre sus requisitos puntuados.`,
        },
        {
          lead: 'Objetivo y brecha.',
          text: `El objetivo es el nivel de madurez al que aspira la organización (aquí ${target}). La brecha es lo que falta para alcanzarlo: objetivo − madurez, nunca menos de 0. Una brecha de ${num(0)} significa que la madurez alcanza o supera el objetivo aunque el cumplimiento no llegue al ${pct(100)}: el cumplimiento mide lo plenamente implantado, la madurez cuánto se ha avanzado.`,
        },
        {
          lead: 'Bandas de color.',
          text: `Las barras y cifras se colorean por su cumplimiento: rojo por debajo del ${pct(SCORE_BANDS.fair)}, ámbar desde el ${pct(SCORE_BANDS.fair)} hasta el ${pct(SCORE_BANDS.strong)}, verde desde el ${pct(SCORE_BANDS.strong)}.`,
        },
        {
          lead: 'Hallazgos y aplicabilidad.',
          text: 'Cada requisito que no cumple del todo es un hallazgo; su gravedad crece con la brecha y el peso del requisito. Los controles que la Declaración de Aplicabilidad excluye cuentan como «No aplica» y nunca son un hallazgo.',
        },
      ],
      scaleHeader: ['Respuesta', 'Puntuación'],
      scale,
    };
  }
  return {
    paragraphs: [
      {
        lead: 'An answer’s score.',
        text: 'Each answer counts from 0 to 1 on the scale below: a maturity level counts as level ÷ 5, a choice as the score the framework gives it. Not applicable answers, unanswered questions and questions not asked because of earlier answers are left out of every figure.',
      },
      {
        lead: 'Compliance.',
        text: `The sum of the scored questions’ scores divided by their number, as a percentage: the share of what was asked that is in place. A requirement is compliant when its score reaches ${pct(100)}, non compliant at ${pct(0)} and partially compliant in between.`,
      },
      {
        lead: 'Maturity.',
        text: 'The mean of the scores weighted by each question’s weight, × 5, on the 0 to 5 scale. A domain’s and the framework’s maturity are weighted means over their scored requirements.',
      },
      {
        lead: 'Target and gap.',
        text: `The target is the maturity level the organisation aims for (here ${target}). The gap is how far maturity falls short of it: target − maturity, never below 0. A gap of ${num(0)} means maturity meets or passes the target even when compliance is under ${pct(100)}: compliance counts what is fully in place, maturity how far along it is.`,
      },
      {
        lead: 'Colour bands.',
        text: `Bars and figures are coloured by their compliance: red under ${pct(SCORE_BANDS.fair)}, amber from ${pct(SCORE_BANDS.fair)} to under ${pct(SCORE_BANDS.strong)}, green from ${pct(SCORE_BANDS.strong)}.`,
      },
      {
        lead: 'Findings and applicability.',
        text: 'Every requirement not fully met is a finding; its severity grows with the gap and the requirement’s weight. Controls the Statement of Applicability excludes count as not applicable and are never a finding.',
      },
    ],
    scaleHeader: ['Answer', 'Score'],
    scale,
  };
}
