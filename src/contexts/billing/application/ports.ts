import type { Clock } from '../../../kernel/clock.js';
import type { AuditLog } from '../../audit/index.js';
import type { BillingAccount, SubscriptionStatus } from '../domain/account.js';
import type { Interval, Plan } from '../domain/plans.js';

export interface InvoiceRecord {
  readonly id: string;
  readonly number: string | null;
  readonly createdAt: Date;
  readonly amountDue: number;
  readonly amountPaid: number;
  readonly currency: string;
  readonly status: string;
  readonly hostedUrl: string | null;
  readonly pdfUrl: string | null;
}

/** Billing rows of one organisation. */
export interface BillingAccountRepository {
  get(): Promise<BillingAccount | null>;
  save(account: BillingAccount): Promise<void>;
  invoices(): Promise<InvoiceRecord[]>;
  saveInvoice(invoice: InvoiceRecord, at: Date): Promise<void>;
}

export interface BillingStore {
  forOrg(orgId: string): BillingAccountRepository;
  /** The organisation of a Stripe customer (webhooks know only the customer). */
  orgOfCustomer(customerId: string): Promise<string | null>;
  /** Records a webhook event id; false when it was already recorded (processed before). */
  recordEvent(
    event: { id: string; type: string; createdAt: Date; orgId: string | null; outcome: string },
    at: Date,
  ): Promise<boolean>;
  organization(orgId: string): Promise<{ id: string; name: string; slug: string } | null>;
}

export interface BillingTransaction {
  readonly billing: BillingStore;
  readonly audit: AuditLog;
}

export interface BillingUnitOfWork {
  run<T>(work: (tx: BillingTransaction) => Promise<T>): Promise<T>;
  readonly read: BillingStore;
}

/** A subscription as Stripe reports it. */
export interface SubscriptionState {
  readonly id: string;
  readonly customerId: string;
  readonly status: SubscriptionStatus;
  readonly priceId: string | null;
  readonly interval: string | null;
  readonly currentPeriodEnd: Date | null;
}

/** A verified webhook event, reduced to what billing reads. */
export interface BillingEvent {
  readonly id: string;
  readonly type: string;
  readonly createdAt: Date;
  readonly object: Readonly<Record<string, any>>;
}

/** Stripe, as the use cases need it. */
export interface PaymentGateway {
  ensureCustomer(input: {
    readonly orgId: string;
    readonly name: string;
    readonly email: string | null;
    readonly existingId: string | null;
  }): Promise<{ readonly id: string; readonly created: boolean }>;
  createCheckout(input: {
    readonly orgId: string;
    readonly customerId: string;
    readonly priceId: string;
    readonly successUrl: string;
    readonly cancelUrl: string;
  }): Promise<{ readonly id: string; readonly url: string }>;
  createPortal(customerId: string, returnUrl: string): Promise<{ readonly url: string }>;
  listInvoices(customerId: string): Promise<InvoiceRecord[]>;
  /** The customer's newest subscription, or null. */
  currentSubscription(customerId: string): Promise<SubscriptionState | null>;
  download(url: string): Promise<Uint8Array>;
}

/** Verifies webhook signatures (no API key needed). */
export interface WebhookVerifier {
  /** `receivedAt`: when the event arrived, against which the signature's age is measured. */
  verify(payload: string, signature: string, secret: string, toleranceSeconds: number, receivedAt: Date): BillingEvent;
}

export interface BillingSettings {
  readonly secretKey?: string | undefined;
  readonly webhookSecret?: string | undefined;
  /** Where the Stripe API is (tests point it at a local fake server). */
  readonly apiBase?: string | undefined;
  readonly plansFile?: string | undefined;
  readonly graceDays?: number | undefined;
  readonly toleranceSeconds?: number | undefined;
  readonly successUrl?: string | undefined;
  readonly cancelUrl?: string | undefined;
}

export interface PlanCatalog {
  plans(): Promise<readonly Plan[]>;
}

export interface BillingDeps {
  readonly uow: BillingUnitOfWork;
  readonly plans: PlanCatalog;
  readonly gateway: () => Promise<PaymentGateway>;
  readonly verifier: () => Promise<WebhookVerifier>;
  readonly settings: BillingSettings;
  readonly clock: Clock;
  /** Usage of every limited metric, counted now (for `billing status`). */
  readonly usage: (orgId: string) => Promise<Readonly<Record<string, number>>>;
}

export type { Interval };
