/**
 * Recomputes a tenant's limits when its live capacity changes: reads the lease events (a lease or
 * one of its tranches went live, a lease ended) from the outbox, plans once per tenant per batch,
 * and records every event as consumed in the same transaction, so each is acted on exactly once
 * whichever server runs the consumer, and a crash mid-way leaves it for the next run.
 * @module
 */
import { listTenants } from "../store/access-repository.js";
import { lockConsumer, markConsumed, unconsumedCapacityEvents } from "../store/limit-event-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import type { LimitSets } from "./limit-sets.js";
import type { PublishedLimitSets } from "./published-limit-sets.js";

export const LIMIT_PLANNER_CONSUMER = "limit-planner";
const BATCH = 500;
const ACTOR = "system:capacity-change";

export class LimitEventConsumer {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
    private readonly sets: LimitSets,
    private readonly published: PublishedLimitSets,
  ) {}

  /** Consumes every pending capacity event; returns the versions computed, by tenant id. */
  async run(): Promise<Map<string, number>> {
    const computed = new Map<string, number>();
    for (;;) {
      const { consumed, published } = await this.db.transaction(async (tx) => {
        await lockConsumer(tx, LIMIT_PLANNER_CONSUMER);
        const events = await unconsumedCapacityEvents(tx, LIMIT_PLANNER_CONSUMER, BATCH);
        const byTenant = new Map<string, number[]>();
        for (const e of events) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e.id]);
        const live = new Set((await listTenants(tx, { tenantId: null })).map((t) => t.id));
        const publishedNow: string[] = [];
        for (const [tenantId, eventIds] of byTenant) {
          if (!live.has(tenantId)) continue;
          const publish = !(await this.sets.requiresApproval(tx, tenantId));
          const set = await this.sets.planFor(
            tx,
            tenantId,
            { kind: "capacity_change", eventIds },
            ACTOR,
            publish,
          );
          if (!set) continue;
          computed.set(tenantId, set.version);
          if (set.publishedAt) publishedNow.push(tenantId);
        }
        await markConsumed(
          tx,
          LIMIT_PLANNER_CONSUMER,
          events.map((e) => e.id),
          this.clock.now(),
        );
        return { consumed: events.length, published: publishedNow };
      });
      for (const tenantId of published) await this.published.refresh(tenantId);
      if (consumed < BATCH) return computed;
    }
  }
}
