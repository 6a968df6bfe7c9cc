import type { Renderer } from '../../application/ports.js';
import { openReport } from './cover.js';
import { drawSection, drawToc, plannedToc, type SectionContext, tocPages } from './sections.js';

/**
 * The PDF report: A4, DejaVu Sans embedded (so any script prints), sections
 * in the template's order, and a table of contents with real page numbers,
 * written into pages reserved for it once the body has been laid out.
 * `plain` draws with pdfkit alone, without the speed-ups that must not change
 * the output (for tests that check they do not).
 */
export const pdfRenderer =
  ({ plain = false }: { plain?: boolean } = {}): Renderer =>
  async ({ data, template, branding, narrative, language, sealPlaceholder }) => {
    const r = openReport({
      template,
      branding,
      language,
      dataHash: data.dataHash,
      generatedAt: data.generatedAt,
      subject: data.assessment.subject,
      keywords: [...data.frameworks.map((f) => f.id), template.id],
      sealPlaceholder,
      plain,
    });
    const ctx: SectionContext = { r, data, template, branding, narrative, language };
    let toc: { section: (typeof template.sections)[number]; first: number; pages: number } | null = null;

    for (const section of template.sections) {
      if (section.type === 'cover') {
        r.startSection(true);
        drawSection(ctx, section);
        r.pending = true;
      } else if (section.type === 'toc' && !toc) {
        r.startSection(true);
        const pages = tocPages(r, plannedToc(template, data));
        toc = { section, first: r.page, pages };
        for (let i = 1; i < pages; i++) r.doc.addPage();
        r.pending = true;
      } else if (section.type !== 'toc') {
        drawSection(ctx, section);
      }
    }
    if (toc) drawToc(ctx, toc.section, toc.first, toc.pages);
    r.finish();
    return r.toBuffer();
  };

export const renderPdf: Renderer = pdfRenderer();
