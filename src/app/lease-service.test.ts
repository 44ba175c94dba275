import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import type { Principal } from "../access/principal.js";
import { DEFAULT_SPARE_POLICY } from "../allocation/spare-pool.js";
import { type Services, wireServices } from "../server/compose.js";
import type { Database } from "../store/sql-client.js";
import { ManualClock } from "./clock.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };

describe.each(storeBackends())("leases on the demo site ($name)", (backend) => {
  let db: Database;
  let services: Services;
  let siteId: string;
  const clock = new ManualClock("2026-12-01T00:00:00.000Z");

  beforeAll(async () => {
    db = await backend.open();
    services = wireServices(db, { clock, spares: DEFAULT_SPARE_POLICY });
    await services.demo.loadIfEmpty();
    await services.access.createTenant(operator, "frontier-lab");
    await services.access.createTenant(operator, "other-lab");
    siteId = (await db.query<{ id: string }>("SELECT id FROM sites WHERE name = 'colossus-1'"))[0]?.id ?? "";
  }, 120_000);
  afterAll(async () => db?.close());

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: number }>(sql, params))[0]?.n ?? -1);

  it("rents half: 110,000 H100 packed, placed at once, the house keeps the rest", async () => {
    const lease = await services.leases.create(
      operator,
      {
        name: "rent-half",
        tenant: "frontier-lab",
        sites: ["colossus-1"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 110_000, pricePerGpuHour: "2.10" }],
        startsAt: "2026-12-01T00:00:00Z",
        endsAt: "2027-12-01T00:00:00Z",
        isolation: "block",
        placement: { policy: "packed", minIslandGpus: 2048 },
      },
      { reserve: true },
    );
    expect(lease.status).toBe("active");
    expect(await count("SELECT count(*)::int AS n FROM allocations WHERE lease_id = $1", [lease.id])).toBe(
      13_750,
    );
    expect(
      await count(
        "SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1 AND topic = 'tranche.activated'",
        [lease.id],
      ),
    ).toBe(1);
  });

  it("replaces a failed leased node inside the lease and records it", async () => {
    const [row] = await db.query<{ node_id: string; name: string }>(
      "SELECT a.node_id, n.name FROM allocations a JOIN nodes n ON n.id = a.node_id ORDER BY n.path, n.name LIMIT 1",
    );
    if (!row) throw new Error("no allocation");
    await services.nodeStates.applyOne("colossus-1", row.name, {
      state: "failed",
      reason: "XID 79",
      actor: "test",
    });
    const leaseId = (await services.leases.get(operator, "rent-half")).id;
    expect(await count("SELECT count(*)::int AS n FROM allocations WHERE lease_id = $1", [leaseId])).toBe(
      13_750,
    );
    expect(await count("SELECT count(*)::int AS n FROM allocations WHERE node_id = $1", [row.node_id])).toBe(
      0,
    );
    expect(
      await count("SELECT count(*)::int AS n FROM outbox WHERE topic = 'allocation.node_replaced'"),
    ).toBe(1);
  });

  it("refuses a second tenant that would need more H100 than are left, with the numbers", async () => {
    await expect(
      services.leases.create(
        operator,
        {
          name: "too-big",
          tenant: "other-lab",
          sites: ["colossus-1"],
          lines: [{ key: "h100", gpuModel: "H100", gpuCount: 60_000, pricePerGpuHour: "2.50" }],
          startsAt: "2026-12-01T00:00:00Z",
          endsAt: "2027-06-01T00:00:00Z",
        },
        { reserve: true },
      ),
    ).rejects.toMatchObject({ code: "LEASE_UNPLACEABLE" });
  });

  it("quotes renting all once rent-half has ended, and leaves the fleet as it was", async () => {
    const owners = [...(await services.engines.get(db, siteId)).state.owner];
    const quote = await services.quotes.quote(operator, {
      name: "rent-all",
      tenant: "other-lab",
      sites: ["colossus-1"],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: 140_000, monthlyFee: "1250000000" }],
      startsAt: "2026-12-15T00:00:00Z",
      endsAt: "2027-12-15T00:00:00Z",
      isolation: "site",
    });
    expect(quote.fits).toBe(true);
    expect(quote.best?.startsAt).toBe("2027-12-01T00:00:00.000Z");
    expect(quote.sites[0]?.placement?.[0]?.gpus).toBe(140_000);
    expect([...(await services.engines.get(db, siteId)).state.owner]).toEqual(owners);
  });

  it("ends the lease at its end and gives every node back to the house", async () => {
    clock.set("2027-12-01T00:00:00.000Z");
    await services.leases.tick();
    const lease = await services.leases.get(operator, "rent-half");
    expect(lease.status).toBe("ended");
    expect(await count("SELECT count(*)::int AS n FROM allocations")).toBe(0);
  });
});
