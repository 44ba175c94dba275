/**
 * Lease use cases: create a draft, reserve it (calendar and trial placement), let time activate
 * its tranches and end it, amend it, give notice, cancel. Every change is one transaction that
 * writes the lease, its version entry, the allocation and the outbox together, and answers with the
 * lease as that transaction stored it: a request that reserves or amends also places the tranches
 * already due, all or nothing.
 * @module
 */
import { actorOf, type Principal, type TenantScope, tenantScope } from "../access/principal.js";
import { holdRefusal } from "../allocation/hold-refusal.js";
import { catalogueOf } from "../fleet/gpu-model.js";
import { type Amendment, applyAmendment } from "../leasing/amendment.js";
import { holdsCapacity, type Lease, type LeaseStatus } from "../leasing/lease.js";
import { siteListedTwice, type ValidLeaseRequest, validateLeaseRequest } from "../leasing/lease-request.js";
import { dueTransition } from "../leasing/lifecycle.js";
import { type FieldIssue, LeaseholdError, validationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { appendAudit, findTenant } from "../store/access-repository.js";
import {
  appendOutbox,
  leaseNameTaken,
  leasesByIds,
  leasesInForce,
  listLeases,
  saveLease,
  tenantAndSiteNames,
} from "../store/lease-repository.js";
import { findSite, listGpuModels } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { AllocationWriter } from "./allocation-writer.js";
import { type NamedRefusal, withBlockersNamed } from "./blocking-leases.js";
import type { Clock } from "./clock.js";
import { auditEntry, leaseMessage } from "./event-entries.js";
import { saveChange, transitioned } from "./lease-changes.js";
import { resolveLease } from "./lease-ref.js";
import { siteNotFound, tenantNotFound } from "./not-found.js";
import { holdingLeasesOf, type SiteEngines, type SiteWrite } from "./site-engines.js";

export class LeaseService {
  constructor(
    private readonly db: SqlClient,
    private readonly engines: SiteEngines,
    private readonly writer: AllocationWriter,
    private readonly clock: Clock,
  ) {}

  /**
   * Validates a lease request and stores it as a draft. With `reserve`, it also holds the lease's
   * capacity and places the tranches already due, in the same transaction: a lease that cannot be
   * held is not created either, and a failure anywhere stores nothing.
   */
  async create(by: Principal, raw: unknown, options: { reserve: boolean }): Promise<Lease> {
    const now = this.clock.now();
    const request = validateLeaseRequest(raw, catalogueOf(await listGpuModels(this.db)), now);
    if (!options.reserve) return this.db.transaction((tx) => this.createIn(tx, by, request, now));
    return this.engines.writeOn(
      this.db,
      () => this.siteIdsOf(request.sites),
      async (tx, sites) => {
        const draft = await this.createIn(tx, by, request, now);
        await this.advance(tx, sites, await this.reserveIn(tx, sites, by, draft, now), now);
        return this.find(tx, tenantScope(by), draft.id);
      },
    );
  }

  async get(by: Principal, ref: string): Promise<Lease> {
    return this.find(this.db, tenantScope(by), ref);
  }

  /**
   * Leases the caller may see, by start. A site that does not exist answers SITE_NOT_FOUND to an
   * operator; a tenant gets the same empty list as for any site it has no lease at, so its key
   * cannot probe which sites exist.
   */
  async list(by: Principal, filter: { status?: LeaseStatus; site?: string } = {}): Promise<Lease[]> {
    let siteId: string | undefined;
    if (filter.site !== undefined) {
      const site = await findSite(this.db, filter.site);
      if (!site && by.role === "tenant") return [];
      if (!site) throw await siteNotFound(this.db, filter.site);
      siteId = site.id;
    }
    return listLeases(this.db, tenantScope(by), {
      ...(filter.status ? { status: filter.status } : {}),
      siteId,
    });
  }

  /** The names of the tenants and sites `leases` refer to, by id: views show names, not ids. */
  async namesOf(leases: readonly Lease[]): Promise<ReadonlyMap<string, string>> {
    return tenantAndSiteNames(
      this.db,
      leases.flatMap((l) => [l.tenantId, ...l.siteIds, ...(l.siteId ? [l.siteId] : [])]),
    );
  }

  private async find(db: SqlClient, scope: TenantScope, ref: string): Promise<Lease> {
    return resolveLease(db, scope, ref);
  }

  /** The ids of the sites that exist among `refs` (ids or names); the transaction names the others. */
  private async siteIdsOf(refs: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const ref of refs) {
      const site = await findSite(this.db, ref);
      if (site) ids.push(site.id);
    }
    return ids;
  }

  /** Stores a validated request as a draft of the caller's tenant, at the sites it names. */
  private async createIn(
    tx: SqlClient,
    by: Principal,
    request: ValidLeaseRequest,
    now: string,
  ): Promise<Lease> {
    const tenant = await findTenant(tx, tenantScope(by), request.tenant);
    if (!tenant)
      throw await tenantNotFound(tx, tenantScope(by), request.tenant, [
        { field: "tenant", message: `no tenant ${request.tenant}` },
      ]);
    const siteIds: string[] = [];
    for (const [i, ref] of request.sites.entries()) {
      const site = await findSite(tx, ref);
      if (!site) throw await siteNotFound(tx, ref, [{ field: `sites[${i}]`, message: `no site ${ref}` }]);
      if (siteIds.includes(site.id))
        throw validationError([siteListedTwice(request.sites, i, siteIds.indexOf(site.id))]);
      siteIds.push(site.id);
    }
    if (await leaseNameTaken(tx, tenant.id, request.name)) {
      throw new LeaseholdError(
        "LEASE_EXISTS",
        `tenant ${tenant.name} already has a lease named ${request.name}`,
        [{ field: "name", message: "already used by this tenant", bound: "unique per tenant" }],
      );
    }
    const { name, tenant: _t, sites: _s, ...terms } = request;
    const draft: Lease = {
      ...terms,
      tenantId: tenant.id,
      siteIds,
      id: newId("lease"),
      name,
      status: "draft",
      siteId: null,
      noticeGivenAt: null,
      version: 1,
      createdAt: now,
    };
    const actor = actorOf(by);
    await saveLease(tx, draft, { kind: "create", actor, at: now, reason: "created", changes: [] });
    await appendAudit(tx, auditEntry(actor, "lease.create", draft.id, { name }), now);
    await appendOutbox(tx, leaseMessage(draft, "lease.created", { name, status: "draft" }), now);
    return draft;
  }

  /**
   * Holds capacity for a draft at the first acceptable site where the calendar has room for every
   * tranche and the engine can place it as the fleet will be over its term; activates it and places
   * its due tranches in the same transaction.
   */
  async reserve(by: Principal, ref: string): Promise<Lease> {
    const now = this.clock.now();
    const scope = tenantScope(by);
    return this.engines.writeOn(
      this.db,
      async () => (await this.find(this.db, scope, ref)).siteIds,
      async (tx, sites) => {
        const lease = await this.find(tx, scope, ref);
        await this.advance(tx, sites, await this.reserveIn(tx, sites, by, lease, now), now);
        return this.find(tx, scope, lease.id);
      },
    );
  }

  private async reserveIn(tx: SqlClient, sites: SiteWrite, by: Principal, lease: Lease, now: string) {
    const problems: FieldIssue[] = [];
    for (const [i, siteId] of lease.siteIds.entries()) {
      const problem = await this.whyNot(tx, sites, by, siteId, lease, now);
      if (problem) {
        problems.push({ ...problem, field: problem.field ?? `sites[${i}]` });
        continue;
      }
      const next = transitioned(lease, { kind: "reserve", siteId });
      const changes = [{ field: "siteId", from: null, to: siteId }];
      await saveChange(tx, next, by, { kind: "reserve", reason: `reserved at ${siteId}`, changes }, now);
      await appendOutbox(tx, leaseMessage(lease, "lease.reserved", { siteId }), now);
      sites.bump(await sites.engine(siteId), [next.id]);
      return next;
    }
    throw new LeaseholdError(
      "LEASE_UNPLACEABLE",
      `lease ${lease.name} fits at none of its sites: ${problems.map((p) => p.message).join("; ")}`,
      problems,
    );
  }

  /** Why `lease` cannot be held at a site beside the leases holding capacity there (see `holdRefusal`). */
  private async whyNot(
    tx: SqlClient,
    sites: SiteWrite,
    by: Principal,
    siteId: string,
    lease: Lease,
    now: string,
  ): Promise<NamedRefusal | undefined> {
    // Locked: two servers reserving at once must see each other's holdings. The engine keeps the
    // site's holding leases as at the version it reflects, which every change of one moves.
    const engine = await sites.engine(siteId);
    const others = holdingLeasesOf(engine).filter((l) => l.id !== lease.id);
    const refusal = holdRefusal(engine.state, lease, others, now);
    return refusal && withBlockersNamed(tx, by, others, refusal);
  }

  /**
   * Lets time act on leases (all holding ones, or the named ones): tranches that are due get
   * placed, leases past their end are released. Each lease is one transaction. Returns the leases
   * it changed.
   */
  async tick(leaseIds?: readonly string[]): Promise<string[]> {
    const now = this.clock.now();
    const candidates = leaseIds ? await leasesByIds(this.db, leaseIds) : await leasesInForce(this.db);
    const changed: string[] = [];
    for (const candidate of candidates) {
      const siteId = candidate.siteId;
      if (!siteId || !holdsCapacity(candidate.status)) continue;
      const moved = await this.engines.write(this.db, [siteId], async (tx, sites) => {
        await sites.engine(siteId);
        // Read again under the site's lock: another tick may have moved it since it was listed.
        const [lease] = await leasesByIds(tx, [candidate.id]);
        if (!lease || lease.siteId !== siteId) return false;
        return (await this.advance(tx, sites, lease, now)).moved;
      });
      if (moved) changed.push(candidate.id);
    }
    return changed;
  }

  /**
   * Lets time act on one lease at `now`, inside the caller's transaction: past its end it ends and
   * its nodes go back to the house; else it activates once its first tranche starts and its due
   * tranches are placed. Its shortfall records follow, and the site's version moves when anything
   * did. A lease that holds no capacity is left as it is.
   */
  private async advance(
    tx: SqlClient,
    sites: SiteWrite,
    lease: Lease,
    now: string,
  ): Promise<{ lease: Lease; moved: boolean }> {
    const siteId = lease.siteId;
    if (!siteId || !holdsCapacity(lease.status)) return { lease, moved: false };
    const engine = await sites.engine(siteId);
    let current = lease;
    const due = dueTransition(current, now);
    if (due?.kind === "end") {
      sites.changing(engine);
      const released = await this.writer.release(tx, engine, current, now, "lease ended");
      current = transitioned(current, due);
      const reason = `ended; ${released} nodes back to the house`;
      const changes = [{ field: "status", from: lease.status, to: "ended" }];
      await saveChange(tx, current, "system:clock", { kind: "end", reason, changes }, now);
      await appendOutbox(
        tx,
        leaseMessage(lease, "lease.ended", { at: current.endsAt, releasedNodes: released }),
        now,
      );
    } else {
      if (due?.kind === "activate") {
        current = transitioned(current, due);
        const changes = [{ field: "status", from: lease.status, to: "active" }];
        const change = { kind: "activate", reason: "first tranche started", changes };
        await saveChange(tx, current, "system:clock", change, now);
        await appendOutbox(tx, leaseMessage(lease, "lease.activated", { at: now }), now);
      }
      if (current.status === "reserved") return { lease: current, moved: false };
      sites.changing(engine);
      const placed = await this.writer.placeDue(tx, engine, current, now);
      if (placed.length === 0 && due === undefined) return { lease: current, moved: false };
    }
    await this.writer.reconcile(tx, engine, now, new Set([lease.id]), [current]);
    sites.bump(engine, [lease.id]);
    return { lease: current, moved: true };
  }

  /**
   * Applies an amendment; a reserved or running lease must still fit its site afterwards. Tranches
   * it makes due (or an end it brings to now) take effect in the same transaction.
   */
  async amend(by: Principal, ref: string, amendment: Amendment, reason: string): Promise<Lease> {
    const now = this.clock.now();
    const scope = tenantScope(by);
    const catalogue = catalogueOf(await listGpuModels(this.db));
    return this.engines.writeOn(
      this.db,
      async () => {
        const { siteId } = await this.find(this.db, scope, ref);
        return siteId ? [siteId] : [];
      },
      async (tx, sites) => {
        const lease = await this.find(tx, scope, ref);
        if (lease.status === "ended" || lease.status === "cancelled") {
          throw new LeaseholdError("INVALID_TRANSITION", `cannot amend a lease that is ${lease.status}`);
        }
        const result = applyAmendment(lease, amendment, now, catalogue);
        if (!result.ok)
          throw new LeaseholdError("VALIDATION_FAILED", result.message, [
            {
              field: result.field,
              message: result.message,
              ...(result.bound ? { bound: result.bound } : {}),
            },
          ]);
        const next: Lease = { ...lease, ...result.terms };
        if (
          amendment.kind === "terminate_early" &&
          (lease.status === "active" || lease.status === "reserved")
        ) {
          next.status = "ending";
          next.noticeGivenAt = now;
        }
        if (next.siteId && amendment.kind !== "terminate_early") {
          const problem = await this.whyNot(tx, sites, by, next.siteId, next, now);
          if (problem)
            throw new LeaseholdError("LEASE_UNPLACEABLE", `amendment does not fit: ${problem.message}`, [
              { ...problem, field: "amendment" },
            ]);
        }
        await saveChange(tx, next, by, { kind: amendment.kind, reason, changes: result.changes }, now);
        if (next.siteId) sites.bump(await sites.engine(next.siteId), [next.id]);
        const payload = { kind: amendment.kind, version: next.version, changes: result.changes };
        await appendOutbox(tx, leaseMessage(lease, "lease.amended", payload), now);
        await this.advance(tx, sites, next, now);
        return this.find(tx, scope, lease.id);
      },
    );
  }

  /** Either side ends the lease with notice: it runs until `endsAt` (at least the notice period away). */
  async giveNotice(by: Principal, ref: string, request: { endsAt?: string; reason: string }): Promise<Lease> {
    const now = this.clock.now();
    return this.changeHeld(by, ref, async (tx, lease) => {
      const next = transitioned(lease, {
        kind: "give_notice",
        at: now,
        ...(request.endsAt ? { endsAt: request.endsAt } : {}),
      });
      const changes = [{ field: "endsAt", from: lease.endsAt, to: next.endsAt }];
      await saveChange(tx, next, by, { kind: "notice", reason: request.reason, changes }, now);
      await appendOutbox(
        tx,
        leaseMessage(lease, "lease.notice_given", { by: by.role, endsAt: next.endsAt }),
        now,
      );
      return next;
    });
  }

  /** Cancels a draft or a reserved lease before it starts; its capacity is free again. */
  async cancel(by: Principal, ref: string, reason: string): Promise<Lease> {
    const now = this.clock.now();
    return this.changeHeld(by, ref, async (tx, lease) => {
      const next = transitioned(lease, { kind: "cancel" });
      const changes = [{ field: "status", from: lease.status, to: "cancelled" }];
      await saveChange(tx, next, by, { kind: "cancel", reason, changes }, now);
      await appendOutbox(tx, leaseMessage(lease, "lease.cancelled", { reason }), now);
      return next;
    });
  }

  /**
   * Runs `change` on a lease in one transaction that holds the lease's site, if it has one, and
   * moves the site's version with it: the engines keep the leases held at a site at each version.
   */
  private changeHeld(
    by: Principal,
    ref: string,
    change: (tx: SqlClient, lease: Lease) => Promise<Lease>,
  ): Promise<Lease> {
    const scope = tenantScope(by);
    return this.engines.writeOn(
      this.db,
      async () => {
        const { siteId } = await this.find(this.db, scope, ref);
        return siteId ? [siteId] : [];
      },
      async (tx, sites) => {
        const lease = await this.find(tx, scope, ref);
        const next = await change(tx, lease);
        if (lease.siteId) sites.bump(await sites.engine(lease.siteId), [lease.id]);
        return next;
      },
    );
  }
}
