/**
 * Messages renfe sends, in English and Spanish. Every message has a plain-text
 * part; the HTML part says the same. Templates are code (not user files), so
 * a message can always be rendered: nothing to load, nothing to go missing.
 */
export const MAIL_LANGUAGES = ['en', 'es'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export function isMailLanguage(value: string): value is MailLanguage {
  return (MAIL_LANGUAGES as readonly string[]).includes(value);
}

export interface Attachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface MailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly Attachment[];
  /** Which template made it (recorded with the delivery). */
  readonly template: string;
}

/** What the relay said: accepted, refused for good, or to be tried again. */
export type DeliveryStatus = 'accepted' | 'rejected' | 'deferred';

export interface DeliveryResult {
  readonly status: DeliveryStatus;
  /** Addresses the relay accepted and refused. */
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  /** The relay's last reply line (or where a dry run wrote the message). */
  readonly response: string;
  readonly messageId: string | null;
}

/**
 * An SMTP reply code sorted: 5xx is a permanent refusal, 4xx (and failures
 * to reach the relay, which have no code) are worth retrying.
 */
export function deliveryStatusOf(responseCode: number | undefined): DeliveryStatus {
  if (responseCode === undefined) return 'deferred';
  if (responseCode >= 500) return 'rejected';
  if (responseCode >= 400) return 'deferred';
  return 'accepted';
}

const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** A bare address (local@domain.tld), or null. */
export function normaliseAddress(value: string): string | null {
  const address = value.trim();
  return ADDRESS.test(address) ? address : null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(paragraphs: readonly string[]): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  return `<!doctype html>\n<html><body style="font-family: sans-serif; line-height: 1.4">\n${body}\n</body></html>\n`;
}

function message(
  template: string,
  to: readonly string[],
  subject: string,
  paragraphs: readonly string[],
  attachments: readonly Attachment[] = [],
): MailMessage {
  return { template, to, subject, text: `${paragraphs.join('\n\n')}\n`, html: html(paragraphs), attachments };
}

export interface ReportReady {
  readonly to: readonly string[];
  readonly language: MailLanguage;
  readonly organisation: string;
  readonly assessmentId: string;
  readonly subject: string;
  readonly template: string;
  readonly format: string;
  readonly fileHash: string;
  readonly attachment: Attachment;
}

/** A finished report, attached. */
export function reportReadyMessage(r: ReportReady): MailMessage {
  const short = `${r.fileHash.slice(0, 16)}…`;
  if (r.language === 'es') {
    return message(
      'report-ready',
      r.to,
      `Informe listo: ${r.subject} (${r.template})`,
      [
        `El informe ${r.template} (${r.format}) de la evaluación ${r.assessmentId} «${r.subject}» de ${r.organisation} está listo y va adjunto: ${r.attachment.filename}.`,
        `Huella SHA-256: ${r.fileHash} (${short}). Compruebe el archivo con: renfe report verify ${r.attachment.filename}`,
        'Enviado por renfe.',
      ],
      [r.attachment],
    );
  }
  return message(
    'report-ready',
    r.to,
    `Report ready: ${r.subject} (${r.template})`,
    [
      `The ${r.template} report (${r.format}) of assessment ${r.assessmentId} "${r.subject}" for ${r.organisation} is ready and attached: ${r.attachment.filename}.`,
      `SHA-256: ${r.fileHash} (${short}). Check the file with: renfe report verify ${r.attachment.filename}`,
      'Sent by renfe.',
    ],
    [r.attachment],
  );
}

/** `renfe mail test`: proves the SMTP settings work. */
export function testMessage(to: readonly string[], language: MailLanguage, organisation: string): MailMessage {
  if (language === 'es') {
    return message('test', to, 'Prueba de correo de renfe', [
      `Este es un mensaje de prueba de renfe para ${organisation}.`,
      'Si lo ha recibido, la configuración SMTP funciona.',
    ]);
  }
  return message('test', to, 'renfe test message', [
    `This is a test message from renfe for ${organisation}.`,
    'If you received it, the SMTP settings work.',
  ]);
}

export interface SurveyInvitation {
  readonly to: string;
  readonly language: MailLanguage;
  readonly organisation: string;
  readonly title: string;
  /** The one-time token: it appears in this message and nowhere else. */
  readonly token: string;
  readonly expiresOn: string;
}

/** A survey invitation with its one-time token. */
export function surveyInvitationMessage(i: SurveyInvitation): MailMessage {
  if (i.language === 'es') {
    return message('survey-invitation', [i.to], `Encuesta: ${i.title}`, [
      `${i.organisation} le invita a responder la encuesta «${i.title}».`,
      `Su código personal, válido una sola vez hasta el ${i.expiresOn}:\n${i.token}`,
      `Para responder en el terminal: renfe survey take ${i.token}`,
      'No reenvíe este mensaje: el código es solo para usted. Enviado por renfe.',
    ]);
  }
  return message('survey-invitation', [i.to], `Survey: ${i.title}`, [
    `${i.organisation} invites you to answer the survey "${i.title}".`,
    `Your personal code, valid once until ${i.expiresOn}:\n${i.token}`,
    `To answer in the terminal: renfe survey take ${i.token}`,
    'Please do not forward this message: the code is yours alone. Sent by renfe.',
  ]);
}

export interface TrainingReminder {
  readonly to: string;
  readonly language: MailLanguage;
  readonly organisation: string;
  readonly name: string | null;
  readonly courses: readonly {
    readonly course: string;
    readonly title: string;
    readonly due: string;
    readonly overdue: boolean;
  }[];
}

/** The courses a person has yet to pass: overdue first, then those due soon. */
export function trainingReminderMessage(r: TrainingReminder): MailMessage {
  const overdue = r.courses.filter((c) => c.overdue);
  const soon = r.courses.filter((c) => !c.overdue);
  const list = (items: typeof r.courses, es: boolean) =>
    items.map((c) => `- ${c.title} (${c.course}), ${es ? 'fecha límite' : 'due'} ${c.due}`).join('\n');
  if (r.language === 'es') {
    const parts = [`Hola${r.name ? ` ${r.name}` : ''}:`];
    if (overdue.length > 0) parts.push(`Tiene formación vencida en ${r.organisation}:\n${list(overdue, true)}`);
    if (soon.length > 0) parts.push(`Formación que vence pronto:\n${list(soon, true)}`);
    parts.push('Para hacer un curso: renfe training take <curso>', 'Enviado por renfe.');
    const subject =
      overdue.length > 0
        ? `Formación vencida: ${overdue.length} curso(s)`
        : `Formación pendiente: ${soon.length} curso(s)`;
    return message('training-reminder', [r.to], subject, parts);
  }
  const parts = [`Hello${r.name ? ` ${r.name}` : ''},`];
  if (overdue.length > 0) parts.push(`You have overdue training at ${r.organisation}:\n${list(overdue, false)}`);
  if (soon.length > 0) parts.push(`Training due soon:\n${list(soon, false)}`);
  parts.push('To take a course: renfe training take <course>', 'Sent by renfe.');
  const subject =
    overdue.length > 0
      ? `Overdue training: ${overdue.length} course(s)`
      : `Training due soon: ${soon.length} course(s)`;
  return message('training-reminder', [r.to], subject, parts);
}
