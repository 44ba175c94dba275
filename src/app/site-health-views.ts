/**
 * A site's live health as operators read it: how many agents report and how freshly, the failed
 * nodes with their cause, the measured GPU power now and by hour against the permit.
 * @module
 */

import { powerTotals } from "../fleet/site.js";
import { causeOf, countByCause } from "../health/failure-cause.js";
import type { MeasuredSitePower } from "../health/measured-power.js";
import {
  failedNodes,
  measuredPowerNow,
  measuredSitePower,
  siteEnergyByHour,
  siteHeartbeats,
} from "../store/health-repository.js";
import { findSite } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { siteNotFound } from "./not-found.js";

/** A node heard from within this many seconds counts as fresh (three 10 s intervals). */
export const FRESH_WITHIN_S = 30;
const FAILED_SHOWN = 2_000;

/** Six decimals: a watt-hour in MWh. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export class SiteHealthViews {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  async health(siteRef: string) {
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    const now = this.clock.now();
    const [beats, failed] = [
      await siteHeartbeats(this.db, site.id, now, FRESH_WITHIN_S),
      await failedNodes(this.db, site.id),
    ];
    return {
      siteId: site.id,
      siteName: site.name,
      at: now,
      freshWithinS: FRESH_WITHIN_S,
      reportingNodes: beats.reporting,
      freshNodes: beats.fresh,
      newestHeartbeatAt: beats.newestAt,
      measuredItMw: beats.fresh > 0 ? round6(beats.freshPowerW / 1e6) : null,
      permittedMw: powerTotals(site.powerSources).permittedMw,
      failedByCause: countByCause(failed.map((f) => f.reason)),
      failedNodes: failed.slice(0, FAILED_SHOWN).map((f) => ({ ...f, cause: causeOf(f.reason) })),
    };
  }

  /** What the fresh agents of a site's powered nodes report now (the site summary's drawn power). */
  async measuredPower(siteId: string): Promise<MeasuredSitePower> {
    return measuredSitePower(this.db, siteId, this.clock.now(), FRESH_WITHIN_S);
  }

  /** Measured GPU power per site and per lease now, for /metrics. */
  async gauges() {
    return measuredPowerNow(this.db, this.clock.now(), FRESH_WITHIN_S);
  }

  /** Measured energy per hour over the last `hours`, as mean MW (IT, and facility with the PUE). */
  async powerHistory(siteRef: string, hours: number) {
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    const since = new Date(Date.parse(this.clock.now()) - hours * 3_600_000).toISOString();
    const rows = await siteEnergyByHour(this.db, site.id, since);
    return {
      siteId: site.id,
      permittedMw: powerTotals(site.powerSources).permittedMw,
      pue: site.pue,
      hours: rows.map((r) => ({
        hour: r.hour,
        itMwh: round6(r.wh / 1e6),
        facilityMw: round6((r.wh / 1e6) * site.pue),
        readings: r.readings,
      })),
    };
  }
}
