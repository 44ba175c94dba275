/**
 * The tenant's unit economics: its leases in this system and its portfolio's live deals at a
 * moment, turned into the revenue that capacity can serve against what it costs. Shown with the
 * saved inputs, tried with changed ones (nothing saved), or saved.
 * @module
 */
import { actorOf, type Principal } from "../access/principal.js";
import {
  annualDealSpend,
  annualLeaseSpend,
  dealHoldings,
  leaseHoldings,
} from "../portfolio/tenant-holdings.js";
import {
  DEFAULT_UNIT_INPUTS,
  type UnitEconomics,
  type UnitEconomicsInputs,
  unitEconomics,
} from "../portfolio/unit-economics.js";
import { readUnitInputs, unitInputsWire } from "../portfolio/unit-inputs.js";
import { validationError } from "../shared/errors.js";
import { appendAudit, type Tenant } from "../store/access-repository.js";
import { findSettings, listDeals, saveSettings } from "../store/portfolio-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";
import { portfolioTenant, tenantLeases } from "./portfolio-tenant.js";

export interface UnitEconomicsAnswer {
  tenant: Tenant;
  at: string;
  inputs: UnitEconomicsInputs;
  /** Whether the inputs are the tenant's saved ones (or the defaults), rather than tried ones. */
  saved: boolean;
  /** What the leases and the deals cost a year, before any spend the tenant sets. */
  spend: { leasesMicros: bigint; dealsMicros: bigint };
  result: UnitEconomics;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class TenantUnitEconomics {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  /** With the saved inputs (or the defaults), at `at` (default now). */
  async show(by: Principal, tenantRef: string, at?: string): Promise<UnitEconomicsAnswer> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    return this.compute(tenant, await this.savedInputs(tenant.id), true, at);
  }

  /** With `changes` over the saved inputs; nothing is saved. */
  async preview(
    by: Principal,
    tenantRef: string,
    changes: unknown,
    at?: string,
  ): Promise<UnitEconomicsAnswer> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const { inputs, issues } = readUnitInputs(changes, await this.savedInputs(tenant.id));
    if (!inputs) throw validationError(issues);
    return this.compute(tenant, inputs, false, at);
  }

  /** Saves `changes` over the saved inputs. */
  async save(by: Principal, tenantRef: string, changes: unknown): Promise<UnitEconomicsAnswer> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const { inputs, issues } = readUnitInputs(changes, await this.savedInputs(tenant.id));
    if (!inputs) throw validationError(issues);
    const now = this.clock.now();
    const wire = unitInputsWire(inputs);
    await this.db.transaction(async (tx) => {
      await saveSettings(tx, tenant.id, { unitInputs: wire }, now);
      await appendAudit(tx, auditEntry(actorOf(by), "portfolio.unit_inputs_set", tenant.id, wire), now);
    });
    return this.compute(tenant, inputs, true);
  }

  private async savedInputs(tenantId: string): Promise<UnitEconomicsInputs> {
    const { unitInputs } = await findSettings(this.db, tenantId);
    if (!unitInputs) return DEFAULT_UNIT_INPUTS;
    // Saved as the API shows them, so they read back through the same rules.
    return readUnitInputs(unitInputs, DEFAULT_UNIT_INPUTS).inputs ?? DEFAULT_UNIT_INPUTS;
  }

  private async compute(
    tenant: Tenant,
    inputs: UnitEconomicsInputs,
    saved: boolean,
    atText?: string,
  ): Promise<UnitEconomicsAnswer> {
    const at = atText
      ? new Date(DATE.test(atText) ? `${atText}T00:00:00Z` : atText).toISOString()
      : this.clock.now();
    const [{ leases }, deals] = await Promise.all([
      tenantLeases(this.db, tenant.id),
      listDeals(this.db, tenant.id),
    ]);
    const holdings = [...leaseHoldings(leases, at), ...dealHoldings(deals, at)];
    const spend = { leasesMicros: annualLeaseSpend(leases, at), dealsMicros: annualDealSpend(deals, at) };
    const result = unitEconomics(holdings, spend.leasesMicros + spend.dealsMicros, inputs);
    return { tenant, at, inputs, saved, spend, result };
  }
}
