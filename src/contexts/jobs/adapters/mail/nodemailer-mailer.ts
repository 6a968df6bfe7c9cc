import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { JOBS_ERRORS } from '../../errors.js';
import { type DeliveryResult, deliveryStatusOf, type MailMessage } from '../../domain/mail.js';
import type { Mailer, MailerFactory, MailSettings } from '../../application/ports.js';

type Nodemailer = typeof import('nodemailer');
let loaded: Promise<Nodemailer> | undefined;
/** nodemailer loads only when mail is sent. */
function nodemailer(): Promise<Nodemailer> {
  loaded ??= import('nodemailer').then((m) => ((m as { default?: Nodemailer }).default ?? m) as Nodemailer);
  return loaded;
}

function envelope(message: MailMessage, from: string) {
  return {
    from,
    to: [...message.to],
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
    })),
  };
}

/** The relay's reply, without anything that could carry a credential. */
function reply(text: unknown): string {
  return String(text ?? '')
    .split('\n')[0]
    ?.slice(0, 300) as string;
}

function smtpMailer(transport: Transporter, from: string): Mailer {
  return {
    kind: 'smtp',
    async send(message): Promise<DeliveryResult> {
      try {
        const info = await transport.sendMail(envelope(message, from));
        const accepted = (info.accepted ?? []).map(String);
        const rejected = (info.rejected ?? []).map(String);
        return {
          status: accepted.length > 0 ? 'accepted' : 'rejected',
          accepted,
          rejected,
          response: reply(info.response),
          messageId: info.messageId ?? null,
        };
      } catch (error) {
        const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
        return {
          status: deliveryStatusOf(e.responseCode),
          accepted: [],
          rejected: e.responseCode !== undefined && e.responseCode >= 500 ? [...message.to] : [],
          response: reply(e.response ?? `${e.code ?? 'error'}: ${e.message ?? ''}`),
          messageId: null,
        };
      }
    },
  };
}

/** A dry run: each message as an .eml file in `dir`, built exactly as it would be sent. */
function emlMailer(transport: Transporter, from: string, dir: string): Mailer {
  return {
    kind: 'dry-run',
    async send(message): Promise<DeliveryResult> {
      const info = (await transport.sendMail(envelope(message, from))) as { message: Buffer; messageId?: string };
      mkdirSync(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(dir, `${stamp}-${message.template}-${randomBytes(4).toString('hex')}.eml`);
      writeFileSync(file, info.message);
      return {
        status: 'accepted',
        accepted: [...message.to],
        rejected: [],
        response: `written to ${file}`,
        messageId: info.messageId ?? null,
      };
    },
  };
}

/** The configured relay (profile smtp.*), or a folder of .eml files for `--dry-run`. */
export const nodemailerMailer: MailerFactory = async (settings: MailSettings, dryRunDir?: string) => {
  const mail = await nodemailer();
  if (dryRunDir !== undefined) {
    const transport = mail.createTransport({ streamTransport: true, buffer: true, newline: 'crlf' });
    return emlMailer(transport, settings.from || 'renfe@localhost', dryRunDir);
  }
  const missing = [!settings.host && 'smtp.host', !settings.from && 'smtp.from'].filter(Boolean).join(' and ');
  if (missing) throw JOBS_ERRORS.notConfigured({ missing });
  const transport = mail.createTransport({
    host: settings.host,
    port: settings.port ?? (settings.secure ? 465 : 587),
    secure: settings.secure ?? false,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return smtpMailer(transport, settings.from as string);
};
