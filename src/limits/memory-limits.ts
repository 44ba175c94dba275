/**
 * `PublishedLimits` held in a Map: the default when no planner publishes limits, what tests and an
 * embedding server fill by hand. `publish` swaps a tenant's set in whole; usage is not touched.
 * @module
 */
import type { LimitSet, PlanModelLimits, PublishedLimits } from "./limit-set.js";

export class MemoryLimits implements PublishedLimits {
  private readonly byTenant = new Map<string, { version: number; plans: Map<string, PlanModelLimits> }>();

  /** Puts `plans` in force for the tenant as its next version (or `version` when given). */
  publish(tenantId: string, plans: PlanModelLimits[], version?: number): number {
    const next = version ?? this.versionOf(tenantId) + 1;
    const byKey = new Map<string, PlanModelLimits>();
    for (const p of plans) byKey.set(`${p.plan}\u0000${p.modelClass}`, p);
    this.byTenant.set(tenantId, { version: next, plans: byKey });
    return next;
  }

  /** Puts a published limit set in force. */
  publishSet(set: LimitSet): void {
    this.publish(set.tenantId, set.plans, set.version);
  }

  limitsFor(tenantId: string, plan: string, modelClass: string): PlanModelLimits | undefined {
    return this.byTenant.get(tenantId)?.plans.get(`${plan}\u0000${modelClass}`);
  }

  versionOf(tenantId: string): number {
    return this.byTenant.get(tenantId)?.version ?? 0;
  }
}
