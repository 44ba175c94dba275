/**
 * The audit entries and outbox messages the use cases write, built one way: an audit entry says who
 * did what to which subject; an outbox message announces a change of a lease (its lifecycle, its
 * tranches, its nodes, its shortfall) to later slices, addressed to the lease and its tenant. The
 * writer stamps both with the use case's time.
 * @module
 */
import type { NodeReplaced } from "../allocation/node-decision.js";
import type { NewAuditEntry } from "../store/access-repository.js";
import type { OutboxMessage } from "../store/lease-repository.js";

/** Every outbox topic; each one's aggregate is a lease. */
export type LeaseTopic =
  | "lease.created"
  | "lease.reserved"
  | "lease.activated"
  | "lease.amended"
  | "lease.notice_given"
  | "lease.cancelled"
  | "lease.ended"
  | "lease.shortfall_changed"
  | "tranche.activated"
  | "tranche.unplaced"
  | "allocation.node_replaced"
  | "invoice.issued";

/** What an audit entry records, by subject: `lease.<change>` for every lease change. */
export type AuditAction =
  | "tenant.created"
  | "api_key.created"
  | "api_key.revoked"
  | "agent_keys.issued"
  | "agent_key.revoked"
  | "health_policy.changed"
  | "site.imported"
  | "site.replaced"
  | "db.dump"
  | "db.restore"
  | `lease.${string}`
  | `limits.${string}`
  | `invoice.${string}`
  | `portfolio.${string}`;

/** An audit entry: `actor` (e.g. `operator:<key>`, `system:clock`) did `action` to `subject` (an id). */
export function auditEntry(
  actor: string,
  action: AuditAction,
  subject: string,
  detail: Record<string, unknown> = {},
): NewAuditEntry {
  return { actor, action, subject, detail };
}

/** An outbox message about a lease, visible to its tenant. */
export function leaseMessage(
  lease: { id: string; tenantId: string | null },
  topic: LeaseTopic,
  payload: Record<string, unknown>,
): OutboxMessage {
  return { topic, aggregateId: lease.id, tenantId: lease.tenantId, payload };
}

/** The message announcing that a leased node left its lease, and what replaced it. */
export function nodeReplacedMessage(event: NodeReplaced): OutboxMessage {
  const { leaseId, tenantId, ...payload } = event;
  return leaseMessage({ id: leaseId, tenantId }, "allocation.node_replaced", payload);
}
