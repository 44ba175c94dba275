/**
 * A tenant's serving profile and plans: read, replaced and removed by the tenant's own keys (or an
 * operator's), each change audited. The planner reads them when it computes a limit set.
 * @module
 */
import { actorOf, type Principal, tenantScope } from "../access/principal.js";
import { checkPlanAmong, type LimitPlan, parseLimitPlan } from "../limits/limit-plan.js";
import {
  DEFAULT_SERVING_PROFILE,
  parseServingProfile,
  type ServingProfile,
} from "../limits/serving-profile.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import { appendAudit, findTenant, type Tenant } from "../store/access-repository.js";
import {
  deleteLimitPlan,
  findServingProfile,
  listLimitPlans,
  saveLimitPlan,
  saveServingProfile,
} from "../store/limit-plan-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";
import { tenantNotFound } from "./not-found.js";

/** The tenant `ref` names, if `by` may see it; TENANT_NOT_FOUND otherwise, as if it did not exist. */
export async function visibleTenant(db: SqlClient, by: Principal, ref: string): Promise<Tenant> {
  const tenant = await findTenant(db, tenantScope(by), ref);
  if (!tenant) throw await tenantNotFound(db, tenantScope(by), ref);
  return tenant;
}

export class LimitPlans {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  /** The tenant's serving profile; the defaults until it saves one. */
  async profile(
    by: Principal,
    tenantRef: string,
  ): Promise<{ tenantId: string; profile: ServingProfile; saved: boolean }> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    const saved = await findServingProfile(this.db, tenant.id);
    return { tenantId: tenant.id, profile: saved ?? DEFAULT_SERVING_PROFILE, saved: saved !== undefined };
  }

  /** Replaces the tenant's serving profile (fields left out take their defaults). */
  async saveProfile(by: Principal, tenantRef: string, raw: unknown): Promise<ServingProfile> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    const profile = parseServingProfile(raw);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await saveServingProfile(tx, tenant.id, profile, now);
      await appendAudit(tx, auditEntry(actorOf(by), "limits.profile_saved", tenant.id), now);
    });
    return profile;
  }

  async plans(by: Principal, tenantRef: string): Promise<{ tenantId: string; plans: LimitPlan[] }> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    return { tenantId: tenant.id, plans: await listLimitPlans(this.db, tenant.id) };
  }

  /** Creates or replaces the plan `name`; a multiple must name an existing plan of its kind. */
  async savePlan(by: Principal, tenantRef: string, name: string, raw: unknown): Promise<LimitPlan> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    const plan = parseLimitPlan(raw, name);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const issues = checkPlanAmong(plan, await listLimitPlans(tx, tenant.id));
      if (issues.length > 0) throw validationError(issues);
      await saveLimitPlan(tx, tenant.id, plan, now);
      await appendAudit(tx, auditEntry(actorOf(by), "limits.plan_saved", tenant.id, { plan: name }), now);
    });
    return plan;
  }

  /** Removes a plan no other plan is a multiple of. */
  async deletePlan(by: Principal, tenantRef: string, name: string): Promise<void> {
    const tenant = await visibleTenant(this.db, by, tenantRef);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const plans = await listLimitPlans(tx, tenant.id);
      const dependent = plans.find((p) => p.multipleOf?.plan === name);
      if (dependent)
        throw new LeaseholdError(
          "INVALID_TRANSITION",
          `${name} cannot be removed: ${dependent.name} is a multiple of it`,
        );
      if (!(await deleteLimitPlan(tx, tenant.id, name)))
        throw new LeaseholdError("LIMIT_PLAN_NOT_FOUND", `${tenant.name} has no plan ${name}`);
      await appendAudit(tx, auditEntry(actorOf(by), "limits.plan_removed", tenant.id, { plan: name }), now);
    });
  }
}
