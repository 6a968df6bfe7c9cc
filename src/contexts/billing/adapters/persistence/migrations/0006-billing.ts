import type { Kysely } from 'kysely';

// Frozen in time: later schema changes go in new migrations, never here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('billing_accounts')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.unique())
    .addColumn('subscription_id', 'text')
    .addColumn('plan', 'text')
    .addColumn('status', 'text')
    .addColumn('interval', 'text')
    .addColumn('current_period_end', 'text')
    .addColumn('past_due_since', 'text')
    .addColumn('state_at', 'text')
    .addColumn('manual_plan', 'text')
    .addColumn('manual_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('billing_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('billing_invoices')
    .addColumn('org_id', 'text', (c) => c.notNull().references('auth_organizations.id').onDelete('cascade'))
    .addColumn('invoice_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('amount_due', 'integer', (c) => c.notNull())
    .addColumn('amount_paid', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hosted_url', 'text')
    .addColumn('pdf_url', 'text')
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_invoices_pk', ['org_id', 'invoice_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('billing_invoices').execute();
  await db.schema.dropTable('billing_events').execute();
  await db.schema.dropTable('billing_accounts').execute();
}
