import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { systemClock } from "../app/clock.js";
import { FleetImports } from "../app/fleet-import.js";
import type { FleetNode, NodeState } from "../fleet/node.js";
import { listNodes, type NodeCursor, type NodeFilter } from "./node-repository.js";
import { findSite } from "./site-repository.js";
import type { Database } from "./sql-client.js";

const STATES: NodeState[] = ["healthy", "healthy", "failed", "degraded", "maintenance"];

/** A site whose nodes sit on the given rack paths, `perRack` nodes each, states cycling. */
function site(name: string, paths: string[], perRack: number) {
  return {
    name,
    pue: 1.1,
    electricityUsdPerMwh: "60",
    powerSources: [{ kind: "grid" as const, installedMw: 10, permittedMw: 10 }],
    topologyLevels: ["hall", "rack", "node"],
    nodes: paths.flatMap((path, r) =>
      Array.from({ length: perRack }, (_, i) => ({
        name: `r${r}-n${i}`,
        path,
        gpuModel: "H100",
        gpuCount: 8,
        state: STATES[(r + i) % STATES.length],
      })),
    ),
  };
}

const RACKS = [
  "hall-1/rack-1",
  "hall-1/rack-10",
  "hall-10/rack-1",
  "hall-2/rack-3",
  "hall_1/rack-1",
  "hallx1/rack-1",
];

async function everyPage(db: Database, filter: NodeFilter, limit: number): Promise<FleetNode[][]> {
  const pages: FleetNode[][] = [];
  let after: NodeCursor | undefined;
  do {
    const page = await listNodes(db, filter, limit, after);
    pages.push(page.nodes);
    after = page.next;
  } while (after);
  return pages;
}

const key = (n: FleetNode) => [n.siteId, n.path, n.name].join("\u0001");

describe.each(storeBackends())("node listings on $name", (backend) => {
  let db: Database;
  let siteA: string;
  beforeAll(async () => {
    db = await backend.open();
    await new FleetImports(db, systemClock).import(
      { sites: [site("a", RACKS, 23), site("b", ["hall-1/rack-1", "hall-3/rack-9"], 11)] },
      {
        replace: false,
        actor: "test",
      },
    );
    siteA = (await findSite(db, "a"))?.id ?? "";
  });
  afterAll(async () => db.close());

  it.each([1, 7, 23, 160, 1000])(
    "visits every node exactly once, in order, with pages of %i",
    async (limit) => {
      const pages = await everyPage(db, {}, limit);
      const seen = pages.flat();
      expect(seen).toHaveLength(6 * 23 + 2 * 11);
      expect(new Set(seen.map((n) => n.id)).size).toBe(seen.length);
      const keys = seen.map(key);
      expect(keys).toEqual([...keys].sort());
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
      expect(pages.at(-1)?.length).toBeGreaterThan(0);
    },
  );

  it("pages a filtered listing without gaps or repeats", async () => {
    const filter: NodeFilter = { siteId: siteA, state: "failed" };
    const all = (await listNodes(db, filter, 1000)).nodes;
    const paged = (await everyPage(db, filter, 4)).flat();
    expect(paged.map((n) => n.id)).toEqual(all.map((n) => n.id));
    expect(all.length).toBeGreaterThan(4);
    expect(all.every((n) => n.state === "failed" && n.siteId === siteA)).toBe(true);
  });

  it("ends without a next cursor when the last page is exactly full", async () => {
    const page = await listNodes(db, { siteId: siteA, pathPrefix: "hall-1/rack-1" }, 23);
    expect(page.nodes).toHaveLength(23);
    expect(page.next).toBeUndefined();
  });

  it.each([
    ["hall-1", ["hall-1/rack-1", "hall-1/rack-10"]],
    ["hall-1/", ["hall-1/rack-1", "hall-1/rack-10"]],
    ["hall-1/rack-1", ["hall-1/rack-1"]],
    ["hall-10", ["hall-10/rack-1"]],
    ["hall_1", ["hall_1/rack-1"]],
    ["hall", []],
    ["hall-1/rack", []],
  ])("matches path prefix %j on whole segments only", async (pathPrefix, racks) => {
    const { nodes } = await listNodes(db, { siteId: siteA, pathPrefix }, 1000);
    expect([...new Set(nodes.map((n) => n.path))]).toEqual(racks);
  });

  it("combines site, model, state, name and path filters", async () => {
    const { nodes } = await listNodes(
      db,
      { siteId: siteA, gpuModel: "H100", name: "r1-n0", pathPrefix: "hall-1" },
      10,
    );
    expect(nodes.map((n) => [n.name, n.path, n.state])).toEqual([["r1-n0", "hall-1/rack-10", "healthy"]]);
    expect((await listNodes(db, { siteId: siteA, gpuModel: "GB200" }, 10)).nodes).toEqual([]);
  });
});
