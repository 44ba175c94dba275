/**
 * A lease's month metered from the history tables: delivered and committed GPU-ms per hour by
 * model, availability and downtime, as of now (a month in progress counts up to now; nothing
 * after the lease's end counts). Shared by usage views and invoices.
 * @module
 */
import type { Lease } from "../leasing/lease.js";
import { availabilityBps, committedByHour } from "../metering/committed-hours.js";
import { deliveredByHour, type HourlyGpuMs, totalGpuMs } from "../metering/delivered-hours.js";
import { type DowntimeInterval, downtimeIntervals } from "../metering/downtime.js";
import { monthPeriod, periodEndMs, type UsagePeriod } from "../metering/usage-period.js";
import type { SqlClient } from "../store/sql-client.js";
import {
  leaseHoldingEvents,
  leaseNodeStateEvents,
  leaseShortfallRecords,
  meteredNodes,
} from "../store/usage-repository.js";

export interface MeteredMonth {
  period: UsagePeriod;
  /** Metered up to here (ms): the month's end, now, or the lease's end, whichever comes first. */
  asOfMs: number;
  delivered: HourlyGpuMs;
  committed: HourlyGpuMs;
  availabilityBps: number;
  downtime: DowntimeInterval[];
}

export async function meterLeaseMonth(
  db: SqlClient,
  lease: Lease,
  month: string,
  nowMs: number,
): Promise<MeteredMonth> {
  const period = monthPeriod(month);
  const asOfMs = Math.min(periodEndMs(period), nowMs, Date.parse(lease.endsAt));
  const until = new Date(periodEndMs(period)).toISOString();
  const [holding, states, nodes, shortfalls] = await Promise.all([
    leaseHoldingEvents(db, lease.id, until),
    leaseNodeStateEvents(db, lease.id, until),
    meteredNodes(db, { leaseId: lease.id }),
    leaseShortfallRecords(db, lease.id, until),
  ]);
  const delivered = deliveredByHour({ period, holding, states, nodes, asOfMs });
  const committed = committedByHour(lease, period, asOfMs);
  return {
    period,
    asOfMs,
    delivered,
    committed,
    availabilityBps: availabilityBps(totalGpuMs(delivered), totalGpuMs(committed)),
    downtime: downtimeIntervals(shortfalls, { fromMs: period.startMs, untilMs: asOfMs }, nowMs, states),
  };
}
