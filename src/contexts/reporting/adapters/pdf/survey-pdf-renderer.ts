import { formatCount, formatDate, formatNumber, formatPercent } from '../../../../kernel/locale-format.js';
import type { SurveyRenderer } from '../../application/survey-report.port.js';
import { type SurveyQuestionResult, type SurveyReportData } from '../../domain/survey-report.js';
import { type Branding, type ReportTemplate, type Section, sectionHeading } from '../../domain/template.js';
import { type Figure, figureBoxes } from './charts.js';
import { drawCover, openReport, templateTitle } from './cover.js';
import { FONT, INK, MUTED, RESULT_COLOURS, type ReportDocument, tint } from './document.js';

/**
 * The survey report: a cover, the headline figures, one chart per question
 * (bars; a diverging stacked bar for Likert statements; a promoters /
 * passives / detractors bar with the score for NPS) and the free-text
 * answers, with every figure of fewer respondents than the survey's
 * anonymity threshold withheld.
 */

interface Ctx {
  readonly r: ReportDocument;
  readonly data: SurveyReportData;
  readonly template: ReportTemplate;
  readonly branding: Branding;
  readonly lang: string;
}

const GREEN = RESULT_COLOURS.compliant;
const AMBER = RESULT_COLOURS.partially_compliant;
const RED = RESULT_COLOURS.non_compliant;
const NEUTRAL = '#c4c9d0';
const TRACK = '#eef1f4';

/** Disagree to agree, lowest point first. */
const LIKERT_COLOURS: Record<number, readonly string[]> = {
  5: ['#b3261e', '#ee9a8f', NEUTRAL, '#9fd3a4', '#2e7d32'],
  7: ['#8e1b14', '#cf4a3f', '#f2b8b0', NEUTRAL, '#b7e0ba', '#5cae63', '#1f6b25'],
};

