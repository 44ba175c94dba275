/**
 * Delivered GPU-hours: a lease's month hour by hour against what it committed, with its downtime
 * and availability against its SLA; and a site's delivered GPU-hours by hour over all its leases.
 * @module
 */
import { type Principal, tenantScope } from "../access/principal.js";
import { decimalQuantity } from "../billing/cents.js";
import { earnedTier } from "../billing/sla-credit.js";
import { deliveredByHour, totalGpuMs } from "../metering/delivered-hours.js";
import { HOUR_MS, isMonth, monthOf, monthPeriod, periodEndMs } from "../metering/usage-period.js";
import { LeaseholdError } from "../shared/errors.js";
import { findSite } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import { meteredNodes, siteHoldingEvents, siteNodeStateEvents } from "../store/usage-repository.js";
import type { Clock } from "./clock.js";
import { meterLeaseMonth } from "./lease-metering.js";
import { resolveLease } from "./lease-ref.js";
import { siteNotFound } from "./not-found.js";

const gpuHours = (gpuMs: number) => decimalQuantity(BigInt(Math.round(gpuMs)), BigInt(HOUR_MS), 3);

/** Checks a `month` query value (default: the clock's month). */
export function monthOrNow(month: string | undefined, now: string): string {
  if (month === undefined) return monthOf(now);
  if (!isMonth(month))
    throw new LeaseholdError("VALIDATION_FAILED", `month must be YYYY-MM (got "${month}")`, [
      { field: "month", message: `month must be YYYY-MM (got "${month}")`, bound: "YYYY-MM" },
    ]);
  return month;
}

const sumAt = (byModel: Map<string, Float64Array>, h: number) => {
  let s = 0;
  for (const b of byModel.values()) s += b[h] ?? 0;
  return s;
};

export class UsageService {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  /** A lease's month: hourly delivered vs committed GPU-hours, downtime with causes, availability vs SLA. */
  async leaseUsage(by: Principal, ref: string, monthText: string | undefined) {
    const now = this.clock.now();
    const month = monthOrNow(monthText, now);
    const lease = await resolveLease(this.db, tenantScope(by), ref);
    const m = await meterLeaseMonth(this.db, lease, month, Date.parse(now));
    const hours = [];
    for (let h = 0; h < m.period.hours; h++) {
      const committed = sumAt(m.committed, h);
      const delivered = sumAt(m.delivered, h);
      if (committed === 0 && delivered === 0) continue;
      hours.push({
        hour: new Date(m.period.startMs + h * HOUR_MS).toISOString(),
        deliveredGpuHours: gpuHours(delivered),
        committedGpuHours: gpuHours(committed),
      });
    }
    const models = [...new Set([...m.committed.keys(), ...m.delivered.keys()])].sort();
    const tier = earnedTier(lease.sla, m.availabilityBps);
    return {
      leaseId: lease.id,
      leaseName: lease.name,
      month,
      asOf: new Date(m.asOfMs).toISOString(),
      deliveredGpuHours: gpuHours(totalGpuMs(m.delivered)),
      committedGpuHours: gpuHours(totalGpuMs(m.committed)),
      byModel: models.map((gpuModel) => ({
        gpuModel,
        deliveredGpuHours: gpuHours(totalGpuMs(m.delivered, gpuModel)),
        committedGpuHours: gpuHours(totalGpuMs(m.committed, gpuModel)),
      })),
      availabilityBps: m.availabilityBps,
      sla: lease.sla
        ? {
            availabilityTargetBps: lease.sla.availabilityTargetBps,
            met: m.availabilityBps >= lease.sla.availabilityTargetBps,
            creditBps: tier?.creditBps ?? 0,
          }
        : null,
      downtime: m.downtime.map((d) => ({
        gpuModel: d.gpuModel,
        missingGpus: d.missingGpus,
        from: new Date(d.fromMs).toISOString(),
        until: new Date(d.untilMs).toISOString(),
        cause: d.cause,
        lostGpuHours: gpuHours(d.lostGpuMs),
      })),
      hours,
    };
  }

  /** A site's delivered GPU-hours by hour over every lease, for a month. */
  async siteUsage(siteRef: string, monthText: string | undefined) {
    const now = this.clock.now();
    const month = monthOrNow(monthText, now);
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    return {
      siteId: site.id,
      siteName: site.name,
      ...(await siteDeliveredByHour(this.db, site.id, month, Date.parse(now))),
    };
  }
}

/** Every lease's delivered GPU-ms at a site, summed per hour of the month (up to `nowMs`). */
export async function siteDeliveredByHour(db: SqlClient, siteId: string, month: string, nowMs: number) {
  const period = monthPeriod(month);
  const until = new Date(periodEndMs(period)).toISOString();
  const [holding, states, nodes] = await Promise.all([
    siteHoldingEvents(db, siteId, until),
    siteNodeStateEvents(db, siteId, until),
    meteredNodes(db, { siteId }),
  ]);
  // Each lease's holdings on their own (a node passes between leases), against one set of node states.
  const byLease = new Map<string, typeof holding>();
  for (const e of holding) {
    const list = byLease.get(e.leaseId);
    if (list) list.push(e);
    else byLease.set(e.leaseId, [e]);
  }
  const total = new Float64Array(period.hours);
  for (const events of byLease.values()) {
    const delivered = deliveredByHour({ period, holding: events, states, nodes, asOfMs: nowMs });
    for (const buckets of delivered.values())
      for (let h = 0; h < total.length; h++) total[h] = (total[h] ?? 0) + (buckets[h] ?? 0);
  }
  let sum = 0;
  for (const v of total) sum += v;
  return {
    month,
    deliveredGpuHours: gpuHours(sum),
    leases: byLease.size,
    hours: Array.from(total, (v, h) => ({
      hour: new Date(period.startMs + h * HOUR_MS).toISOString(),
      deliveredGpuHours: gpuHours(v),
    })),
  };
}
