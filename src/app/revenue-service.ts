/**
 * Revenue month by month: billed (issued documents, or the contract's schedule for months not yet
 * invoiced) against recognised (straight-line for fixed-fee leases), with the accrued or deferred
 * balance; per lease, and summed per site over its leases.
 * @module
 */
import { type Principal, tenantScope } from "../access/principal.js";
import { type RevenueMonth, revenueSchedule } from "../billing/revenue.js";
import { holdsCapacity } from "../leasing/lease.js";
import { issuedTotals } from "../store/invoice-repository.js";
import { listLeases } from "../store/lease-repository.js";
import { findSite } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import { resolveLease } from "./lease-ref.js";
import { siteNotFound } from "./not-found.js";

export class RevenueService {
  constructor(private readonly db: SqlClient) {}

  async lease(by: Principal, ref: string) {
    const lease = await resolveLease(this.db, tenantScope(by), ref);
    const issued = (await issuedTotals(this.db, [lease.id])).get(lease.id) ?? new Map();
    const { method, months } = revenueSchedule(lease, issued);
    return { leaseId: lease.id, leaseName: lease.name, method, months };
  }

  /** Every placed lease at the site (holding now, or ended), month by month. */
  async site(siteRef: string) {
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    const leases = (await listLeases(this.db, { tenantId: null }, { siteId: site.id })).filter(
      (l) => l.siteId === site.id && (holdsCapacity(l.status) || l.status === "ended"),
    );
    const issued = await issuedTotals(
      this.db,
      leases.map((l) => l.id),
    );
    const byMonth = new Map<string, RevenueMonth>();
    for (const lease of leases) {
      for (const m of revenueSchedule(lease, issued.get(lease.id) ?? new Map()).months) {
        const sum = byMonth.get(m.month) ?? {
          month: m.month,
          billedMicros: 0n,
          billedFrom: "issued" as const,
          recognisedMicros: 0n,
          balanceMicros: 0n,
        };
        sum.billedMicros += m.billedMicros;
        sum.recognisedMicros += m.recognisedMicros;
        if (m.billedFrom === "scheduled") sum.billedFrom = "scheduled";
        byMonth.set(m.month, sum);
      }
    }
    let balance = 0n;
    const months = [...byMonth.values()]
      .sort((a, b) => (a.month < b.month ? -1 : 1))
      .map((m) => {
        balance += m.recognisedMicros - m.billedMicros;
        return { ...m, balanceMicros: balance };
      });
    return { siteId: site.id, siteName: site.name, leases: leases.length, months };
  }
}
