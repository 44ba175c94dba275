/**
 * The JSON shapes of the lease endpoints the dashboard reads (money is an exact decimal string).
 * Allocation and history are the server's own types, imported as types only (erased by esbuild).
 * @module
 */
import type { LeaseAllocation } from "../../src/app/lease-views.js";
import type { LeaseVersion, OutboxEvent } from "../../src/store/lease-repository.js";

export type { LeaseAllocation };

export const LEASE_STATUSES = ["draft", "reserved", "active", "ending", "ended", "cancelled"] as const;
export type LeaseStatus = (typeof LEASE_STATUSES)[number];

export interface LeaseLineView {
  key: string;
  gpuModel: string;
  gpuCount: number;
  /** Decimal dollars per GPU-hour, e.g. "2.10". */
  pricePerGpuHour?: string;
  /** Decimal dollars per month for the whole line. */
  monthlyFee?: string;
}

interface TrancheView {
  key: string;
  startsAt: string;
  /** GPUs this tranche adds, per line key. */
  gpus: Record<string, number>;
}

interface RampDiscountView {
  from: string;
  until: string;
  /** Decimal percent, e.g. "50". */
  percentOff: string;
}

interface SlaView {
  availabilityTarget: string;
  creditTiers: Array<{ below: string; credit: string }>;
}

export interface LeaseView {
  id: string;
  name: string;
  tenantId: string;
  status: LeaseStatus;
  siteId: string | null;
  siteIds: string[];
  startsAt: string;
  endsAt: string;
  noticeGivenAt: string | null;
  noticePeriodDays: number;
  lines: LeaseLineView[];
  tranches: TrancheView[];
  rampDiscounts: RampDiscountView[];
  commitment: { minimumPerMonth: string } | null;
  sla: SlaView | null;
  isolation: "node" | "rack" | "block" | "site";
  placement: { policy: "packed" | "spread"; minIslandGpus?: number };
  version: number;
  createdAt: string;
  /** The whole term's value if delivered in full, e.g. "2406734400.00". */
  contractValue: string;
}

/** What `POST /v1/leases` and `/v1/leases/quote` take. */
export interface LeaseRequest {
  name: string;
  tenant: string;
  sites: string[];
  lines: LeaseLineView[];
  startsAt: string;
  endsAt: string;
  noticePeriodDays?: number;
  rampDiscounts?: RampDiscountView[];
  isolation?: LeaseView["isolation"];
  placement?: LeaseView["placement"];
}

interface BlockPiece {
  block: string;
  nodes: number;
  gpus: number;
}

export interface QuotePlacement {
  gpuModel: string;
  gpus: number;
  fitLevel: string;
  pieces: BlockPiece[];
  preemptedHouseGpus: number;
}

interface SiteQuote {
  siteId?: string;
  siteName: string;
  fitsAsAsked: boolean;
  earliestStart: string | null;
  reason: string | null;
  placement: QuotePlacement[] | null;
}

export interface LeaseQuote {
  fits: boolean;
  best: { siteId: string; siteName: string; startsAt: string; endsAt: string } | null;
  sites: SiteQuote[];
  schedule: Array<{ month: string; amount: string; gpuHours: number | string }>;
  total: string;
}

/** What `GET /v1/leases/{lease}/history` returns. */
export interface LeaseHistory {
  versions: LeaseVersion[];
  events: OutboxEvent[];
}

/** Who holds a rack's nodes: `house`, `spare`, `out` (failed or in maintenance) or a lease id. */
export interface AllocationMap {
  siteId: string;
  racks: Array<{ path: string; holders: Record<string, number> }>;
  leases: Array<{ leaseId: string; name?: string; tenantId: string; tenantName?: string; nodes: number }>;
}

interface Holding {
  nodes: number;
  gpus: number;
}

export interface SiteAvailability {
  now: Array<{ gpuModel: string; house: Holding; spare: Holding; leased: Holding; unassigned: Holding }>;
  byModel: Array<{
    gpuModel: string;
    leasableGpus: number;
    steps: Array<{ from: string; until: string; availableGpus: number; limitedBy: "gpus" | "power" }>;
  }>;
}

export interface Tenant {
  id: string;
  name: string;
}
