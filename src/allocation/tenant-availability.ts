/**
 * What one tenant (or a new one) can lease on a site now, under the isolation it asks for, and why
 * the rest of the free capacity is not on offer: the calendar's commitments, the power permit, or
 * other tenants' isolation (naming the leases).
 * @module
 */
import { availability } from "../leasing/capacity-calendar.js";
import type { Lease } from "../leasing/lease.js";
import type { AllocationState } from "./allocation-state.js";
import { type Isolation, isolationLevel } from "./isolation.js";
import { isolationView, tenantCodeOrNew } from "./isolation-blockers.js";
import { leasableGpus } from "./leasable-gpus.js";

export interface TenantModelAvailability {
  gpuModel: string;
  /** GPUs the tenant can lease from now: the smallest of the three limits below. */
  availableGpus: number;
  /** Which limit sets `availableGpus`. */
  limitedBy: "gpus" | "power" | "isolation";
  /** What the calendar leaves now (leasable capacity minus the holding leases, within the permit), before isolation. */
  calendarGpus: number;
  /** Healthy full house GPUs now (spares excluded). */
  freeGpus: number;
  /** Free GPUs in domains other tenants' leases keep from this tenant under the isolation asked. */
  isolatedGpus: number;
  /** The leases keeping them, most first; a GPU in a domain two leases share counts for both. */
  blockers: Array<{ leaseId: string; tenantId: string; freeGpus: number }>;
}

export interface TenantAvailability {
  /** The tenant asked about; undefined for a tenant with no lease on the site yet. */
  tenantId: string | undefined;
  isolation: Isolation;
  at: string;
  byModel: TenantModelAvailability[];
}

/** What `tenantId` (or a new tenant) can lease on the site of `state` at `at` with `isolation`, beside `held`. */
export function tenantAvailability(
  state: AllocationState,
  held: readonly Lease[],
  ask: { tenantId: string | undefined; isolation: Isolation; at: string },
): TenantAvailability {
  const { index } = state;
  const holdings = held.map((l) => ({ ...l, leaseId: l.id }));
  const power = {
    permittedKw: index.permittedMw * 1000,
    pue: index.pue,
    kwPerGpu: new Map(index.models.map((m) => [m.name, m.powerKwPerGpu])),
  };
  const tenant = tenantCodeOrNew(state, ask.tenantId);
  const level = isolationLevel(index, ask.isolation);
  const until = new Date(Date.parse(ask.at) + 1).toISOString();
  const leasable = leasableGpus(state);
  const byModel = index.models.map((model, m): TenantModelAvailability => {
    const [step] = availability(leasable.get(model.name) ?? 0, model.name, holdings, ask.at, until, power);
    const calendarGpus = Math.max(0, step?.availableGpus ?? 0);
    const view = isolationView(state, tenant, level, m);
    const isolationGpus = view.availableNodes * model.gpusPerNode;
    const limitedBy = isolationGpus < calendarGpus ? "isolation" : (step?.limitedBy ?? "gpus");
    return {
      gpuModel: model.name,
      availableGpus: Math.min(calendarGpus, isolationGpus),
      limitedBy,
      calendarGpus,
      freeGpus: view.freeNodes * model.gpusPerNode,
      isolatedGpus: view.blockedNodes * model.gpusPerNode,
      blockers: view.blockers.map((b) => ({
        leaseId: b.leaseId,
        tenantId: b.tenantId,
        freeGpus: b.freeNodes * model.gpusPerNode,
      })),
    };
  });
  return { tenantId: ask.tenantId, isolation: ask.isolation, at: ask.at, byModel };
}
