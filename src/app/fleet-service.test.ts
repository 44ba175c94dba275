import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { DEFAULT_SPARE_POLICY } from "../allocation/spare-pool.js";
import { type Services, wireServices } from "../server/compose.js";
import type { LeaseholdError } from "../shared/errors.js";
import type { Database } from "../store/sql-client.js";
import { systemClock } from "./clock.js";
import type { FleetService } from "./fleet-service.js";

const SITE = {
  name: "memphis",
  location: "Memphis, Tennessee, US",
  pue: 1.15,
  electricityUsdPerMwh: "67.125",
  powerSources: [
    { kind: "grid" as const, installedMw: 1, permittedMw: 1 },
    { kind: "gas_turbine" as const, installedMw: 2, permittedMw: 1 },
  ],
  topologyLevels: ["hall", "block", "rack", "node"],
  nodes: Array.from({ length: 64 }, (_, i) => ({
    name: `n${String(i).padStart(2, "0")}`,
    path: `hall-1/block-${Math.floor(i / 32)}/rack-${Math.floor(i / 8)}`,
    gpuModel: i < 48 ? "H100" : "GB200",
    gpuCount: i < 48 ? 8 : 4,
  })),
};

async function rowCounts(db: Database) {
  const [row] = await db.query<{ events: number; audit: number }>(
    `SELECT (SELECT count(*)::int FROM node_events) AS events, (SELECT count(*)::int FROM audit_log) AS audit`,
  );
  return row;
}

describe.each(storeBackends())("FleetService on $name", (backend) => {
  let db: Database;
  let fleet: FleetService;
  let services: Services;
  beforeAll(async () => {
    db = await backend.open();
    services = wireServices(db, { clock: systemClock, spares: DEFAULT_SPARE_POLICY });
    fleet = services.fleet;
    await services.imports.import({ sites: [SITE] }, { replace: false, actor: "test" });
  });
  afterAll(async () => db.close());

  it("serves a cached summary until the site changes", async () => {
    const first = await fleet.summary("memphis");
    expect(await fleet.summary(first.site.id)).toBe(first);
    expect(first.summary.gpus).toBe(48 * 8 + 16 * 4);
    expect(first.summary.warnings).toEqual([
      expect.objectContaining({ code: "INSTALLED_OVER_PERMIT", excessMw: 1 }),
    ]);
  });

  it("records a state change as a node event, bumps the site version and refreshes the summary and map", async () => {
    const before = await fleet.summary("memphis");
    const mapBefore = await fleet.topology("memphis");
    const counts = await rowCounts(db);
    const updated = await services.nodeStates.applyOne("memphis", "n03", {
      state: "failed",
      reason: "XID 79",
      actor: "operator:alice",
    });
    expect(updated.state).toBe("failed");

    const { node, events } = await fleet.node("memphis", updated.id);
    expect(node.state).toBe("failed");
    expect(events[0]).toMatchObject({
      fromState: "healthy",
      toState: "failed",
      reason: "XID 79",
      actor: "operator:alice",
    });
    expect(await rowCounts(db)).toEqual({
      events: (counts?.events ?? 0) + 1,
      audit: (counts?.audit ?? 0) + 1,
    });

    const after = await fleet.summary("memphis");
    expect(after.site.version).toBe(before.site.version + 1);
    expect(after.summary.gpusByState.failed).toBe(before.summary.gpusByState.failed + 8);
    expect(after.summary.power.drawnMw).toBeLessThan(before.summary.power.drawnMw);
    const mapAfter = await fleet.topology("memphis");
    expect(mapAfter).not.toBe(mapBefore);
    expect(mapAfter.groups[0]?.racks[0]?.nodesByState.failed).toBe(1);
  });

  it.each([
    ["nowhere", "n01", "SITE_NOT_FOUND"],
    ["memphis", "n99", "NODE_NOT_FOUND"],
  ])("refuses a state change on site %j node %j with %s and writes nothing", async (site, node, code) => {
    const counts = await rowCounts(db);
    const version = (await fleet.site("memphis")).version;
    await expect(
      services.nodeStates.applyOne(site, node, { state: "failed", reason: "x", actor: "test" }),
    ).rejects.toSatisfy((e: LeaseholdError) => e.code === code);
    expect(await rowCounts(db)).toEqual(counts);
    expect((await fleet.site("memphis")).version).toBe(version);
  });

  it("exports a document that imports back to the same summary", async () => {
    const before = await fleet.summary("memphis");
    const doc = await fleet.export(["memphis"]);
    expect(doc.sites[0]?.electricityUsdPerMwh).toBe("67.125");
    await services.imports.import(doc, { replace: true, actor: "test" });
    const after = await fleet.summary("memphis");
    expect(after.site.id).not.toBe(before.site.id);
    expect(after.summary).toEqual(before.summary);
    expect(after.site.electricityPriceMicrosPerMwh).toBe(67_125_000n);
    expect(await fleet.export(["memphis"])).toEqual(doc);
  });

  it("lists sites with their node and GPU totals", async () => {
    const [listing] = await fleet.sites();
    expect(listing).toMatchObject({ name: "memphis", nodes: 64, gpus: 448 });
  });
});
