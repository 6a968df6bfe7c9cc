/**
 * The billing context: plans and their limits, the entitlements every limited
 * use case consults (through `tx.entitlements`, see src/kernel/entitlements.ts),
 * Stripe customers, checkout, subscriptions, invoices and webhooks.
 */
export type { BillingSettings } from './application/ports.js';
