import { REPORT_FORMATS, type Renderer, type ReportFormat } from '../application/ports.js';
import { REPORTING_ERRORS } from '../errors.js';

/**
 * Each format's renderer is imported only when it is used: the PDF renderer
 * brings pdfkit and its fonts, which no other command should pay for.
 */
export async function loadRenderer(format: ReportFormat): Promise<Renderer> {
  switch (format) {
    case 'pdf':
      return (await import('./pdf/pdf-renderer.js')).renderPdf;
    case 'json':
      return (await import('./exports/json-renderer.js')).renderJson;
    case 'csv':
      return (await import('./exports/csv-renderer.js')).renderCsv;
    case 'md':
      return (await import('./exports/markdown-renderer.js')).renderMarkdown;
    case 'oscal':
      return (await import('./exports/oscal-renderer.js')).renderOscal;
    default: {
      const unknown: never = format;
      throw REPORTING_ERRORS.badFormat({ formats: REPORT_FORMATS.join(', '), format: String(unknown) });
    }
  }
}
