import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { JobsWorkspace } from './jobs-helpers.js';
import { expectExit } from './helpers.js';

export const SMTP_USER = 'relay-user';
export const SMTP_PASSWORD = 'relay-secret-9f3k';

export interface TestSmtp {
  readonly port: number;
  /** Every message accepted, as received (RFC 5322). */
  readonly messages: Buffer[];
  close(): Promise<void>;
}

/** A real SMTP server in the test: it asks for a login and keeps what it receives. */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: Buffer[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: SMTP_USER });
      else callback(new Error('bad login'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Points the workspace's profile at the test server. */
export async function useSmtp(ws: JobsWorkspace, smtp: TestSmtp): Promise<void> {
  for (const [key, value] of [
    ['smtp.host', '127.0.0.1'],
    ['smtp.port', String(smtp.port)],
    ['smtp.user', SMTP_USER],
    ['smtp.password', SMTP_PASSWORD],
    ['smtp.from', 'Acme Audits <audits@acme.test>'],
  ] as const) {
    expectExit(await ws.run(['config', 'set', key, value]), 0);
  }
}
