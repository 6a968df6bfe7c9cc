import { AppError } from '../../../kernel/app-error.js';
import type { Renderer, ReportFormat } from '../application/ports.js';

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
      throw new AppError('invalid-input', 'REPORT.BAD_FORMAT', `unknown report format ${String(unknown)}`);
    }
  }
}
