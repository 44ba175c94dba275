import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import type { Principal } from "../access/principal.js";
import { DEMO_PLANS } from "../limits/demo-plans.js";
import { appendOutbox } from "../store/lease-repository.js";
import { consumerOffset } from "../store/limit-event-repository.js";
import { migrate } from "../store/migrate.js";
import type { Database } from "../store/sql-client.js";
import { AccessService } from "./access-service.js";
import { ManualClock } from "./clock.js";
import { LIMIT_PLANNER_CONSUMER, LimitEventConsumer } from "./limit-event-consumer.js";
import { LimitPlans } from "./limit-plans.js";
import { LimitSets } from "./limit-sets.js";
import { PublishedLimitSets } from "./published-limit-sets.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };

describe.each(storeBackends())("the limit planner's lease-event consumer on $name", (backend) => {
  let db: Database;
  const clock = new ManualClock("2026-12-01T00:00:00.000Z");
  let tenantId = "";
  /** Two servers on one database: each its own services and in-memory limits. */
  const server = () => {
    const published = new PublishedLimitSets(db);
    const sets = new LimitSets(db, clock, published);
    return { published, sets, consumer: new LimitEventConsumer(db, clock, sets, published) };
  };

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    const access = new AccessService(db, clock);
    tenantId = (await access.createTenant(operator, "frontier-lab")).id;
    const plans = new LimitPlans(db, clock);
    await plans.saveProfile(operator, tenantId, { otherGpus: [{ gpuModel: "H100", gpus: 100_000 }] });
    for (const { name, ...plan } of DEMO_PLANS) await plans.savePlan(operator, tenantId, name, plan);
  });
  afterAll(async () => db.close());

  const event = (topic: string) =>
    appendOutbox(db, { topic, aggregateId: "lse_x", tenantId, payload: {} }, clock.now());

  it("plans once per batch of a tenant's capacity events, whichever server runs it, and never again", async () => {
    const [a, b] = [server(), server()];
    await event("tranche.activated");
    await event("lease.activated");
    await event("lease.created"); // not a capacity change
    const [ran, alsoRan] = await Promise.all([a.consumer.run(), b.consumer.run()]);
    const versions = [...ran.values(), ...alsoRan.values()];
    expect(versions).toEqual([1]);
    expect((await a.consumer.run()).size + (await b.consumer.run()).size).toBe(0);
    const rows = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM limit_sets WHERE tenant_id = $1",
      [tenantId],
    );
    expect(rows[0]?.n).toBe(1);
    expect(await consumerOffset(db, LIMIT_PLANNER_CONSUMER)).toBeGreaterThan(0);
  });

  it("lets the other server's limiter see a published set after its poll", async () => {
    const [a, b] = [server(), server()];
    await a.published.poll();
    await b.published.poll();
    await event("lease.ended");
    await a.consumer.run();
    expect(a.published.versionOf(tenantId)).toBe(2);
    expect(b.published.versionOf(tenantId)).toBe(1);
    expect(await b.published.poll()).toEqual([tenantId]);
    expect(b.published.versionOf(tenantId)).toBe(2);
    expect(b.published.limitsFor(tenantId, "pro", "large")?.limits.length).toBe(6);
  });

  it("keeps a capacity-change set as a draft when the tenant asks for approval", async () => {
    const plans = new LimitPlans(db, clock);
    await plans.saveProfile(operator, tenantId, { requireApproval: true });
    const { consumer, published } = server();
    await published.poll();
    await event("tranche.activated");
    expect((await consumer.run()).get(tenantId)).toBe(3);
    expect(published.versionOf(tenantId)).toBe(2);
  });
});
