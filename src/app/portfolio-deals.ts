/**
 * The deals of a tenant's portfolio: add one, list, remove, and import or export them all as CSV.
 * An import is all or nothing: every bad row is named (line, field, bound) and nothing changes.
 * @module
 */
import { actorOf, type Principal } from "../access/principal.js";
import type { Deal } from "../portfolio/deal.js";
import type { DealDraft } from "../portfolio/deal-input.js";
import { readDealInput } from "../portfolio/deal-input.js";
import { readDealsCsv, writeDealsCsv } from "../portfolio/deals-csv.js";
import { type FieldIssue, LeaseholdError, validationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { appendAudit, type Tenant } from "../store/access-repository.js";
import { leasesByRef } from "../store/lease-repository.js";
import {
  deleteAllDeals,
  deleteDeal,
  findDeal,
  insertDeals,
  listDeals,
} from "../store/portfolio-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";
import { portfolioTenant } from "./portfolio-tenant.js";

/** Deals with the names of the leases they point at. */
export interface DealList {
  tenant: Tenant;
  deals: Deal[];
  leaseNames: Map<string, string>;
}

export class PortfolioDeals {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  async list(by: Principal, tenantRef: string): Promise<DealList> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const deals = await listDeals(this.db, tenant.id);
    return { tenant, deals, leaseNames: await this.leaseNames(tenant.id, deals) };
  }

  async show(by: Principal, tenantRef: string, dealRef: string): Promise<DealList> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const deal = await this.dealOf(tenant, dealRef);
    return { tenant, deals: [deal], leaseNames: await this.leaseNames(tenant.id, [deal]) };
  }

  /** Adds one deal; DEAL_EXISTS when the tenant already has one of its name. */
  async add(by: Principal, tenantRef: string, input: unknown): Promise<DealList> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const { draft, issues } = readDealInput(input);
    if (!draft) throw validationError(issues);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      if (await findDeal(tx, tenant.id, draft.name))
        throw new LeaseholdError("DEAL_EXISTS", `${tenant.name} already has a deal named ${draft.name}`, [
          { field: "name", message: `a deal named ${draft.name} exists`, bound: "unique per tenant" },
        ]);
      const [deal] = await this.toDeals(tx, tenant, [draft], () => "lease", now);
      if (!deal) throw new Error("no deal built");
      await insertDeals(tx, [deal]);
      await appendAudit(
        tx,
        auditEntry(actorOf(by), "portfolio.deal_added", deal.id, { tenant: tenant.id, name: deal.name }),
        now,
      );
      return { tenant, deals: [deal], leaseNames: await this.leaseNames(tenant.id, [deal], tx) };
    });
  }

  async remove(by: Principal, tenantRef: string, dealRef: string): Promise<DealList> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const deal = await this.dealOf(tenant, dealRef, tx);
      await deleteDeal(tx, tenant.id, deal.id);
      await appendAudit(
        tx,
        auditEntry(actorOf(by), "portfolio.deal_removed", deal.id, { tenant: tenant.id, name: deal.name }),
        now,
      );
      return { tenant, deals: [deal], leaseNames: await this.leaseNames(tenant.id, [deal], tx) };
    });
  }

  /**
   * Reads a deals CSV and, when every row is good, adds its deals (`append`) or makes them the
   * whole portfolio (`replace`). Names taken by existing deals are refused when appending.
   */
  async importCsv(
    by: Principal,
    tenantRef: string,
    request: { csv: string; mode: "append" | "replace" },
  ): Promise<{ tenant: Tenant; imported: number; removed: number }> {
    const tenant = await portfolioTenant(this.db, by, tenantRef);
    const { drafts, lines, issues } = readDealsCsv(request.csv);
    if (issues.length > 0) throw validationError(issues);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const removed = request.mode === "replace" ? await deleteAllDeals(tx, tenant.id) : 0;
      if (request.mode === "append") {
        const taken = new Set((await listDeals(tx, tenant.id)).map((d) => d.name));
        const clashes: FieldIssue[] = drafts.flatMap((d, i) => {
          const field = `line ${lines[i]}.name`;
          return taken.has(d.name)
            ? [
                {
                  field,
                  message: `${field}: ${tenant.name} already has a deal named ${d.name}`,
                  bound: "unique per tenant",
                },
              ]
            : [];
        });
        if (clashes.length > 0) throw validationError(clashes.slice(0, 100));
      }
      const deals = await this.toDeals(tx, tenant, drafts, (i) => `line ${lines[i]}.lease`, now);
      await insertDeals(tx, deals);
      await appendAudit(
        tx,
        auditEntry(actorOf(by), "portfolio.imported", tenant.id, {
          mode: request.mode,
          imported: deals.length,
          removed,
        }),
        now,
      );
      return { tenant, imported: deals.length, removed };
    });
  }

  async exportCsv(by: Principal, tenantRef: string): Promise<{ tenant: Tenant; csv: string }> {
    const { tenant, deals, leaseNames } = await this.list(by, tenantRef);
    return { tenant, csv: writeDealsCsv(deals, (id) => leaseNames.get(id) ?? id) };
  }

  private async dealOf(tenant: Tenant, ref: string, db: SqlClient = this.db): Promise<Deal> {
    const deal = await findDeal(db, tenant.id, ref);
    if (!deal)
      throw new LeaseholdError("DEAL_NOT_FOUND", `${tenant.name} has no deal with id or name ${ref}`);
    return deal;
  }

  /** Drafts as deals of `tenant`, each linked lease resolved among the tenant's own leases. */
  private async toDeals(
    db: SqlClient,
    tenant: Tenant,
    drafts: readonly DealDraft[],
    leaseField: (index: number) => string,
    now: string,
  ): Promise<Deal[]> {
    const issues: FieldIssue[] = [];
    const deals: Deal[] = [];
    for (const [i, { leaseRef, ...terms }] of drafts.entries()) {
      let leaseId: string | null = null;
      if (leaseRef !== null) {
        const matches = await leasesByRef(db, { tenantId: tenant.id }, leaseRef);
        const match = matches.length === 1 ? matches[0] : undefined;
        if (!match) {
          const field = leaseField(i);
          issues.push({
            field,
            message: `${field}: ${tenant.name} has no lease ${leaseRef}`,
            bound: `a lease of ${tenant.name}`,
          });
          continue;
        }
        leaseId = match.lease.id;
      }
      deals.push({ ...terms, leaseId, id: newId("deal"), tenantId: tenant.id, createdAt: now });
    }
    if (issues.length > 0) throw validationError(issues.slice(0, 100));
    return deals;
  }

  private async leaseNames(
    tenantId: string,
    deals: readonly Deal[],
    db: SqlClient = this.db,
  ): Promise<Map<string, string>> {
    const ids = deals.flatMap((d) => (d.leaseId ? [d.leaseId] : []));
    if (ids.length === 0) return new Map();
    const matches = await Promise.all([...new Set(ids)].map((id) => leasesByRef(db, { tenantId }, id)));
    return new Map(matches.flatMap((m) => m.map((x) => [x.lease.id, x.lease.name] as const)));
  }
}
