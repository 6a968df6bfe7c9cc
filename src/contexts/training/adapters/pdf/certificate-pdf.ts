import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CertificateData, CertificateRenderer } from '../../application/ports.js';

// Resolved from this module so it works from src/ (tests) and from the bundle in dist/.
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

const WORDS = {
  en: {
    title: 'Certificate of completion',
    certifies: 'This certifies that',
    completed: 'completed the course',
    version: 'version',
    on: 'on',
    score: 'with a score of',
    issuedBy: 'Issued by',
    id: 'Certificate id',
    hash: 'SHA-256',
    verify: 'Check it with: renfe training verify <this file>',
  },
  es: {
    title: 'Certificado de aprovechamiento',
    certifies: 'Se certifica que',
    completed: 'ha completado el curso',
    version: 'versión',
    on: 'el',
    score: 'con una puntuación de',
    issuedBy: 'Emitido por',
    id: 'Id del certificado',
    hash: 'SHA-256',
    verify: 'Compruébelo con: renfe training verify <este fichero>',
  },
};

/** One A4 landscape page drawn with pdfkit (loaded here only, when a certificate is made). */
export const renderCertificate: CertificateRenderer = async (data: CertificateData) => {
  const { default: PDFDocument } = await import('pdfkit');
  const w = WORDS[data.language === 'es' ? 'es' : 'en'];
  const issued = new Date(`${data.completedOn}T12:00:00.000Z`);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    font: join(fontDir, 'DejaVuSans.ttf'),
    info: {
      Title: `${w.title}: ${data.course}`,
      Author: data.organisation,
      Subject: `renfe-certificate:${data.certificateId} sha256:${data.dataHash}`,
      Keywords: `renfe-certificate:${data.certificateId} sha256:${data.dataHash}`,
      CreationDate: issued,
      ModDate: issued,
    },
  });
  doc.registerFont('Bold', join(fontDir, 'DejaVuSans-Bold.ttf'));
  doc.registerFont('Regular', join(fontDir, 'DejaVuSans.ttf'));
  doc.registerFont('Mono', join(fontDir, 'DejaVuSansMono.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const width = doc.page.width - 112;
  doc
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .lineWidth(2)
    .stroke('#1d2433');
  doc.moveDown(2);
  doc.font('Bold').fontSize(30).fillColor('#1d2433').text(w.title, 56, 90, { width, align: 'center' });
  doc.moveDown(1.5);
  doc.font('Regular').fontSize(14).text(w.certifies, { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Bold').fontSize(24).text(data.name, { width, align: 'center' });
  if (data.name !== data.email)
    doc.font('Regular').fontSize(11).fillColor('#5f6b7a').text(data.email, { width, align: 'center' });
  doc.moveDown(1);
  doc.fillColor('#1d2433').fontSize(14).text(w.completed, { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('Bold').fontSize(20).text(data.course, { width, align: 'center' });
  doc
    .font('Regular')
    .fontSize(13)
    .text(`(${data.courseKey}, ${w.version} ${data.version})`, { width, align: 'center' });
  doc.moveDown(0.8);
  doc.text(`${w.on} ${data.completedOn} ${w.score} ${data.score} %`, { width, align: 'center' });
  doc.moveDown(1.5);
  doc.text(`${w.issuedBy} ${data.organisation}`, { width, align: 'center' });
  const y = doc.page.height - 140;
  doc.font('Regular').fontSize(9).fillColor('#5f6b7a');
  doc.text(`${w.id}: ${data.certificateId}`, 56, y, { width });
  doc.font('Mono').text(`${w.hash}: ${data.dataHash}`, 56, y + 14, { width });
  doc.font('Regular').text(w.verify, 56, y + 28, { width });
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
};
