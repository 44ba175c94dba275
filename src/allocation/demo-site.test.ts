import { describe, expect, it } from "vitest";
import { COLOSSUS_PRESET } from "../fleet/colossus-preset.js";
import { generateFleet } from "../fleet/generate-fleet.js";
import { accountSite } from "./accounting.js";
import { createAllocationState } from "./allocation-state.js";
import { buildFleetIndex, type IndexSiteInput } from "./fleet-index.js";
import { checkInvariants } from "./invariants.js";
import { failNode, recoverNode } from "./node-events.js";
import { placeTranche } from "./place-tranche.js";
import { powerReport } from "./power.js";
import { CATALOGUE } from "./small-fleet-fixture.js";
import type { TrancheRequest } from "./tranche-request.js";

const site = generateFleet(COLOSSUS_PRESET, CATALOGUE).sites[0] as IndexSiteInput;
const index = buildFleetIndex(site, CATALOGUE);
const nodesIn = (model: string, state: string) =>
  site.nodes.filter((n) => n.gpuModel === model && (n.state ?? "healthy") === state).length;
const healthyNodes = (model: string) => nodesIn(model, "healthy");

describe("rent half: a tenant leases 110,000 of the demo site's H100s, packed", () => {
  const state = createAllocationState(index);
  const request: TrancheRequest = {
    leaseId: "lse_half",
    tenantId: "tnt_lab",
    gpuModel: "H100",
    gpuCount: 110_000,
    isolation: "block",
    placement: { policy: "packed" },
  };
  const free = [...Array(index.domains.count).keys()]
    .filter((d) => index.domains.level[d] === index.blockDepth)
    .map((d) => state.free[d * index.models.length] ?? 0)
    .sort((a, b) => b - a);
  const result = placeTranche(state, request);

  it("places 13,750 distinct healthy H100 nodes", () => {
    expect(result).toMatchObject({ ok: true, gpus: 110_000, fitLevel: "site", preemptedHouseNodes: 13_750 });
    const nodes = result.ok ? [...result.nodes] : [];
    expect(new Set(nodes).size).toBe(13_750);
    expect(
      nodes.every((i) => index.models[index.nodeModel[i] ?? 0]?.name === "H100" && state.nodeState[i] === 0),
    ).toBe(true);
  });

  it("fills the fewest blocks that can hold it", () => {
    let fewest = 0;
    for (let sum = 0; sum < 13_750; fewest++) sum += free[fewest] ?? 0;
    expect(result.ok && result.pieces.length).toBe(fewest);
  });

  it("leaves the rest of the site to the house, within the permit", () => {
    const h100 = accountSite(state).find((a) => a.gpuModel === "H100");
    expect(h100?.leased.gpus).toBe(110_000);
    const spares = h100?.spare.nodes ?? 0;
    expect(h100?.house.nodes).toBe(healthyNodes("H100") + nodesIn("H100", "degraded") - spares - 13_750);
    expect(powerReport(state)).toMatchObject({ houseIdleNodes: 0 });
    expect(checkInvariants(state)).toEqual([]);
  });
});

describe("rent all: one tenant leases every healthy GPU with isolation site", () => {
  const state = createAllocationState(index, { spares: { nodesPerBlock: 0 } });
  const results = index.models.map((model) =>
    placeTranche(state, {
      leaseId: "lse_all",
      tenantId: "tnt_lab",
      gpuModel: model.name,
      gpuCount: healthyNodes(model.name) * model.gpusPerNode,
      isolation: "site",
      placement: { policy: "packed" },
    }),
  );

  it("places every line of the lease and preempts the house everywhere", () => {
    const everyHealthyGpu = index.models.map((model) => healthyNodes(model.name) * model.gpusPerNode);
    expect(results.map((r) => r.ok && r.preemptedHouseGpus)).toEqual(everyHealthyGpu);
    expect(Array.from({ length: index.models.length }, (_, m) => state.free[m])).toEqual([0, 0, 0]);
    for (const account of accountSite(state)) {
      expect(account.house.nodes).toBe(nodesIn(account.gpuModel, "degraded"));
    }
    expect(checkInvariants(state)).toEqual([]);
  });

  it("keeps every other tenant off the site, even when a node comes back to the house", () => {
    const lease = state.leases[0];
    const node = lease?.nodes[0] ?? 0;
    failNode(state, node);
    expect(recoverNode(state, node)).toMatchObject({ ownedBy: "house" });
    const other = placeTranche(state, {
      leaseId: "lse_other",
      tenantId: "tnt_other",
      gpuModel: index.models[index.nodeModel[node] ?? 0]?.name ?? "H100",
      gpuCount: index.models[index.nodeModel[node] ?? 0]?.gpusPerNode ?? 8,
      isolation: "node",
      placement: { policy: "packed" },
    });
    expect(other).toMatchObject({ ok: false, reason: "ISOLATION" });
  });
});
