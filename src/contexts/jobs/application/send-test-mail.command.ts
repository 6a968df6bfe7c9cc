import type { Principal } from '../../../kernel/principal.js';
import { allow } from '../../auth/index.js';
import { JOBS_ERRORS } from '../errors.js';
import { type DeliveryResult, isMailLanguage, normaliseAddress, testMessage } from '../domain/mail.js';
import { deliver } from './deliver.js';
import type { JobsDeps, MailSettings } from './ports.js';

export interface TestMailInput {
  readonly to: string;
  readonly language: string;
  readonly settings: MailSettings;
  /** Write the message as an .eml file in this folder instead of sending it. */
  readonly dryRunDir?: string | undefined;
}

/** `renfe mail test`: one message through the configured relay, its result recorded. */
export function sendTestMail(deps: JobsDeps) {
  return async (principal: Principal, input: TestMailInput): Promise<DeliveryResult> => {
    allow(principal, 'mail.test');
    const to = normaliseAddress(input.to);
    if (!to) throw JOBS_ERRORS.badAddress({ flag: '--to', value: input.to });
    if (!isMailLanguage(input.language)) throw JOBS_ERRORS.badLanguage({ language: input.language });
    const org = principal.org?.name ?? '';
    const result = await deliver(
      deps,
      principal,
      testMessage([to], input.language, org),
      input.settings,
      input.dryRunDir,
      null,
    );
    if (result.status === 'rejected') throw JOBS_ERRORS.rejected({ response: result.response });
    if (result.status === 'deferred') throw JOBS_ERRORS.deferred({ response: result.response });
    return result;
  };
}