/** A template label with `{name}` filled in. */
function say(r: ReportDocument, key: string, vars: Record<string, string | number> = {}): string {
  return r.t(key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const heading = (ctx: Ctx, section: Section) => sectionHeading(section, ctx.lang, (k) => ctx.r.t(k));
const withheldAll = (data: SurveyReportData) => data.results.completed < data.results.threshold;

function cover(ctx: Ctx): void {
  const { r, data, branding, template, lang } = ctx;
  const s = data.results;
  drawCover(r, {
    firm: branding.firmName,
    title: templateTitle(template, lang),
    subtitle: s.title,
    rows: [
      [r.t('preparedFor'), data.organisation.name],
      [r.t('preparedBy'), branding.firmName],
      [r.t('survey'), `${s.title} (${s.survey})`],
      [r.t('date'), formatDate(data.generatedAt, lang)],
      [r.t('responses'), `${formatCount(s.completed, lang)} ${r.t('completed').toLowerCase()}`],
      [
        r.t('anonymity'),
        `${r.t(s.anonymous ? 'anonymous' : 'named')}\n${say(r, 'threshold', { n: formatCount(s.threshold, lang) })}`,
      ],
    ],
    dataHash: data.dataHash,
    logoPath: branding.logoPath,
  });
}

function npsColour(score: number | null): string {
  if (score === null) return NEUTRAL;
  return score >= 30 ? GREEN : score >= 0 ? AMBER : RED;
}

const signed = (v: number | null, lang: string) =>
  v === null ? '–' : `${v > 0 ? '+' : ''}${formatNumber(v, lang, 1)}`.replace('-', '−');

function headlineFigures(ctx: Ctx, section: Section): void {
  const { r, data, lang } = ctx;
  const s = data.results;
  r.heading(heading(ctx, section), 1, 150);
  const c = (n: number) => formatCount(n, lang);
  figureBoxes(r, [
    { value: c(s.invited), label: r.t('invited') },
    { value: c(s.started), label: r.t('started') },
    { value: c(s.completed), label: r.t('completed') },
    {
      value: formatPercent(s.responseRate, lang, 1),
      label: r.t('responseRate'),
      caption: s.invited === 0 ? r.t('noInvitations') : say(r, 'ofInvited', { n: c(s.invited) }),
    },
  ]);
  if (withheldAll(data)) {
    r.paragraph(say(r, 'withheldSurvey', { completed: c(s.completed), n: c(s.threshold) }), { colour: MUTED });
    return;
  }
  const likert = s.questions.filter((q) => q.type === 'likert' && q.topTwoBox !== null);
  const scores: Figure[] = [];
  if (likert.length > 0) {
    const agreement = likert.reduce((sum, q) => sum + (q.topTwoBox ?? 0), 0) / likert.length;
    scores.push({
      value: formatPercent(agreement, lang, 1),
      label: r.t('agreement'),
      caption: say(r, 'agreementCaption', { n: c(likert.length) }),
      colour: agreement >= 70 ? GREEN : agreement >= 50 ? AMBER : RED,
    });
  }
  for (const q of s.questions) {
    if (q.type !== 'nps' || !q.nps || scores.length >= 4) continue;
    scores.push({
      value: signed(q.nps.score, lang),
      label: `${r.t('nps')} · ${q.id}`,
      caption: q.text,
      colour: npsColour(q.nps.score),
    });
  }
  if (scores.length > 0) {
    r.space(4);
    // Captions are one line: a long question is cut to the box.
    const w = (r.width - 10 * (scores.length - 1)) / scores.length - 18;
    r.doc.font(FONT.regular).fontSize(7.2);
    figureBoxes(
      r,
      scores.map((f) => (f.caption ? { ...f, caption: r.fit(f.caption, w) } : f)),
    );
  }
}

/** "12 answered · Mean 3.42 · …" under a question's heading. */
function statsLine(ctx: Ctx, q: SurveyQuestionResult): void {
  const { r, lang } = ctx;
  const parts = [say(r, 'answered', { n: formatCount(q.respondents, lang) })];
  if (q.mean !== null) parts.push(`${r.t('mean')} ${formatNumber(q.mean, lang, 2)}`);
  if (q.median !== null) parts.push(`${r.t('median')} ${formatNumber(q.median, lang, 1)}`);
  if (q.sd !== null) parts.push(`${r.t('sd')} ${formatNumber(q.sd, lang, 2)}`);
  if (q.topTwoBox !== null) parts.push(`${r.t('topTwoBox')} ${formatPercent(q.topTwoBox, lang, 1)}`);
  r.paragraph(parts.join('  ·  '), { size: 8, colour: MUTED });
  r.doc.y -= 3;
}

/** Horizontal bars, one per option, on a 0–100 % scale of respondents. */
function optionBars(ctx: Ctx, q: SurveyQuestionResult): void {
  const { r, lang } = ctx;
  const { doc } = r;
  const labelW = 190;
  const valueW = 84;
  const trackX = r.left + labelW + 8;
  const trackW = r.width - labelW - 8 - valueW;
  const rowH = 16;
  for (const c of q.counts) {
    r.ensure(rowH);
    const y = doc.y;
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor(INK)
      .text(r.fit(c.label, labelW - 4), r.left + 4, y + 3.5, { lineBreak: false });
    doc.rect(trackX, y + 3, trackW, rowH - 6).fill(TRACK);
    if (c.percent > 0) doc.rect(trackX, y + 3, (trackW * Math.min(100, c.percent)) / 100, rowH - 6).fill(r.primary);
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor(INK)
      .text(`${formatPercent(c.percent, lang, 1)}  ·  ${formatCount(c.count, lang)}`, trackX + trackW + 4, y + 3.5, {
        width: valueW - 4,
        align: 'right',
        lineBreak: false,
      });
    doc.y = y + rowH;
  }
  if (q.type === 'multiple_choice') r.paragraph(r.t('multipleNote'), { size: 7.5, colour: MUTED });
  doc.y += 6;
  doc.x = r.left;
}

/** Swatches with their labels, wrapped over as many lines as they need. */
function legend(r: ReportDocument, items: readonly { colour: string; text: string }[]): void {
  const { doc } = r;
  doc.font(FONT.regular).fontSize(7.4);
  let x = r.left;
  let y = doc.y;
  for (const item of items) {
    const w = doc.widthOfString(item.text) + 22;
    if (x + w > r.right && x > r.left) {
      x = r.left;
      y += 12;
    }
    doc.rect(x, y + 1, 7, 7).fill(item.colour);
    doc.fillColor(INK).text(item.text, x + 10, y, { lineBreak: false });
    x += w;
  }
  doc.y = y + 16;
  doc.x = r.left;
}

/** A percentage written inside a segment wide enough for it. */
/** Dark text on light colours, white on dark ones. */
function inkOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const luminance = (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  return luminance > 0.6 ? INK : '#ffffff';
}

function segmentLabel(
  r: ReportDocument,
  pct: number,
  box: { x: number; y: number; w: number; h: number; colour: string },
  lang: string,
) {
  const { doc } = r;
  const { x, y, w, h } = box;
  const text = formatPercent(pct, lang, 0);
  doc.font(FONT.condBold).fontSize(7);
  if (doc.widthOfString(text) + 4 > w) return;
  doc.fillColor(inkOn(box.colour)).text(text, x, y + (h - 7) / 2, { width: w, align: 'center', lineBreak: false });
}

/**
 * Likert: one bar centred on the neutral point, disagreement to the left and
 * agreement to the right (the neutral share split across the centre).
 */
function likertBar(ctx: Ctx, q: SurveyQuestionResult): void {
  const { r, lang } = ctx;
  const { doc } = r;
  const points = q.counts.length;
  const colours = LIKERT_COLOURS[points] ?? LIKERT_COLOURS[5] ?? [];
  const total = q.counts.reduce((s, c) => s + c.count, 0) || 1;
  const shares = q.counts.map((c) => (c.count / total) * 100);
  const half = Math.floor(points / 2);
  const neutral = points % 2 === 1 ? (shares[half] ?? 0) : 0;
  const left = shares.slice(0, half).reduce((s, v) => s + v, 0) + neutral / 2;
  const centre = r.left + r.width / 2;
  const scale = r.width / 2 / 100;
  const h = 18;
  r.ensure(h + 60);
  // Axis: 100 % disagree … 0 … 100 % agree.
  const axisY = doc.y;
  doc.font(FONT.regular).fontSize(6.5).fillColor(MUTED);
  for (const t of [-100, -50, 0, 50, 100]) {
    const x = centre + t * scale;
    doc.text(formatPercent(Math.abs(t), lang, 0), x - 20, axisY, { width: 40, align: 'center', lineBreak: false });
  }
  const y = axisY + 11;
  doc.rect(r.left, y, r.width, h).fill(TRACK);
  let x = centre - left * scale;
  shares.forEach((share, i) => {
    const w = share * scale;
    if (w <= 0) return;
    doc.rect(x, y, w, h).fill(colours[i] ?? NEUTRAL);
    if (colours[i] !== NEUTRAL) segmentLabel(r, share, { x, y, w, h, colour: colours[i] ?? NEUTRAL }, lang);
    x += w;
  });
  doc
    .moveTo(centre, y - 3)
    .lineTo(centre, y + h + 3)
    .lineWidth(1)
    .strokeColor(INK)
    .stroke();
  doc.y = y + h + 7;
  legend(
    r,
    q.counts.map((c, i) => ({
      colour: colours[i] ?? NEUTRAL,
      text: `${c.label} ${formatPercent(c.percent, lang, 1)} (${formatCount(c.count, lang)})`,
    })),
  );
  doc.y += 4;
}

/** NPS: the score, and one bar of detractors, passives and promoters with their counts. */
function npsBar(ctx: Ctx, q: SurveyQuestionResult): void {
  const { r, lang } = ctx;
  const { doc } = r;
  const n = q.nps;
  if (!n) return;
  const boxW = 92;
  const h = 40;
  r.ensure(h + 40);
  const y = doc.y;
  doc.roundedRect(r.left, y, boxW, h, 4).fill(tint(npsColour(n.score), 0.15));
  doc
    .font(FONT.bold)
    .fontSize(19)
    .fillColor(npsColour(n.score))
    .text(signed(n.score, lang), r.left, y + 5, { width: boxW, align: 'center', lineBreak: false });
  doc
    .font(FONT.bold)
    .fontSize(7.5)
    .fillColor(INK)
    .text(r.t('nps'), r.left, y + 28, { width: boxW, align: 'center', lineBreak: false });
  const barX = r.left + boxW + 12;
  const barW = r.right - barX;
  const barY = y + 8;
  const barH = 20;
  doc.rect(barX, barY, barW, barH).fill(TRACK);
  const parts = [
    { key: 'detractors', count: n.detractors, colour: RED },
    { key: 'passives', count: n.passives, colour: AMBER },
    { key: 'promoters', count: n.promoters, colour: GREEN },
  ];
  let x = barX;
  for (const p of parts) {
    const share = n.n === 0 ? 0 : (p.count / n.n) * 100;
    const w = (barW * share) / 100;
    if (w <= 0) continue;
    doc.rect(x, barY, w, barH).fill(p.colour);
    segmentLabel(r, share, { x, y: barY, w, h: barH, colour: p.colour }, lang);
    x += w;
  }
  doc.y = y + h + 6;
  legend(
    r,
    parts.map((p) => ({
      colour: p.colour,
      text: `${r.t(p.key)}: ${formatCount(p.count, lang)} (${formatPercent(n.n === 0 ? null : (p.count / n.n) * 100, lang, 1)})`,
    })),
  );
  r.paragraph(r.t('npsFormula'), { size: 7.5, colour: MUTED });
  doc.y += 4;
}

/** The points a question's chart takes, which its heading keeps with it. */
function chartHeight(q: SurveyQuestionResult): number {
  if (q.type === 'likert') return 90;
  if (q.type === 'nps') return 100;
  if (q.type === 'text') return 30;
  return 30 + 16 * Math.min(q.counts.length, 6);
}

function questions(ctx: Ctx, section: Section): void {
  const { r, data, lang } = ctx;
  const s = data.results;
  r.heading(heading(ctx, section), 1, 120);
  if (withheldAll(data)) {
    r.paragraph(
      say(r, 'withheldSurvey', { completed: formatCount(s.completed, lang), n: formatCount(s.threshold, lang) }),
      {
        colour: MUTED,
      },
    );
    return;
  }
  s.questions.forEach((q, i) => {
    r.heading(`${i + 1}. ${q.text}`, 2, chartHeight(q));
    if (q.respondents === 0) {
      r.paragraph(r.t('noAnswers'), { size: 8.5, colour: MUTED });
      return;
    }
    statsLine(ctx, q);
    if (q.type === 'likert') likertBar(ctx, q);
    else if (q.type === 'nps') npsBar(ctx, q);
    else if (q.type === 'text')
      r.paragraph(say(r, 'textNote', { n: formatCount(q.texts.length, lang) }), { size: 8.5 });
    else optionBars(ctx, q);
  });
}

function freeText(ctx: Ctx, section: Section): void {
  const { r, data, lang } = ctx;
  const s = data.results;
  r.heading(heading(ctx, section), 1, 60);
  const withText = s.questions.map((q, i) => ({ q, i })).filter(({ q }) => q.texts.length > 0);
  if (withheldAll(data)) {
    r.paragraph(say(r, 'withheldTexts', { n: formatCount(s.threshold, lang) }), { colour: MUTED });
    return;
  }
  if (withText.length === 0) {
    r.paragraph(r.t('noFreeText'), { colour: MUTED });
    return;
  }
  for (const { q, i } of withText) {
    r.heading(`${i + 1}. ${q.text}`, 2, 50);
    r.table(
      [{ header: `${r.t('answer')} (${formatCount(q.texts.length, lang)})`, width: 0 }],
      q.texts.map((t) => ({ cells: [t] })),
    );
  }
}

export const renderSurveyPdf: SurveyRenderer = async ({ data, template, branding, language, sealPlaceholder }) => {
  const r = openReport({
    template,
    branding,
    language,
    dataHash: data.dataHash,
    generatedAt: data.generatedAt,
    subject: data.results.title,
    keywords: [`survey ${data.results.survey}`, template.id],
    sealPlaceholder,
  });
  const ctx: Ctx = { r, data, template, branding, lang: language };
  for (const section of template.sections) {
    if (section.type === 'cover') {
      r.startSection(true);
      cover(ctx);
      r.pending = true;
    } else if (section.type === 'survey-figures') {
      r.startSection(false);
      headlineFigures(ctx, section);
    } else if (section.type === 'survey-questions') {
      r.startSection(false);
      questions(ctx, section);
    } else if (section.type === 'survey-free-text') {
      r.startSection(true);
      freeText(ctx, section);
    }
  }
  r.finish();
  return r.toBuffer();
};
