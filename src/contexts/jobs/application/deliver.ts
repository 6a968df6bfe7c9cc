import type { Principal } from '../../../kernel/principal.js';
import { newId } from '../../../kernel/ids.js';
import { allow } from '../../auth/index.js';
import type { DeliveryResult, MailMessage } from '../domain/mail.js';
import type { JobsDeps, MailSettings } from './ports.js';

/** Sends one message and records what the relay said, in one transaction with its audit entry. */
export async function deliver(
  deps: JobsDeps,
  principal: Principal,
  message: MailMessage,
  settings: MailSettings,
  dryRunDir: string | undefined,
  jobId: string | null,
): Promise<DeliveryResult> {
  const access = allow(principal, message.template === 'test' ? 'mail.test' : 'mail.send');
  const mailer = await deps.mailer(settings, dryRunDir);
  const result = await mailer.send(message);
  await access.change(deps.uow, async ({ jobs, record }) => {
    const id = newId();
    await jobs.deliveries.record({
      id,
      orgId: access.orgId,
      jobId,
      template: message.template,
      to: message.to,
      subject: message.subject,
      status: result.status,
      response: result.response,
      messageId: result.messageId,
      createdAt: deps.clock.now(),
    });
    await record({
      action: `mail.${result.status}`,
      targetType: 'delivery',
      targetId: id,
      details: { template: message.template, to: message.to, via: mailer.kind, job: jobId },
    });
  });
  return result;
}
