/**
 * The leases a site's engine keeps as holding capacity there, versioned with it: after every kind
 * of lease change made through this server they are the stored ones without a rebuild, and a
 * change made through another server moves the site's version so this one reads them again. On
 * both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { h100SiteDoc } from "../../test/support/h100-site.js";
import type { Principal } from "../access/principal.js";
import { wireServices } from "../server/compose.js";
import { holdingLeases } from "../store/lease-repository.js";
import type { Database } from "../store/sql-client.js";
import { ManualClock } from "./clock.js";
import { holdingLeasesOf } from "./site-engines.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };
const DAY = 86_400_000;

describe.each(storeBackends())("the leases an engine keeps for its site ($name)", (backend) => {
  let db: Database;
  const clock = new ManualClock("2027-01-01T00:00:00.000Z");
  const later = (days: number) => new Date(Date.parse(clock.now()) + days * DAY).toISOString();
  let run = 0;

  /** A server on `db` without spares (another call: another server, with engines of its own). */
  const server = () => wireServices(db, { clock, spares: { nodesPerBlock: 0 } });

  beforeAll(async () => {
    db = await backend.open();
    await server().access.createTenant(operator, "lab");
  }, 60_000);
  afterAll(async () => db?.close());

  /** A fresh site of 24 nodes in two blocks, and its id. */
  async function setUp() {
    const site = `hold-${++run}`;
    await server().imports.import(
      h100SiteDoc(site, { halls: 1, blocksPerHall: 2, racksPerBlock: 3, nodesPerRack: 4 }, 5),
      { replace: false, actor: "test" },
    );
    const [row] = await db.query<{ id: string }>("SELECT id FROM sites WHERE name = $1", [site]);
    if (!row) throw new Error("site missing");
    return { site, siteId: row.id };
  }

  const request = (site: string, name: string, nodes: number, startsAt: string, endsAt = later(60)) => ({
    name: `${site}-${name}`,
    tenant: "lab",
    sites: [site],
    lines: [{ key: "gpu", gpuModel: "H100", gpuCount: nodes * 8, pricePerGpuHour: "2" }],
    startsAt,
    endsAt,
    isolation: "node",
  });

  /**
   * Leases by id, status, version and end, in id order (the store orders by creation time, and
   * leases created at one instant come in any order).
   */
  const shape = (leases: readonly { id: string; status: string; version: number; endsAt: string }[]) =>
    leases
      .map(({ id, status, version, endsAt }) => ({ id, status, version, endsAt }))
      .sort((x, y) => (x.id < y.id ? -1 : 1));

  it("follows reserve, activation, notice, amendment, cancellation and end without a rebuild", async () => {
    const { site, siteId } = await setUp();
    const { engines, leases } = server();
    const engine = await engines.get(db, siteId);
    const start = Date.parse(clock.now());
    const day = (n: number) => new Date(start + n * DAY).toISOString();
    const agrees = async () => {
      expect(await engines.get(db, siteId)).toBe(engine);
      expect(shape(holdingLeasesOf(engine))).toEqual(shape(await holdingLeases(db, siteId)));
    };

    const now = await leases.create(operator, request(site, "now", 4, day(0), day(200)), {
      reserve: true,
    });
    const soon = await leases.create(operator, request(site, "soon", 4, day(5)), { reserve: true });
    const draft = await leases.create(operator, request(site, "draft", 4, day(5)), { reserve: false });
    expect([now.status, soon.status, draft.status]).toEqual(["active", "reserved", "draft"]);
    await agrees();
    expect(holdingLeasesOf(engine).map((l) => l.name)).toEqual([now.name, soon.name]);

    // A draft reserved after a younger lease takes its place by age.
    await leases.reserve(operator, draft.id);
    await agrees();
    expect(holdingLeasesOf(engine).map((l) => l.name)).toEqual([now.name, soon.name, draft.name]);

    await leases.giveNotice(operator, now.id, { endsAt: day(100), reason: "done early" });
    await agrees();
    await leases.amend(operator, soon.id, { kind: "extend", endsAt: day(250) }, "longer");
    await agrees();
    await leases.cancel(operator, draft.id, "not needed");
    await agrees();
    expect(holdingLeasesOf(engine).map((l) => l.name)).toEqual([now.name, soon.name]);

    clock.set(day(6));
    await leases.tick([soon.id]);
    await agrees();
    expect(holdingLeasesOf(engine).find((l) => l.id === soon.id)?.status).toBe("active");

    clock.set(day(101));
    await leases.tick([now.id]);
    await agrees();
    expect(holdingLeasesOf(engine).map((l) => l.name)).toEqual([soon.name]);
  });

  it("a reservation cancelled through another server frees its room for this one", async () => {
    const { site, siteId } = await setUp();
    const here = server();
    const there = server();
    const first = await here.leases.create(operator, request(site, "first", 16, later(10)), {
      reserve: true,
    });
    expect(first.status).toBe("reserved");
    await expect(
      here.leases.create(operator, request(site, "second", 16, later(10)), { reserve: true }),
    ).rejects.toMatchObject({ code: "LEASE_UNPLACEABLE" });
    const cached = await here.engines.get(db, siteId);

    await there.leases.cancel(operator, first.id, "freed");
    const second = await here.leases.create(operator, request(site, "second", 16, later(10)), {
      reserve: true,
    });
    expect(second.status).toBe("reserved");
    const engine = await here.engines.get(db, siteId);
    expect(engine).not.toBe(cached);
    expect(shape(holdingLeasesOf(engine))).toEqual(shape(await holdingLeases(db, siteId)));
  });
});
