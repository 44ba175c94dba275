/**
 * Lease contracts: a tenant rents GPUs of one or more models at a site, delivered in tranches,
 * for a term, at a price, with notice, ramp discounts, a commitment, an SLA, an isolation level
 * and a placement policy. Money is integer micro-dollars; times are ISO 8601 UTC strings.
 * @module
 */

export const LEASE_STATUSES = ["draft", "reserved", "active", "ending", "ended", "cancelled"] as const;
export type LeaseStatus = (typeof LEASE_STATUSES)[number];

/**
 * The statuses in which a lease holds capacity at its site: the calendar counts it, time acts on it
 * (its tranches start, it ends), and its placed tranches are on the fleet.
 */
export const HOLDING_STATUSES = ["reserved", "active", "ending"] as const satisfies readonly LeaseStatus[];
export type HoldingStatus = (typeof HOLDING_STATUSES)[number];

/** Whether a lease in `status` holds capacity (see `HOLDING_STATUSES`). */
export function holdsCapacity(status: LeaseStatus): status is HoldingStatus {
  return (HOLDING_STATUSES as readonly LeaseStatus[]).includes(status);
}

/** Who else may share a topology domain with the lease's nodes: nobody of another tenant at this level. */
export const ISOLATION_LEVELS = ["node", "rack", "block", "site"] as const;
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

export const PLACEMENT_POLICIES = ["packed", "spread"] as const;
export type PlacementPolicyKind = (typeof PLACEMENT_POLICIES)[number];

export interface PlacementPolicy {
  /** `packed` into the fewest blocks, or `spread` across halls. */
  policy: PlacementPolicyKind;
  /** Every piece of the lease inside one block holds at least this many GPUs. */
  minIslandGpus?: number;
}

/** How a line is priced: per delivered GPU-hour, or a fixed fee per month. */
export type LinePrice =
  | { kind: "per_gpu_hour"; microsPerGpuHour: bigint }
  | { kind: "monthly_fee"; microsPerMonth: bigint };

export interface LeaseLine {
  /** Unique within the lease, e.g. `h100`. */
  key: string;
  gpuModel: string;
  /** GPUs at full delivery: the sum of what the tranches deliver on this line. */
  gpuCount: number;
  price: LinePrice;
}

/** One phase of delivery: from `startsAt`, this many more GPUs of each line. */
export interface Tranche {
  key: string;
  startsAt: string;
  gpusByLine: Record<string, number>;
}

/** A reduced fee for a period, in basis points off (2,500 = 25% off). */
export interface RampDiscount {
  from: string;
  until: string;
  discountBps: number;
}

/** Take-or-pay: the tenant pays at least this much each month, whatever was delivered or used. */
export interface Commitment {
  minimumMicrosPerMonth: bigint;
}

/** A credit owed when monthly availability falls below a threshold. */
export interface SlaCreditTier {
  /** Availability below this (basis points of 100%: 9,950 = 99.50%) earns the credit. */
  belowBps: number;
  /** Credit as basis points of the month's fee. */
  creditBps: number;
}

export interface Sla {
  availabilityTargetBps: number;
  creditTiers: SlaCreditTier[];
}

export interface LeaseTerms {
  tenantId: string;
  /** Acceptable sites (ids), best first; the lease is placed at one of them. */
  siteIds: string[];
  lines: LeaseLine[];
  tranches: Tranche[];
  endsAt: string;
  noticePeriodDays: number;
  rampDiscounts: RampDiscount[];
  commitment: Commitment | null;
  sla: Sla | null;
  isolation: IsolationLevel;
  placement: PlacementPolicy;
}

export interface Lease extends LeaseTerms {
  id: string;
  name: string;
  status: LeaseStatus;
  /** The site the lease is placed at once reserved; null while a draft. */
  siteId: string | null;
  /** Set when notice is given: the lease ends then. */
  noticeGivenAt: string | null;
  /** Bumped by every amendment. */
  version: number;
  createdAt: string;
}

/** When delivery begins: the first tranche's start. */
export function leaseStartsAt(terms: Pick<LeaseTerms, "tranches">): string {
  return [...terms.tranches].map((t) => t.startsAt).sort()[0] ?? "";
}

/** GPUs of each line delivered at `at` (sum of tranches started by then), zero before the first. */
export function gpusDueAt(terms: Pick<LeaseTerms, "lines" | "tranches">, at: string): Map<string, number> {
  const due = new Map(terms.lines.map((l) => [l.key, 0]));
  for (const t of terms.tranches) {
    if (t.startsAt > at) continue;
    for (const [line, gpus] of Object.entries(t.gpusByLine)) due.set(line, (due.get(line) ?? 0) + gpus);
  }
  return due;
}
