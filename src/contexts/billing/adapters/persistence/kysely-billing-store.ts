import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../../persistence/database.js';
import type { BillingAccount, SubscriptionStatus } from '../../domain/account.js';
import type { BillingAccountRepository, BillingStore, InvoiceRecord } from '../../application/ports.js';
import type { BillingAccountsTable } from './billing-tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

const date = (value: string | null) => (value === null ? null : new Date(value));
const text = (value: Date | null) => (value === null ? null : value.toISOString());

function accountOf(row: BillingAccountsTable): BillingAccount {
  return {
    orgId: row.org_id,
    customerId: row.customer_id,
    subscriptionId: row.subscription_id,
    plan: row.plan,
    status: row.status as SubscriptionStatus | null,
    interval: row.interval,
    currentPeriodEnd: date(row.current_period_end),
    pastDueSince: date(row.past_due_since),
    stateAt: date(row.state_at),
    manualPlan: row.manual_plan,
    manualUntil: date(row.manual_until),
    updatedAt: new Date(row.updated_at),
  };
}

function rowOf(account: BillingAccount): BillingAccountsTable {
  return {
    org_id: account.orgId,
    customer_id: account.customerId,
    subscription_id: account.subscriptionId,
    plan: account.plan,
    status: account.status,
    interval: account.interval,
    current_period_end: text(account.currentPeriodEnd),
    past_due_since: text(account.pastDueSince),
    state_at: text(account.stateAt),
    manual_plan: account.manualPlan,
    manual_until: text(account.manualUntil),
    updated_at: account.updatedAt.toISOString(),
  };
}

export function kyselyBillingStore(db: Executor): BillingStore {
  function forOrg(orgId: string): BillingAccountRepository {
    return {
      async get() {
        const row = await db.selectFrom('billing_accounts').selectAll().where('org_id', '=', orgId).executeTakeFirst();
        return row ? accountOf(row) : null;
      },
      async save(account) {
        const row = rowOf({ ...account, orgId });
        await db
          .insertInto('billing_accounts')
          .values(row)
          .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...row }))
          .execute();
      },
      async invoices() {
        const rows = await db
          .selectFrom('billing_invoices')
          .selectAll()
          .where('org_id', '=', orgId)
          .orderBy('created_at', 'desc')
          .execute();
        return rows.map((r): InvoiceRecord => ({
          id: r.invoice_id,
          number: r.number,
          createdAt: new Date(r.created_at),
          amountDue: Number(r.amount_due),
          amountPaid: Number(r.amount_paid),
          currency: r.currency,
          status: r.status,
          hostedUrl: r.hosted_url,
          pdfUrl: r.pdf_url,
        }));
      },
      async saveInvoice(invoice, at) {
        const row = {
          org_id: orgId,
          invoice_id: invoice.id,
          number: invoice.number,
          created_at: invoice.createdAt.toISOString(),
          amount_due: invoice.amountDue,
          amount_paid: invoice.amountPaid,
          currency: invoice.currency,
          status: invoice.status,
          hosted_url: invoice.hostedUrl,
          pdf_url: invoice.pdfUrl,
          synced_at: at.toISOString(),
        };
        await db
          .insertInto('billing_invoices')
          .values(row)
          .onConflict((oc) => oc.columns(['org_id', 'invoice_id']).doUpdateSet({ ...row }))
          .execute();
      },
    };
  }
  return {
    forOrg,
    async orgOfCustomer(customerId) {
      const row = await db
        .selectFrom('billing_accounts')
        .select('org_id')
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      return row?.org_id ?? null;
    },
    async recordEvent(event, at) {
      const inserted = await db
        .insertInto('billing_events')
        .values({
          event_id: event.id,
          type: event.type,
          created_at: event.createdAt.toISOString(),
          org_id: event.orgId,
          outcome: event.outcome,
          processed_at: at.toISOString(),
        })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async organization(orgId) {
      const row = await db
        .selectFrom('auth_organizations')
        .select(['id', 'name', 'slug'])
        .where('id', '=', orgId)
        .executeTakeFirst();
      return row ?? null;
    },
  };
}
