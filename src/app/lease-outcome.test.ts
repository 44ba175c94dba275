/**
 * A lease request is one outcome: creating with reserve, reserving a draft and amending a running
 * lease each place the tranches already due in the same transaction as the change itself. A failure
 * while placing them (here: the tranche placement record cannot be written) answers an error and
 * stores nothing of the request, and the engine's cache does not keep the half-made placement. On
 * both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { h100SiteDoc } from "../../test/support/h100-site.js";
import type { Principal } from "../access/principal.js";
import { checkInvariants } from "../allocation/invariants.js";
import { wireServices } from "../server/compose.js";
import type { Database, SqlClient } from "../store/sql-client.js";
import { ManualClock } from "./clock.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };

/** `db`, except that while armed every statement matching `pattern` fails, as a dropped connection would. */
function failingWhileArmed(db: SqlClient, pattern: RegExp) {
  let armed = false;
  const wrap = (client: SqlClient): SqlClient => ({
    dialect: client.dialect,
    async query<T extends object>(text: string, params?: readonly unknown[]): Promise<T[]> {
      if (armed && pattern.test(text)) throw new Error("injected write failure");
      return client.query<T>(text, params);
    },
    exec: (script) => client.exec(script),
    transaction: (work) => client.transaction((tx) => work(wrap(tx))),
  });
  return {
    db: wrap(db),
    arm: () => {
      armed = true;
    },
    disarm: () => {
      armed = false;
    },
  };
}

describe.each(storeBackends())("a lease request is one outcome ($name)", (backend) => {
  let db: Database;
  const start = "2027-01-01T00:00:00.000Z";
  let run = 0;

  beforeAll(async () => {
    db = await backend.open();
    const clock = new ManualClock(start);
    await wireServices(db, { clock, spares: { nodesPerBlock: 1 } }).access.createTenant(operator, "lab");
  }, 60_000);
  afterAll(async () => db?.close());

  /** A fresh site, and the services of a server whose tranche placement records fail while armed. */
  async function setUp() {
    const site = `outcome-${++run}`;
    const clock = new ManualClock(start);
    const flaky = failingWhileArmed(db, /INSERT INTO tranche_placements/);
    const services = wireServices(flaky.db, { clock, spares: { nodesPerBlock: 1 } });
    await services.imports.import(
      h100SiteDoc(site, { halls: 1, blocksPerHall: 2, racksPerBlock: 2, nodesPerRack: 4 }, 5),
      { replace: false, actor: "test" },
    );
    const siteId = (await services.fleet.site(site)).id;
    const request = (name: string, gpus: number) => ({
      name: `${site}-${name}`,
      tenant: "lab",
      sites: [site],
      lines: [{ key: "gpu", gpuModel: "H100", gpuCount: gpus, pricePerGpuHour: "2" }],
      startsAt: clock.now(),
      endsAt: "2027-06-01T00:00:00.000Z",
      isolation: "node",
    });
    return { ...flaky, ...services, clock, site, siteId, request };
  }

  const stored = async (name: string) =>
    db.query<{ status: string; version: number }>("SELECT status, version FROM leases WHERE name = $1", [
      name,
    ]);
  const held = async (siteId: string) =>
    Number(
      (
        await db.query<{ n: number }>("SELECT count(*)::int AS n FROM allocations WHERE site_id = $1", [
          siteId,
        ])
      )[0]?.n,
    );

  it("create with reserve: a failure placing the due tranche stores no lease, and the answer is that error", async () => {
    const { arm, disarm, leases, engines, siteId, request } = await setUp();
    arm();
    await expect(leases.create(operator, request("first", 32), { reserve: true })).rejects.toThrow(
      "injected write failure",
    );
    expect(await stored(request("first", 32).name)).toEqual([]);
    expect(await held(siteId)).toBe(0);
    const outbox = await db.query("SELECT 1 FROM outbox WHERE payload->>'name' = $1", [
      request("first", 32).name,
    ]);
    expect(outbox).toEqual([]);
    // The engine did not keep the placement that was rolled back: the same request now succeeds whole.
    disarm();
    const lease = await leases.create(operator, request("first", 32), { reserve: true });
    expect(lease).toMatchObject({ status: "active", version: 3 });
    expect(await stored(lease.name)).toEqual([{ status: "active", version: 3 }]);
    expect(await held(siteId)).toBe(4);
    expect(checkInvariants((await engines.get(db, siteId)).state)).toEqual([]);
  });

  it("reserve: a failure placing the due tranche leaves the draft a draft", async () => {
    const { arm, disarm, leases, siteId, request } = await setUp();
    const draft = await leases.create(operator, request("draft", 32), { reserve: false });
    arm();
    await expect(leases.reserve(operator, draft.id)).rejects.toThrow("injected write failure");
    disarm();
    expect(await leases.get(operator, draft.id)).toMatchObject({ status: "draft", siteId: null, version: 1 });
    expect(await held(siteId)).toBe(0);
    const reserved = await leases.reserve(operator, draft.id);
    expect(reserved).toMatchObject({ status: "active", version: 3 });
    expect(await leases.get(operator, draft.id)).toEqual(reserved);
    expect(await held(siteId)).toBe(4);
  });

  it("amend: a failure placing the tranche it makes due leaves the lease as it was", async () => {
    const { arm, disarm, leases, engines, clock, siteId, request } = await setUp();
    const lease = await leases.create(operator, request("running", 16), { reserve: true });
    clock.advanceMs(3_600_000);
    const upsize = { kind: "upsize" as const, line: "gpu", gpus: 16, startsAt: clock.now() };
    arm();
    await expect(leases.amend(operator, lease.id, upsize, "more now")).rejects.toThrow(
      "injected write failure",
    );
    disarm();
    expect(await leases.get(operator, lease.id)).toEqual(lease);
    expect(await held(siteId)).toBe(2);
    expect(checkInvariants((await engines.get(db, siteId)).state)).toEqual([]);
    const amended = await leases.amend(operator, lease.id, upsize, "more now");
    expect(amended.lines[0]?.gpuCount).toBe(32);
    expect(await leases.get(operator, lease.id)).toEqual(amended);
    expect(await held(siteId)).toBe(4);
  });
});
