import type { BillingDeps, PaymentGateway } from './ports.js';
import { BILLING_ERRORS } from '../errors.js';

/** The Stripe gateway, or a one-line error that says how to configure it. */
export async function gatewayOf(deps: BillingDeps): Promise<PaymentGateway> {
  if (!deps.settings.secretKey) {
    throw BILLING_ERRORS.notConfigured({
      missing: 'the Stripe secret key',
      howTo:
        'run `renfe config set stripe.secretKey sk_...` or set STRIPE_SECRET_KEY; without Stripe the free plan (or a plan set with `renfe billing plan set`) applies',
    });
  }
  return deps.gateway();
}
