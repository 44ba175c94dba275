/**
 * The health policy in force: the operator's, or the documented default. Read from the database
 * at most every `refreshMs` (several servers may share one), and at once after a change here.
 * @module
 */
import { actorOf, type Principal } from "../access/principal.js";
import { DEFAULT_HEALTH_POLICY, type HealthPolicy, policyIssues } from "../health/health-policy.js";
import { validationError } from "../shared/errors.js";
import { appendAudit } from "../store/access-repository.js";
import { readHealthPolicy, saveHealthPolicy } from "../store/health-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";

export class HealthPolicies {
  private cached: { policy: HealthPolicy; readAtMs: number } | undefined;

  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
    private readonly refreshMs = 30_000,
  ) {}

  async current(): Promise<HealthPolicy> {
    const nowMs = Date.parse(this.clock.now());
    if (this.cached && nowMs - this.cached.readAtMs < this.refreshMs && nowMs >= this.cached.readAtMs)
      return this.cached.policy;
    const policy = (await readHealthPolicy(this.db)) ?? DEFAULT_HEALTH_POLICY;
    this.cached = { policy, readAtMs: nowMs };
    return policy;
  }

  /** Replaces the policy; refused, changing nothing, when a field is out of bounds. */
  async set(by: Principal, policy: HealthPolicy): Promise<HealthPolicy> {
    const issues = policyIssues(policy);
    if (issues.length > 0) throw validationError(issues);
    const clean = { ...policy, fatalXids: [...new Set(policy.fatalXids)].sort((a, b) => a - b) };
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await saveHealthPolicy(tx, clean, now, actorOf(by));
      await appendAudit(
        tx,
        auditEntry(actorOf(by), "health_policy.changed", "health-policy", { ...clean }),
        now,
      );
    });
    this.cached = undefined;
    return clean;
  }
}
