/** A node changing hands: the history metering reads delivered GPU-hours from. */

/**
 * One node changing holder. Holders: `lease:<id>` (see `leaseHolder`), `house` (the owner's
 * internal work), `spare` or `out_of_service`.
 */
export interface HolderMove {
  nodeId: string;
  from: string;
  to: string;
  /** The lease the node entered or left. */
  leaseId: string | null;
  reason: string;
}

/** The holder name of a lease: `lease:<id>`. */
export function leaseHolder(leaseId: string): string {
  return `lease:${leaseId}`;
}
