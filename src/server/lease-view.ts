/**
 * Renders a lease for the API: bigint micros become exact decimal strings and basis points
 * become percentage strings, so no bigint or float ever reaches the JSON; and what the caller
 * may do to it now, decided by the lifecycle's rule so no client decides it again.
 * @module
 */

import type { Principal } from "../access/principal.js";
import { contractValue } from "../leasing/contract-value.js";
import { type Lease, type LeaseLine, leaseStartsAt } from "../leasing/lease.js";
import { allowedActions } from "../leasing/lifecycle.js";
import { wireAmount, wireRate } from "../shared/money.js";
import { formatBps } from "../shared/percent.js";
import type { LeaseView } from "./lease-schemas.js";

function lineView(line: LeaseLine): LeaseView["lines"][number] {
  const { price, ...rest } = line;
  return price.kind === "per_gpu_hour"
    ? { ...rest, pricePerGpuHour: wireRate(price.microsPerGpuHour) }
    : { ...rest, monthlyFee: wireAmount(price.microsPerMonth) };
}

/** The lease as `caller` sees it, with its tenant's and sites' names from `names` (by id). */
export function leaseView(lease: Lease, caller: Principal, names: ReadonlyMap<string, string>): LeaseView {
  const nameOf = (id: string) => names.get(id) ?? id;
  return {
    id: lease.id,
    name: lease.name,
    tenantId: lease.tenantId,
    tenantName: nameOf(lease.tenantId),
    status: lease.status,
    siteId: lease.siteId,
    siteName: lease.siteId ? nameOf(lease.siteId) : null,
    siteIds: lease.siteIds,
    siteNames: lease.siteIds.map(nameOf),
    startsAt: leaseStartsAt(lease),
    endsAt: lease.endsAt,
    noticeGivenAt: lease.noticeGivenAt,
    noticePeriodDays: lease.noticePeriodDays,
    lines: lease.lines.map(lineView),
    tranches: lease.tranches.map((t) => ({ key: t.key, startsAt: t.startsAt, gpus: t.gpusByLine })),
    rampDiscounts: lease.rampDiscounts.map((d) => ({
      from: d.from,
      until: d.until,
      percentOff: formatBps(d.discountBps),
    })),
    commitment: lease.commitment
      ? { minimumPerMonth: wireAmount(lease.commitment.minimumMicrosPerMonth) }
      : null,
    sla: lease.sla
      ? {
          availabilityTarget: formatBps(lease.sla.availabilityTargetBps),
          creditTiers: lease.sla.creditTiers.map((t) => ({
            below: formatBps(t.belowBps),
            credit: formatBps(t.creditBps),
          })),
        }
      : null,
    isolation: lease.isolation,
    placement: lease.placement,
    version: lease.version,
    createdAt: lease.createdAt,
    contractValue: wireAmount(contractValue(lease)),
    allowedActions: allowedActions(lease.status, caller.role),
  };
}
