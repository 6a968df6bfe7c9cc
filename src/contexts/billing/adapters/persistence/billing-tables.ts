/** Row shapes of the billing context's tables. */
export interface BillingAccountsTable {
  org_id: string;
  customer_id: string | null;
  subscription_id: string | null;
  plan: string | null;
  status: string | null;
  interval: string | null;
  current_period_end: string | null;
  past_due_since: string | null;
  state_at: string | null;
  manual_plan: string | null;
  manual_until: string | null;
  updated_at: string;
}

export interface BillingEventsTable {
  event_id: string;
  type: string;
  created_at: string;
  org_id: string | null;
  outcome: string;
  processed_at: string;
}

export interface BillingInvoicesTable {
  org_id: string;
  invoice_id: string;
  number: string | null;
  created_at: string;
  amount_due: number;
  amount_paid: number;
  currency: string;
  status: string;
  hosted_url: string | null;
  pdf_url: string | null;
  synced_at: string;
}

export interface BillingTables {
  billing_accounts: BillingAccountsTable;
  billing_events: BillingEventsTable;
  billing_invoices: BillingInvoicesTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends BillingTables {}
}
