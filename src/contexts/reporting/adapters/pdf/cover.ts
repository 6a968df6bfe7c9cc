import type { Branding, ReportTemplate } from '../../domain/template.js';
import { REPORTING_ERRORS } from '../../errors.js';
import { FONT, INK, MUTED, ReportDocument, RULE, tint } from './document.js';

/**
 * What every PDF report (assessment, survey, training) opens with: the
 * document and its metadata, and the cover page (the firm's colour band with
 * the title, the logo, the facts of the report and the data hash).
 */

/** The template's name in the report's language. */
export const templateTitle = (template: ReportTemplate, language: string): string =>
  template.name[language] ?? template.name.en ?? template.id;

export interface ReportFront {
  readonly template: ReportTemplate;
  readonly branding: Branding;
  readonly language: string;
  readonly dataHash: string;
  readonly generatedAt: string;
  /** What the report is about: the PDF's subject, and its title after the template's name. */
  readonly subject: string;
  /** The PDF's keywords before the data hash. */
  readonly keywords: readonly string[];
  readonly sealPlaceholder?: string | undefined;
  readonly plain?: boolean;
}

/** A4 in the firm's colour, with the metadata `report verify` and the seal rely on. */
export function openReport(front: ReportFront): ReportDocument {
  const { template, branding, language, dataHash, subject, sealPlaceholder } = front;
  const title = templateTitle(template, language);
  const generated = new Date(front.generatedAt);
  return new ReportDocument({
    title,
    firm: branding.firmName,
    primary: /^#[0-9a-f]{6}$/i.test(branding.primaryColor) ? branding.primaryColor : '#1f4e79',
    template,
    language,
    dataHash,
    ...(front.plain === undefined ? {} : { plain: front.plain }),
    info: {
      Title: `${title}: ${subject}`,
      Author: branding.firmName,
      Subject: subject,
      Keywords: [...front.keywords, `data-hash ${dataHash}`].join(', '),
      Creator: 'renfe',
      Producer: 'renfe',
      CreationDate: generated,
      ModDate: generated,
      // Replaced by the signed seal once the file is drawn (domain/report-seal.ts).
      ...(sealPlaceholder ? { RenfeSeal: sealPlaceholder } : {}),
    } as PDFKit.DocumentInfo,
  });
}

export interface Cover {
  readonly firm: string;
  readonly title: string;
  readonly subtitle: string;
  /** Label and value, in the order they are listed under the band. */
  readonly rows: readonly (readonly [string, string])[];
  readonly dataHash: string;
  readonly logoPath: string | null;
}

/** The cover page, without the running header. */
export function drawCover(r: ReportDocument, cover: Cover): void {
  const { doc } = r;
  r.markBare();
  const W = doc.page.width;
  const band = 318;
  doc.rect(0, 0, W, band).fill(r.primary);
  doc.rect(0, band, W, 5).fill(tint(r.primary, 0.45));
  doc.font(FONT.bold).fontSize(10.5).fillColor('#ffffff').text(cover.firm, r.left, 64, { width: r.width });
  doc
    .moveTo(r.left, 86)
    .lineTo(r.left + 48, 86)
    .lineWidth(2)
    .strokeColor('#ffffff')
    .stroke();
  doc.font(FONT.bold).fontSize(27).fillColor('#ffffff');
  const titleH = doc.heightOfString(cover.title, { width: r.width, lineGap: 2 });
  doc.text(cover.title, r.left, Math.max(120, band - 90 - titleH), { width: r.width, lineGap: 2 });
  doc
    .font(FONT.regular)
    .fontSize(15)
    .fillColor('#ffffff')
    .text(cover.subtitle, r.left, doc.y + 10, { width: r.width });

  let y = band + 44;
  let logo = false;
  if (cover.logoPath) {
    try {
      doc.image(cover.logoPath, r.right - 150, y, { fit: [150, 64], align: 'right' });
      logo = true;
    } catch (error) {
      throw REPORTING_ERRORS.badLogo({
        problem: `${cover.logoPath} cannot be read as an image (${(error as Error).message})`,
      });
    }
  }
  const valueW = r.width - 120 - (logo ? 160 : 0);
  for (const [k, v] of cover.rows) {
    doc
      .font(FONT.bold)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(k.toUpperCase(), r.left, y + 2, { width: 112 });
    doc.font(FONT.regular).fontSize(10.5).fillColor(INK);
    const h = doc.heightOfString(v, { width: valueW });
    doc.text(v, r.left + 120, y, { width: valueW });
    y += Math.max(h, 14) + 12;
  }
  const bottom = doc.page.height - 112;
  doc
    .moveTo(r.left, bottom - 10)
    .lineTo(r.right, bottom - 10)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc
    .font(FONT.bold)
    .fontSize(8.5)
    .fillColor(r.primary)
    .text(r.t('confidential').toUpperCase(), r.left, bottom, { lineBreak: false });
  doc
    .font(FONT.mono)
    .fontSize(6.8)
    .fillColor(MUTED)
    .text(`${r.t('dataHash')} (SHA-256) ${cover.dataHash}`, r.left, bottom + 15, { width: r.width, lineBreak: false });
}
