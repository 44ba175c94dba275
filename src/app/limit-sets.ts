/**
 * Versioned limit sets: computed by the planner from a tenant's plans, serving profile and live
 * capacity (on demand, or after a capacity change), each with its diff against the set in force,
 * and published — at once, or after someone approves the draft. A published set takes effect in
 * the limiter's in-memory copy without a restart.
 * @module
 */
import { actorOf, type Principal } from "../access/principal.js";
import { diffLimits, type LimitDiff } from "../limits/limit-diff.js";
import type { LimitSetRecord, LimitSetTrigger } from "../limits/limit-set-record.js";
import { liveGpusByModel } from "../limits/live-capacity.js";
import { planLimits } from "../limits/planner.js";
import { DEFAULT_SERVING_PROFILE } from "../limits/serving-profile.js";
import { LeaseholdError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { appendAudit } from "../store/access-repository.js";
import { listLeases } from "../store/lease-repository.js";
import {
  findLimitSet,
  findServingProfile,
  insertLimitSet,
  latestPublishedSet,
  listLimitPlans,
  listLimitSets,
  lockTenantLimits,
  publishLimitSet,
} from "../store/limit-plan-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";
import { visibleTenant } from "./limit-plans.js";
import type { PublishedLimitSets } from "./published-limit-sets.js";

/** A set with the before/after table against the set that was in force when it was computed. */
export interface LimitSetWithDiff {
  set: LimitSetRecord;
  diff: LimitDiff;
}

export class LimitSets {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
    private readonly published: PublishedLimitSets,
  ) {}

  /** Computes a new set now, as a draft, or published at once when `publish` is set. */
  async plan(by: Principal, tenantRef: string, options: { publish: boolean }): Promise<LimitSetWithDiff> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    const set = await this.db.transaction(async (tx) => {
      const planned = await this.planFor(
        tx,
        tenant.id,
        { kind: "on_demand", eventIds: [] },
        actorOf(by),
        options.publish,
      );
      if (!planned)
        throw new LeaseholdError("NO_LIMIT_PLANS", `${tenant.name} has no plans to compute limits for`);
      return planned;
    });
    if (set.publishedAt) await this.published.refresh(tenant.id);
    return this.withDiff(set);
  }

  /**
   * Computes and stores the tenant's next set inside the caller's transaction; undefined when it
   * has no plans. Pinned windows keep the values of the set in force.
   */
  async planFor(
    tx: SqlClient,
    tenantId: string,
    trigger: LimitSetTrigger,
    actor: string,
    publish: boolean,
  ): Promise<LimitSetRecord | undefined> {
    await lockTenantLimits(tx, tenantId);
    const plans = await listLimitPlans(tx, tenantId);
    if (plans.length === 0) return undefined;
    const now = this.clock.now();
    const [profile, leases, inForce] = await Promise.all([
      findServingProfile(tx, tenantId),
      listLeases(tx, { tenantId }),
      latestPublishedSet(tx, tenantId),
    ]);
    const serving = profile ?? DEFAULT_SERVING_PROFILE;
    const gpusByModel = liveGpusByModel(leases, now);
    for (const other of serving.otherGpus)
      gpusByModel[other.gpuModel] = (gpusByModel[other.gpuModel] ?? 0) + other.gpus;
    const result = planLimits({ plans, profile: serving, gpusByModel, inForce: inForce?.plans ?? [] });
    const set = await insertLimitSet(tx, {
      id: newId("limitSet"),
      tenantId,
      createdAt: now,
      createdBy: actor,
      publishedAt: publish ? now : null,
      publishedBy: publish ? actor : null,
      trigger,
      plans: result.plans,
      planning: {
        basedOnVersion: inForce?.version ?? 0,
        gpusByModel,
        capacityByClass: result.capacityByClass,
        targetUtilisation: serving.targetUtilisation,
        peakToAverageByHourUtc: serving.peakToAverageByHourUtc,
        demandByHour: result.demandByHour,
        scale: result.scale,
        peakReductions: result.peakReductions,
        warnings: result.warnings,
      },
    });
    const detail = { version: set.version, trigger: trigger.kind, published: publish };
    await appendAudit(tx, auditEntry(actor, "limits.set_computed", tenantId, detail), now);
    return set;
  }

  /** Whether the tenant's computed sets wait for approval (its serving profile says). */
  async requiresApproval(tx: SqlClient, tenantId: string): Promise<boolean> {
    return (
      (await findServingProfile(tx, tenantId))?.requireApproval ?? DEFAULT_SERVING_PROFILE.requireApproval
    );
  }

  /** The tenant's sets, newest first. */
  async list(by: Principal, tenantRef: string, page: { before?: number; limit: number }) {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    return listLimitSets(this.db, tenant.id, page);
  }

  /** One set (`latest` for the newest, `current` for the one in force) with its diff. */
  async get(by: Principal, tenantRef: string, version: string): Promise<LimitSetWithDiff> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    return this.withDiff(await this.find(tenant.id, tenant.name, version));
  }

  /** The diff from set `against` (default: the one in force when `version` was computed) to `version`. */
  async diff(
    by: Principal,
    tenantRef: string,
    version: string,
    against?: string,
  ): Promise<LimitSetWithDiff & { against: number }> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    const set = await this.find(tenant.id, tenant.name, version);
    if (against === undefined) return { ...(await this.withDiff(set)), against: set.planning.basedOnVersion };
    const before = await this.find(tenant.id, tenant.name, against);
    return { set, diff: diffLimits(before.plans, set.plans), against: before.version };
  }

  /** Publishes a draft newer than the set in force: it takes effect at once. */
  async publish(by: Principal, tenantRef: string, version: string): Promise<LimitSetWithDiff> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    const now = this.clock.now();
    const set = await this.db.transaction(async (tx) => {
      await lockTenantLimits(tx, tenant.id);
      const draft = await this.find(tenant.id, tenant.name, version, tx);
      if (draft.publishedAt)
        throw new LeaseholdError(
          "INVALID_TRANSITION",
          `limit set ${draft.version} of ${tenant.name} is already published`,
        );
      const inForce = await latestPublishedSet(tx, tenant.id);
      if (inForce && inForce.version > draft.version)
        throw new LeaseholdError(
          "INVALID_TRANSITION",
          `limit set ${draft.version} is older than set ${inForce.version} in force: compute a new one`,
        );
      await publishLimitSet(tx, draft.id, actorOf(by), now);
      await appendAudit(
        tx,
        auditEntry(actorOf(by), "limits.set_published", tenant.id, { version: draft.version }),
        now,
      );
      return { ...draft, status: "published" as const, publishedAt: now, publishedBy: actorOf(by) };
    });
    await this.published.refresh(tenant.id);
    return this.withDiff(set);
  }

  private async find(tenantId: string, tenantName: string, version: string, db: SqlClient = this.db) {
    let set: LimitSetRecord | undefined;
    if (version === "current") set = await latestPublishedSet(db, tenantId);
    else if (version === "latest") set = (await listLimitSets(db, tenantId, { limit: 1 }))[0];
    else if (/^\d{1,9}$/.test(version)) set = await findLimitSet(db, tenantId, Number(version));
    if (!set) throw new LeaseholdError("LIMIT_SET_NOT_FOUND", `${tenantName} has no limit set ${version}`);
    return set;
  }

  private async withDiff(set: LimitSetRecord): Promise<LimitSetWithDiff> {
    const base = set.planning.basedOnVersion;
    const before = base > 0 ? await findLimitSet(this.db, set.tenantId, base) : undefined;
    return { set, diff: diffLimits(before?.plans ?? [], set.plans) };
  }
}
