/**
 * The portfolio read and steered: its summary (committed, live, deliverability by a date, against
 * the target), its timeline of live MW and GPUs by provider month by month, and its target.
 * @module
 */
import { actorOf, type Principal } from "../access/principal.js";
import { monthIndex } from "../portfolio/deal-months.js";
import { type PortfolioSummary, portfolioSummary } from "../portfolio/deliverability.js";
import {
  MAX_TIMELINE_MONTHS,
  monthWindow,
  type PortfolioTimeline,
  portfolioTimeline,
} from "../portfolio/portfolio-timeline.js";
import { readTargetInput } from "../portfolio/target-input.js";
import { DEFAULT_TARGET, type PortfolioTarget } from "../portfolio/target-line.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import { appendAudit, type Tenant } from "../store/access-repository.js";
import { findSettings, listDeals, saveSettings } from "../store/portfolio-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";
import { portfolioTenant, tenantLeases } from "./portfolio-tenant.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const instant = (text: string) => new Date(DATE.test(text) ? `${text}T00:00:00Z` : text).toISOString();

export class PortfolioViews {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  /** The summary now, with deliverability by `by` (default: the target's date). */
  async summary(
    by: Principal,
    tenantRef: string,
    query: { by?: string | undefined },
  ): Promise<{ tenant: Tenant; summary: PortfolioSummary }> {
    const { tenant, deals, linked, target } = await this.load(by, tenantRef);
    const at = this.clock.now();
    const summary = portfolioSummary(
      deals,
      linked,
      { at, by: query.by ? instant(query.by) : target.at },
      target,
    );
    return { tenant, summary };
  }

  /**
   * Month by month from `from` through `until` (defaults: the earliest online date, at most ten
   * years back, through the year after the target's).
   */
  async timeline(
    by: Principal,
    tenantRef: string,
    query: { from?: string | undefined; until?: string | undefined },
  ): Promise<{ tenant: Tenant; target: PortfolioTarget; timeline: PortfolioTimeline }> {
    const { tenant, deals, linked, target } = await this.load(by, tenantRef);
    const now = Date.parse(this.clock.now());
    const earliest = Math.min(now, ...deals.map((d) => Date.parse(d.onlineAt)));
    const tenYearsBack = Date.UTC(new Date(now).getUTCFullYear() - 10, 0, 1);
    const fromMs = query.from ? Date.parse(instant(query.from)) : Math.max(earliest, tenYearsBack);
    const untilMs = query.until
      ? Date.parse(instant(query.until))
      : Date.UTC(new Date(target.at).getUTCFullYear() + 1, 11, 1);
    const months = monthIndex(untilMs) - monthIndex(fromMs) + 1;
    if (months < 1 || months > MAX_TIMELINE_MONTHS) {
      const bound = `1..${MAX_TIMELINE_MONTHS} months from from`;
      throw new LeaseholdError("VALIDATION_FAILED", `until must be ${bound} (got ${months} months)`, [
        { field: "until", message: `until must be ${bound} (got ${months} months)`, bound },
      ]);
    }
    const timeline = portfolioTimeline(deals, linked, monthWindow(fromMs, untilMs), target);
    return { tenant, target, timeline };
  }

  /** Sets the target the portfolio is measured against. */
  async setTarget(
    by: Principal,
    tenantRef: string,
    input: unknown,
  ): Promise<{ tenant: Tenant; target: PortfolioTarget }> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const { target, issues } = readTargetInput(input);
    if (!target) throw validationError(issues);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await saveSettings(tx, tenant.id, { target }, now);
      await appendAudit(tx, auditEntry(actorOf(by), "portfolio.target_set", tenant.id, { ...target }), now);
    });
    return { tenant, target };
  }

  private async load(by: Principal, tenantRef: string) {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const [deals, { linked }, settings] = await Promise.all([
      listDeals(this.db, tenant.id),
      tenantLeases(this.db, tenant.id),
      findSettings(this.db, tenant.id),
    ]);
    return { tenant, deals, linked, target: settings.target ?? DEFAULT_TARGET };
  }
}
