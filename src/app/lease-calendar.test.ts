/**
 * Reserving against the future: a lease that fits the fleet now must still leave room, with every
 * isolation honoured, for the tranches other leases have still to start. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { h100SiteDoc } from "../../test/support/h100-site.js";
import type { Principal } from "../access/principal.js";
import { wireServices } from "../server/compose.js";
import type { Database } from "../store/sql-client.js";
import { ManualClock } from "./clock.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };
const DAY = 86_400_000;

describe.each(storeBackends())("reservations against the calendar ($name)", (backend) => {
  let db: Database;
  const clock = new ManualClock("2027-01-01T00:00:00.000Z");
  const later = (days: number) => new Date(Date.parse(clock.now()) + days * DAY).toISOString();
  let run = 0;

  /** A server on `db` without spares. */
  const server = () => wireServices(db, { clock, spares: { nodesPerBlock: 0 } });

  beforeAll(async () => {
    db = await backend.open();
    const { access } = server();
    await access.createTenant(operator, "early-lab");
    await access.createTenant(operator, "big-lab");
  }, 60_000);
  afterAll(async () => db?.close());

  /** Two blocks of 3 racks × 4 nodes (24 nodes, no spares); `early-lab` holds 4 nodes from day 10, rack isolation. */
  async function setUp() {
    const site = `cal-${++run}`;
    const { imports, leases } = server();
    await imports.import(
      h100SiteDoc(site, { halls: 1, blocksPerHall: 2, racksPerBlock: 3, nodesPerRack: 4 }, 5),
      { replace: false, actor: "test" },
    );
    const early = await leases.create(operator, request(site, "early", "early-lab", 4, later(10), "rack"), {
      reserve: true,
    });
    expect(early.status).toBe("reserved");
    return { site, leases };
  }

  function request(
    site: string,
    name: string,
    tenant: string,
    nodes: number,
    startsAt: string,
    isolation: string,
  ) {
    return {
      name: `${site}-${name}`,
      tenant,
      sites: [site],
      lines: [{ key: "gpu", gpuModel: "H100", gpuCount: nodes * 8, pricePerGpuHour: "2" }],
      startsAt,
      endsAt: later(60),
      isolation,
    };
  }

  it("refuses a lease starting now that would leave no isolated room for a reservation starting later", async () => {
    const { site, leases } = await setUp();
    // 20 + 4 nodes fit the site by count, but 20 nodes with block isolation take both blocks.
    await expect(
      leases.create(operator, request(site, "big", "big-lab", 20, clock.now(), "block"), { reserve: true }),
    ).rejects.toMatchObject({
      code: "LEASE_UNPLACEABLE",
      message: expect.stringContaining(`from ${later(10)}, once ${site}-early has started`),
    });
    expect((await leases.list(operator, {})).map((l) => l.name)).not.toContain(`${site}-big`);
    const quote = await server().quotes.quote(
      operator,
      request(site, "big", "big-lab", 20, clock.now(), "block"),
    );
    expect(quote.sites[0]?.fitsAsAsked).toBe(false);
    // It fits once the reservation that stands in its way has ended.
    expect(quote.sites[0]?.earliestStart).toBe(later(60));
  });

  it("accepts what leaves that room: one block now, beside the reservation in the other", async () => {
    const { site, leases } = await setUp();
    const big = await leases.create(operator, request(site, "big", "big-lab", 12, clock.now(), "block"), {
      reserve: true,
    });
    expect(big.status).toBe("active");
    // Day 10: the reservation starts and is placed whole, beside the block lease.
    clock.advanceMs(10 * DAY);
    await leases.tick();
    const early = (await leases.list(operator, {})).find((l) => l.name === `${site}-early`);
    expect(early?.status).toBe("active");
    const held = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM allocations WHERE lease_id = $1",
      [early?.id],
    );
    expect(held[0]?.n).toBe(4);
    clock.advanceMs(-10 * DAY);
  });
});
