/**
 * The limits in force, held in memory for the limiter: loaded from the database at start,
 * refreshed for a tenant when this server publishes a set, and kept current with what other
 * servers publish by a short poll of each tenant's published version. Reads are synchronous
 * map lookups; a check never waits on the database.
 * @module
 */
import type { PlanModelLimits, PublishedLimits } from "../limits/limit-set.js";
import { latestPublishedSet, publishedVersions } from "../store/limit-plan-repository.js";
import type { SqlClient } from "../store/sql-client.js";

interface InForce {
  version: number;
  byPlanAndClass: Map<string, PlanModelLimits>;
}

const entryKey = (plan: string, modelClass: string) => `${plan}\u0000${modelClass}`;

export class PublishedLimitSets implements PublishedLimits {
  private readonly tenants = new Map<string, InForce>();

  constructor(private readonly db: SqlClient) {}

  limitsFor(tenantId: string, plan: string, modelClass: string): PlanModelLimits | undefined {
    return this.tenants.get(tenantId)?.byPlanAndClass.get(entryKey(plan, modelClass));
  }

  versionOf(tenantId: string): number {
    return this.tenants.get(tenantId)?.version ?? 0;
  }

  /**
   * Brings every tenant up to its published version: one query for the versions, then a read of
   * each set that moved. What `npm start` runs at start and every few seconds after.
   */
  async poll(): Promise<string[]> {
    const versions = await publishedVersions(this.db);
    const moved = [...versions].filter(([tenantId, version]) => this.versionOf(tenantId) < version);
    for (const [tenantId] of moved) await this.refresh(tenantId);
    return moved.map(([tenantId]) => tenantId);
  }

  /** Reads the tenant's newest published set; a set never goes back to an older version. */
  async refresh(tenantId: string): Promise<void> {
    const set = await latestPublishedSet(this.db, tenantId);
    if (!set || set.version <= this.versionOf(tenantId)) return;
    const byPlanAndClass = new Map(set.plans.map((p) => [entryKey(p.plan, p.modelClass), p]));
    this.tenants.set(tenantId, { version: set.version, byPlanAndClass });
  }
}
