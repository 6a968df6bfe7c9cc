import type { Principal } from '../../../kernel/principal.js';
import type { Role } from '../../../kernel/roles.js';
import { type AuditActor, type AuditEntry, type AuditLog, auditActorOf } from '../../audit/index.js';
import { authorize } from '../domain/permissions.js';

/** A unit of work whose transaction carries the audit log (every context's does). */
export interface AuditedUnitOfWork<Tx extends { readonly audit: AuditLog }> {
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** What a change sees inside its transaction: the context's stores and `record` for its audit entries. */
export type ChangeScope<Tx> = Tx & {
  /** Appends an audit entry to the organisation's chain, by the acting principal, in this transaction. */
  record(entry: AuditEntry): Promise<void>;
};

/**
 * The steps every use case repeats, in one place: authorise the principal for
 * the permission (organisation and role), name the actor, and for a change run
 * one transaction that must append at least one audit entry.
 *
 *   const access = allow(principal, 'finding.write');
 *   return access.change(deps.uow, async ({ store, record }) => { ...; await record({ action: ... }); });
 */
export interface Access {
  readonly orgId: string;
  readonly role: Role;
  readonly actor: AuditActor;
  readonly principal: Principal;
  change<Tx extends { readonly audit: AuditLog }, T>(
    uow: AuditedUnitOfWork<Tx>,
    work: (scope: ChangeScope<Tx>) => Promise<T>,
  ): Promise<T>;
}

export function allow(principal: Principal, permission: string): Access {
  const { orgId, role } = authorize(principal, permission);
  const actor = auditActorOf(principal);
  return {
    orgId,
    role,
    actor,
    principal,
    change(uow, work) {
      return uow.run(async (tx) => {
        let recorded = 0;
        const chain = tx.audit.chain(orgId);
        const result = await work({
          ...tx,
          record: async (entry: AuditEntry) => {
            recorded++;
            await chain.append(actor, entry);
          },
        });
        if (recorded === 0) {
          // A programming error, not the user's: the transaction is rolled back.
          throw new Error(`a change under ${permission} wrote no audit entry`);
        }
        return result;
      });
    },
  };
}
