import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NodeState } from "../fleet/node.js";
import { type AllocationState, createAllocationState, shortfallGpus } from "./allocation-state.js";
import { checkInvariants } from "./invariants.js";
import { ISOLATIONS, type Isolation } from "./isolation.js";
import { failNode, recoverNode, refillLease, setNodeState } from "./node-events.js";
import { placeTranche } from "./place-tranche.js";
import { releaseLease } from "./release-lease.js";
import { smallIndex } from "./small-fleet-fixture.js";

const STATES: NodeState[] = ["healthy", "healthy", "healthy", "degraded", "failed", "maintenance"];

/** 1–3 halls of 1–3 blocks of 1–3 racks of 1–4 nodes, each hall H100 or GB200, some nodes unhealthy. */
const fleetArb = fc
  .record({
    layout: fc.array(
      fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), {
        minLength: 1,
        maxLength: 3,
      }),
      { minLength: 1, maxLength: 3 },
    ),
    hallModels: fc.array(fc.constantFrom("H100", "GB200"), { minLength: 3, maxLength: 3 }),
    unhealthy: fc.array(fc.constantFrom(...STATES), { minLength: 40, maxLength: 40 }),
    permitFraction: fc.double({ min: 0.3, max: 1.5, noNaN: true }),
    isolations: fc.array(fc.constantFrom(...ISOLATIONS), { minLength: 4, maxLength: 4 }),
    sparesPerBlock: fc.integer({ min: 0, max: 2 }),
  })
  .map((f) => {
    const names: string[] = [];
    let rack = 0;
    for (const hall of f.layout)
      for (const block of hall)
        for (const size of block) {
          rack++;
          for (let n = 1; n <= size; n++) names.push(`rack-${String(rack).padStart(3, "0")}-n${n}`);
        }
    const states = Object.fromEntries(
      names.map((name, k) => [name, f.unhealthy[k % f.unhealthy.length] ?? "healthy"]),
    );
    // Design draw of every node at the fixture's PUE of 1.2; the permit is a random fraction of it.
    const index = smallIndex({ layout: f.layout, hallModels: f.hallModels });
    let designKw = 0;
    index.nodeModel.forEach((m, i) => {
      designKw += (index.nodeGpus[i] ?? 0) * (index.models[m]?.powerKwPerGpu ?? 0) * 1.2;
    });
    return { ...f, states, permittedMw: (designKw / 1000) * f.permitFraction };
  });

/** Four leases of three tenants (tnt_a holds two), each with its own isolation for the whole run. */
const LEASES = ["lse_0", "lse_1", "lse_2", "lse_3"];
const TENANTS = ["tnt_a", "tnt_b", "tnt_c", "tnt_a"];

const opArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("place" as const),
      lease: fc.integer({ min: 0, max: 3 }),
      model: fc.nat(),
      nodes: fc.integer({ min: 1, max: 5 }),
      spread: fc.boolean(),
      island: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("failLeased" as const),
      lease: fc.integer({ min: 0, max: 3 }),
      node: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("release" as const), lease: fc.integer({ min: 0, max: 3 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom("fail" as const, "recover" as const, "degrade" as const, "maintain" as const),
      node: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("refill" as const), lease: fc.integer({ min: 0, max: 3 }) }),
  },
);

type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** Applies one event; returns the shortfall it reports for a lease, if it reports one. */
function apply(
  state: AllocationState,
  op: Op,
  isolations: Isolation[],
): { leaseId: string; shortfallGpus: number } | undefined {
  const nodeCount = state.index.nodeCount;
  switch (op.kind) {
    case "place": {
      const leaseId = LEASES[op.lease] ?? "lse_0";
      const model = state.index.models[op.model % state.index.models.length];
      const perNode = model?.gpusPerNode ?? 8;
      const result = placeTranche(state, {
        leaseId,
        tenantId: TENANTS[op.lease] ?? "tnt_a",
        gpuModel: model?.name ?? "H100",
        gpuCount: op.nodes * perNode,
        isolation: isolations[op.lease] ?? "node",
        placement: {
          policy: op.spread ? "spread" : "packed",
          ...(op.island > 0 && { minIslandGpus: Math.min(op.nodes, op.island) * perNode }),
        },
      });
      if (result.ok) {
        expect(result.gpus).toBe(op.nodes * perNode);
        expect(new Set(result.nodes).size).toBe(op.nodes);
        expect(
          result.pieces.every((p) => p.gpus >= Math.min(op.nodes, Math.max(1, op.island)) * perNode),
        ).toBe(true);
      }
      return undefined;
    }
    case "release":
      releaseLease(state, LEASES[op.lease] ?? "lse_0");
      return { leaseId: LEASES[op.lease] ?? "lse_0", shortfallGpus: 0 };
    case "refill": {
      const result = refillLease(state, LEASES[op.lease] ?? "lse_0");
      return result.ok ? { leaseId: result.leaseId, shortfallGpus: result.shortfallGpus } : undefined;
    }
    case "failLeased": {
      const nodes = state.leases[state.leaseSlots.get(LEASES[op.lease] ?? "") ?? -1]?.nodes ?? [];
      const node = nodes[op.node % Math.max(1, nodes.length)];
      if (node === undefined) return undefined;
      const result = failNode(state, node);
      return { leaseId: result.leaseId ?? "", shortfallGpus: result.shortfallGpus };
    }
    default: {
      const node = op.node % nodeCount;
      const next = {
        fail: "failed",
        recover: "healthy",
        degrade: "degraded",
        maintain: "maintenance",
      } as const;
      const result =
        op.kind === "fail"
          ? failNode(state, node)
          : op.kind === "recover"
            ? recoverNode(state, node)
            : setNodeState(state, node, next[op.kind]);
      return result.leaseId === undefined
        ? undefined
        : { leaseId: result.leaseId, shortfallGpus: result.shortfallGpus };
    }
  }
}

describe("the allocation engine under random events", () => {
  it("keeps every invariant after every place, release, fail, recover, degrade, maintain and refill", () => {
    fc.assert(
      fc.property(fleetArb, fc.array(opArb, { minLength: 1, maxLength: 60 }), (fleet, ops) => {
        const index = smallIndex({
          layout: fleet.layout,
          hallModels: fleet.hallModels,
          states: fleet.states,
          permittedMw: fleet.permittedMw,
        });
        const state = createAllocationState(index, { spares: { nodesPerBlock: fleet.sparesPerBlock } });
        const reported = new Map<string, number>();
        for (const op of ops) {
          const report = apply(state, op, fleet.isolations);
          if (report) reported.set(report.leaseId, report.shortfallGpus);
          // No node in two leases, isolation, counters, accounting and power: the full audit.
          expect(checkInvariants(state)).toEqual([]);
          const all = state.leases.flatMap((l) => l?.nodes ?? []);
          expect(new Set(all).size).toBe(all.length);
          // A lease holds its requested healthy GPUs, or the last shortfall reported for it is exactly what is missing.
          for (const lease of state.leases) {
            if (!lease) continue;
            expect(lease.nodes.every((i) => state.nodeState[i] === 0)).toBe(true);
            expect(shortfallGpus(state, lease)).toBe(reported.get(lease.leaseId) ?? 0);
          }
          expect(state.committedKw).toBeLessThanOrEqual(index.permittedMw * 1000 + 1e-6);
        }
      }),
      { numRuns: 400 },
    );
  });
});
