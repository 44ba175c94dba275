/**
 * Writing one change of a lease: the lifecycle's refusal as the API's error, and the lease's next
 * version with its version entry and audit entry, all stamped with the change's time.
 * @module
 */
import { actorOf, type Principal } from "../access/principal.js";
import type { FieldChange } from "../leasing/amendment.js";
import type { Lease } from "../leasing/lease.js";
import { applyTransition, type Transition } from "../leasing/lifecycle.js";
import { LeaseholdError } from "../shared/errors.js";
import { appendAudit } from "../store/access-repository.js";
import { saveLease } from "../store/lease-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import { auditEntry } from "./event-entries.js";

/** The lease after the transition `t`; a refusal throws its code (INVALID_TRANSITION, NOTICE_TOO_SHORT, …). */
export function transitioned(lease: Lease, t: Transition): Lease {
  const result = applyTransition(lease, t);
  if (!result.ok) throw new LeaseholdError(result.reason, result.message, result.issue ? [result.issue] : []);
  return result.lease;
}

/**
 * Writes a changed lease with its next version (bumped on `lease`), the version entry and the
 * audit entry `lease.<kind>`, at `at`. `by` is the caller, or a system actor such as `system:clock`.
 */
export async function saveChange(
  tx: SqlClient,
  lease: Lease,
  by: Principal | string,
  change: { kind: string; reason: string; changes: FieldChange[] },
  at: string,
): Promise<void> {
  lease.version += 1;
  const actor = typeof by === "string" ? by : actorOf(by);
  const { kind, reason, changes } = change;
  await saveLease(tx, lease, { kind, actor, at, reason, changes });
  const detail = { version: lease.version, reason, changes };
  await appendAudit(tx, auditEntry(actor, `lease.${kind}`, lease.id, detail), at);
}
