import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { buildFleetIndex, nodeIndexOf } from "./fleet-index.js";
import { SPARE } from "./node-codes.js";
import { placeTranche } from "./place-tranche.js";
import { CATALOGUE, smallIndex, smallSite } from "./small-fleet-fixture.js";
import { domainPath } from "./topology-domains.js";

describe("buildFleetIndex", () => {
  const site = smallSite({ layout: [[[2, 3], [1]], [[4]]] });

  it("makes every topology domain a contiguous node range in path order, even from shuffled input", () => {
    const shuffled = { ...site, nodes: [...site.nodes].reverse() };
    const index = buildFleetIndex(shuffled, CATALOGUE);
    const { domains } = index;
    expect([...domains.levelStart]).toEqual([0, 1, 3, 6, 10]);
    for (let d = 1; d < domains.count; d++) {
      const prefix = `${domainPath(domains, d)}/`;
      for (let i = 0; i < index.nodeCount; i++) {
        const inside = i >= (domains.start[d] ?? 0) && i < (domains.end[d] ?? 0);
        const path = `${site.nodes.find((n) => n.name === index.nodeIds[i])?.path}/`;
        expect(path.startsWith(prefix)).toBe(inside);
      }
    }
    expect(index.nodeIds.slice(0, 3)).toEqual(["rack-001-n1", "rack-001-n2", "rack-002-n1"]);
    expect(nodeIndexOf(index, "rack-004-n1")).toBe(6);
  });

  it("maps isolation and spare levels onto the site's named levels", () => {
    const index = buildFleetIndex(site, CATALOGUE);
    expect(index).toMatchObject({
      levelNames: ["site", "hall", "block", "rack"],
      hallDepth: 1,
      blockDepth: 2,
      rackDepth: 3,
    });
  });

  it("refuses a node whose model the catalogue lacks", () => {
    const bad = {
      ...site,
      nodes: [{ name: "x", path: "hall-1/block-01/rack-001", gpuModel: "TPU", gpuCount: 4 }],
    };
    expect(() => buildFleetIndex(bad, CATALOGUE)).toThrow("unknown GPU model TPU on node x");
  });

  it("keeps a partial node with the house: it is never leased", () => {
    const partial = { ...site, nodes: site.nodes.map((n, i) => (i === 0 ? { ...n, gpuCount: 4 } : n)) };
    const state = createAllocationState(buildFleetIndex(partial, CATALOGUE), {
      spares: { nodesPerBlock: 0 },
    });
    const all = placeTranche(state, {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      gpuModel: "H100",
      gpuCount: 10 * 8,
      isolation: "node",
      placement: { policy: "packed" },
    });
    expect(all).toMatchObject({ ok: false, reason: "INSUFFICIENT_CAPACITY", availableNodes: 9 });
  });
});

describe("the spare pool", () => {
  const spares = (policy: { nodesPerBlock?: number; fractionOfBlock?: number }) => {
    const index = smallIndex({ layout: [[[4, 4, 4, 4, 4, 4, 4, 4]]] });
    const state = createAllocationState(index, { spares: policy });
    return index.nodeIds.filter((_, i) => state.owner[i] === SPARE);
  };

  it("puts a fixed count of spares in evenly spaced racks of each block", () => {
    expect(spares({ nodesPerBlock: 2 })).toEqual(["rack-001-n4", "rack-005-n4"]);
  });

  it("sizes the pool from a fraction of the block when that is larger", () => {
    expect(spares({ nodesPerBlock: 2, fractionOfBlock: 0.25 })).toHaveLength(8);
  });

  it("never leases a spare", () => {
    const index = smallIndex({ layout: [[[4]]] });
    const state = createAllocationState(index, { spares: { nodesPerBlock: 1 } });
    const request = {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      gpuModel: "H100",
      isolation: "node" as const,
      placement: { policy: "packed" as const },
    };
    expect(placeTranche(state, { ...request, gpuCount: 32 })).toMatchObject({
      reason: "INSUFFICIENT_CAPACITY",
    });
    expect(placeTranche(state, { ...request, gpuCount: 24 })).toMatchObject({ ok: true });
  });
});
